package orders

// Created records a new order with everything a read model shows.
type Created struct {
	OrderID  string `json:"orderId"`
	Customer string `json:"customer"`
	Items    []Item `json:"items"`
}

// Updated records an order's full customer and items after an update,
// whichever of them changed, so a projector can overwrite its row without
// knowing the order's past.
type Updated struct {
	OrderID  string `json:"orderId"`
	Customer string `json:"customer"`
	Items    []Item `json:"items"`
}

// Deleted records that an order was removed.
type Deleted struct {
	OrderID string `json:"orderId"`
}

// EventType implements Event.
func (Created) EventType() string { return OrderCreated }

// EventType implements Event.
func (Updated) EventType() string { return OrderUpdated }

// EventType implements Event.
func (Deleted) EventType() string { return OrderDeleted }

// AggregateID implements Event.
func (e Created) AggregateID() string { return e.OrderID }

// AggregateID implements Event.
func (e Updated) AggregateID() string { return e.OrderID }

// AggregateID implements Event.
func (e Deleted) AggregateID() string { return e.OrderID }
