package orders

// Create places a new order of at least one item.
type Create struct {
	OrderID  string `json:"orderId"`
	Customer string `json:"customer"`
	Items    []Item `json:"items"`
}

// Update changes an order's customer, its items, or both. A nil field is
// left as it is; non-nil Items replace the order's items wholesale.
type Update struct {
	OrderID  string  `json:"orderId"`
	Customer *string `json:"customer,omitempty"`
	// omitzero, not omitempty: an empty list given is kept, so that Decide
	// can refuse it rather than it silently meaning "unchanged".
	Items []Item `json:"items,omitzero"`
}

// Delete removes an order.
type Delete struct {
	OrderID string `json:"orderId"`
}

// AggregateID implements Command.
func (c Create) AggregateID() string { return c.OrderID }

// AggregateID implements Command.
func (c Update) AggregateID() string { return c.OrderID }

// AggregateID implements Command.
func (c Delete) AggregateID() string { return c.OrderID }

// CommandType implements Command.
func (Create) CommandType() string { return CreateOrder }

// CommandType implements Command.
func (Update) CommandType() string { return UpdateOrder }

// CommandType implements Command.
func (Delete) CommandType() string { return DeleteOrder }
