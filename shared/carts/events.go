package carts

// Added records a quantity added to a line, and the line's quantity after
// it, so that a projector can set the line without knowing the cart.
type Added struct {
	UserID       string `json:"userId"`
	SKU          string `json:"sku"`
	Quantity     int    `json:"quantity"`
	LineQuantity int    `json:"lineQuantity"`
}

// Updated records a line's new quantity.
type Updated struct {
	UserID   string `json:"userId"`
	SKU      string `json:"sku"`
	Quantity int    `json:"quantity"`
}

// Removed records that a line left the cart.
type Removed struct {
	UserID string `json:"userId"`
	SKU    string `json:"sku"`
}

// CheckedOut records that the cart became order OrderID with Items
// (sorted by sku), and is now empty.
type CheckedOut struct {
	UserID  string `json:"userId"`
	OrderID string `json:"orderId"`
	Items   []Item `json:"items"`
}

// EventType implements Event.
func (Added) EventType() string { return ItemAdded }

// EventType implements Event.
func (Updated) EventType() string { return ItemUpdated }

// EventType implements Event.
func (Removed) EventType() string { return ItemRemoved }

// EventType implements Event.
func (CheckedOut) EventType() string { return CartCheckedOut }

// AggregateID implements Event.
func (e Added) AggregateID() string { return e.UserID }

// AggregateID implements Event.
func (e Updated) AggregateID() string { return e.UserID }

// AggregateID implements Event.
func (e Removed) AggregateID() string { return e.UserID }

// AggregateID implements Event.
func (e CheckedOut) AggregateID() string { return e.UserID }
