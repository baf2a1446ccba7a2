package orders

import (
	"encoding/json"
	"fmt"

	"github.com/eventfn/eventfn/shared/failure"
	"github.com/eventfn/eventfn/shared/wire"
)

// DecodeCommand reads the data of a command of CloudEvent type ceType.
// Anything but exactly the fields of the contract, with their JSON types,
// is a failure.Invalid error, as is an unknown type. Items must name each
// sku once, with a quantity from 1 to MaxQuantity; an empty item list is
// left for Decide to refuse, since "at least one item" is a business rule.
func DecodeCommand(ceType string, data []byte) (Command, error) {
	var (
		cmd Command
		err error
	)
	switch ceType {
	case CreateOrder:
		cmd, err = decodeCreate(data)
	case UpdateOrder:
		cmd, err = decodeUpdate(data)
	case DeleteOrder:
		cmd, err = decodeDelete(data)
	default:
		return nil, failure.Invalidf("unknown command type %q", ceType)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", ceType, err)
	}
	return cmd, nil
}

func decodeCreate(data []byte) (Command, error) {
	f, err := wire.ReadObject(data, "orderId", "customer", "items")
	if err != nil {
		return nil, err
	}
	var c Create
	if c.OrderID, err = wire.ID(f, "orderId"); err != nil {
		return nil, err
	}
	if c.Customer, err = wire.ID(f, "customer"); err != nil {
		return nil, err
	}
	if _, ok := f["items"]; !ok {
		return nil, failure.Invalidf("items is required")
	}
	c.Items, err = itemsField(f)
	return c, err
}

func decodeUpdate(data []byte) (Command, error) {
	f, err := wire.ReadObject(data, "orderId", "customer", "items")
	if err != nil {
		return nil, err
	}
	var c Update
	if c.OrderID, err = wire.ID(f, "orderId"); err != nil {
		return nil, err
	}
	if f["customer"] == nil && f["items"] == nil {
		return nil, failure.Invalidf("an update needs customer, items or both")
	}
	if f["customer"] != nil {
		customer, err := wire.ID(f, "customer")
		if err != nil {
			return nil, err
		}
		c.Customer = &customer
	}
	if f["items"] != nil {
		c.Items, err = itemsField(f)
	}
	return c, err
}

func decodeDelete(data []byte) (Command, error) {
	f, err := wire.ReadObject(data, "orderId")
	if err != nil {
		return nil, err
	}
	var c Delete
	c.OrderID, err = wire.ID(f, "orderId")
	return c, err
}

// itemsField decodes the items array, which is present. It returns a
// non-nil slice even when the array is empty.
func itemsField(f wire.Object) ([]Item, error) {
	raws, err := wire.Field[[]json.RawMessage](f, "items", "an array")
	if err != nil {
		return nil, err
	}
	items := make([]Item, 0, len(raws))
	seen := make(map[string]bool, len(raws))
	for i, raw := range raws {
		it, err := decodeItem(raw)
		if err != nil {
			return nil, failure.Invalidf("items[%d]: %s", i, failure.Message(err))
		}
		if seen[it.SKU] {
			return nil, failure.Invalidf("items[%d]: sku %q is listed twice", i, it.SKU)
		}
		seen[it.SKU] = true
		items = append(items, it)
	}
	return items, nil
}

func decodeItem(raw json.RawMessage) (Item, error) {
	f, err := wire.ReadObject(raw, "sku", "quantity")
	if err != nil {
		return Item{}, err
	}
	var it Item
	if it.SKU, err = wire.ID(f, "sku"); err != nil {
		return Item{}, err
	}
	if it.Quantity, err = wire.Field[int](f, "quantity", "an integer"); err != nil {
		return Item{}, err
	}
	if it.Quantity < 1 || it.Quantity > MaxQuantity {
		return Item{}, failure.Invalidf("quantity must be from 1 to %d", MaxQuantity)
	}
	return it, nil
}

// DecodeEvent reads the data of a recorded event of type eventType. Events
// come from the log this package wrote, so decoding is tolerant of fields a
// later version may add; malformed data or an unknown type is
// failure.Invalid.
func DecodeEvent(eventType string, data []byte) (Event, error) {
	switch eventType {
	case OrderCreated:
		return decodeEvent[Created](eventType, data)
	case OrderUpdated:
		return decodeEvent[Updated](eventType, data)
	case OrderDeleted:
		return decodeEvent[Deleted](eventType, data)
	}
	return nil, failure.Invalidf("unknown event type %q", eventType)
}

func decodeEvent[E Event](eventType string, data []byte) (Event, error) {
	var e E
	if err := json.Unmarshal(data, &e); err != nil {
		return nil, failure.Invalidf("%s: data is not valid: %v", eventType, err)
	}
	if e.AggregateID() == "" {
		return nil, failure.Invalidf("%s: orderId is missing", eventType)
	}
	return e, nil
}
