package carts

import (
	"encoding/json"
	"fmt"

	"github.com/eventfn/eventfn/shared/failure"
	"github.com/eventfn/eventfn/shared/wire"
)

// DecodeCommand reads the data of a command of CloudEvent type ceType.
// Anything but exactly the fields of the contract, with their JSON types,
// is a failure.Invalid error, as is an unknown type. A quantity is any JSON
// integer here: its range is a business rule, checked by Decide.
func DecodeCommand(ceType string, data []byte) (Command, error) {
	var (
		cmd Command
		err error
	)
	switch ceType {
	case AddItem:
		cmd, err = decodeLine(data, func(l line) Command { return Add(l) })
	case UpdateItem:
		cmd, err = decodeLine(data, func(l line) Command { return Update(l) })
	case RemoveItem:
		cmd, err = decodeRemove(data)
	case CheckoutCart:
		cmd, err = decodeCheckout(data)
	default:
		return nil, failure.Invalidf("unknown command type %q", ceType)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", ceType, err)
	}
	return cmd, nil
}

// line is the data shared by Add and Update.
type line struct {
	UserID   string `json:"userId"`
	SKU      string `json:"sku"`
	Quantity int    `json:"quantity"`
}

func decodeLine(data []byte, build func(line) Command) (Command, error) {
	f, err := wire.ReadObject(data, "userId", "sku", "quantity")
	if err != nil {
		return nil, err
	}
	var l line
	if l.UserID, err = wire.ID(f, "userId"); err != nil {
		return nil, err
	}
	if l.SKU, err = wire.ID(f, "sku"); err != nil {
		return nil, err
	}
	if l.Quantity, err = wire.Field[int](f, "quantity", "an integer"); err != nil {
		return nil, err
	}
	return build(l), nil
}

func decodeRemove(data []byte) (Command, error) {
	f, err := wire.ReadObject(data, "userId", "sku")
	if err != nil {
		return nil, err
	}
	var c Remove
	if c.UserID, err = wire.ID(f, "userId"); err != nil {
		return nil, err
	}
	c.SKU, err = wire.ID(f, "sku")
	return c, err
}

func decodeCheckout(data []byte) (Command, error) {
	f, err := wire.ReadObject(data, "userId", "orderId")
	if err != nil {
		return nil, err
	}
	var c Checkout
	if c.UserID, err = wire.ID(f, "userId"); err != nil {
		return nil, err
	}
	c.OrderID, err = wire.ID(f, "orderId")
	return c, err
}

// DecodeEvent reads the data of a recorded event of type eventType. Events
// come from the log this package wrote, so decoding is tolerant of fields a
// later version may add; malformed data or an unknown type is
// failure.Invalid.
func DecodeEvent(eventType string, data []byte) (Event, error) {
	switch eventType {
	case ItemAdded:
		return decodeEvent[Added](eventType, data)
	case ItemUpdated:
		return decodeEvent[Updated](eventType, data)
	case ItemRemoved:
		return decodeEvent[Removed](eventType, data)
	case CartCheckedOut:
		return decodeEvent[CheckedOut](eventType, data)
	}
	return nil, failure.Invalidf("unknown event type %q", eventType)
}

func decodeEvent[E Event](eventType string, data []byte) (Event, error) {
	var e E
	if err := json.Unmarshal(data, &e); err != nil {
		return nil, failure.Invalidf("%s: data is not valid: %v", eventType, err)
	}
	if e.AggregateID() == "" {
		return nil, failure.Invalidf("%s: userId is missing", eventType)
	}
	return e, nil
}
