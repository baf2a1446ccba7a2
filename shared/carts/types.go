package carts

// CloudEvent types of the commands this context accepts.
const (
	AddItem      = "carts.item.add"
	UpdateItem   = "carts.item.update"
	RemoveItem   = "carts.item.remove"
	CheckoutCart = "carts.cart.checkout"
)

// CloudEvent types of the events this context records.
const (
	ItemAdded      = "carts.item.added"
	ItemUpdated    = "carts.item.updated"
	ItemRemoved    = "carts.item.removed"
	CartCheckedOut = "carts.cart.checked-out"
)

// CloudEvent types of the query and its reply.
const (
	GetCart   = "carts.cart.get"
	CartReply = "carts.cart"
)

// MaxQuantity bounds the quantity of one line, far above any real cart,
// so that adding to a line can never overflow; it matches the orders
// context's bound, so a checked-out cart always makes a valid order.
const MaxQuantity = 1_000_000

// Command is a request to change one user's cart.
type Command interface {
	// AggregateID is the id of the user whose cart the command is about.
	AggregateID() string
	// CommandType is the command's CloudEvent type.
	CommandType() string
}

// Event is something that happened to one user's cart.
type Event interface {
	// EventType is the event's CloudEvent type.
	EventType() string
	// AggregateID is the id of the user whose cart the event is about.
	AggregateID() string
}

// Item is one line of a cart: a quantity of one sku.
type Item struct {
	SKU      string `json:"sku"`
	Quantity int    `json:"quantity"`
}

// CommandTypes lists every command type, in the order of the contract.
func CommandTypes() []string { return []string{AddItem, UpdateItem, RemoveItem, CheckoutCart} }

// EventTypes lists every event type, in the order of the contract.
func EventTypes() []string { return []string{ItemAdded, ItemUpdated, ItemRemoved, CartCheckedOut} }

// StreamID is the name of the event stream of the cart of user userID.
func StreamID(userID string) string { return "cart-" + userID }
