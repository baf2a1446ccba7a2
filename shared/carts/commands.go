package carts

// Add puts a quantity of a sku in the cart, on top of any already there.
type Add struct {
	UserID   string `json:"userId"`
	SKU      string `json:"sku"`
	Quantity int    `json:"quantity"`
}

// Update sets the quantity of a line already in the cart.
type Update struct {
	UserID   string `json:"userId"`
	SKU      string `json:"sku"`
	Quantity int    `json:"quantity"`
}

// Remove takes a line out of the cart.
type Remove struct {
	UserID string `json:"userId"`
	SKU    string `json:"sku"`
}

// Checkout turns the cart into the order OrderID and empties it.
type Checkout struct {
	UserID  string `json:"userId"`
	OrderID string `json:"orderId"`
}

// AggregateID implements Command.
func (c Add) AggregateID() string { return c.UserID }

// AggregateID implements Command.
func (c Update) AggregateID() string { return c.UserID }

// AggregateID implements Command.
func (c Remove) AggregateID() string { return c.UserID }

// AggregateID implements Command.
func (c Checkout) AggregateID() string { return c.UserID }

// CommandType implements Command.
func (Add) CommandType() string { return AddItem }

// CommandType implements Command.
func (Update) CommandType() string { return UpdateItem }

// CommandType implements Command.
func (Remove) CommandType() string { return RemoveItem }

// CommandType implements Command.
func (Checkout) CommandType() string { return CheckoutCart }
