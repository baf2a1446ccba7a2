package orders

// CloudEvent types of the commands this context accepts.
const (
	CreateOrder = "orders.order.create"
	UpdateOrder = "orders.order.update"
	DeleteOrder = "orders.order.delete"
)

// CloudEvent types of the events this context records.
const (
	OrderCreated = "orders.order.created"
	OrderUpdated = "orders.order.updated"
	OrderDeleted = "orders.order.deleted"
)

// CloudEvent types of the queries and their replies.
const (
	GetOrder   = "orders.order.get"
	ListOrders = "orders.order.list"
	OrderReply = "orders.order"
	PageReply  = "orders.order.page"
)

// MaxQuantity bounds the quantity of one item, far above any real order,
// so that sums of quantities can never overflow.
const MaxQuantity = 1_000_000

// Command is a request to change one order.
type Command interface {
	// AggregateID is the id of the order the command is about.
	AggregateID() string
	// CommandType is the command's CloudEvent type.
	CommandType() string
}

// Event is something that happened to one order.
type Event interface {
	// EventType is the event's CloudEvent type.
	EventType() string
	// AggregateID is the id of the order the event is about.
	AggregateID() string
}

// Item is one line of an order: a quantity of one sku.
type Item struct {
	SKU      string `json:"sku"`
	Quantity int    `json:"quantity"`
}

// CommandTypes lists every command type, in the order of the contract.
func CommandTypes() []string { return []string{CreateOrder, UpdateOrder, DeleteOrder} }

// EventTypes lists every event type, in the order of the contract.
func EventTypes() []string { return []string{OrderCreated, OrderUpdated, OrderDeleted} }

// StreamID is the name of the event stream of order id.
func StreamID(id string) string { return "order-" + id }
