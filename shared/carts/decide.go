package carts

import (
	"maps"
	"slices"

	"github.com/eventfn/eventfn/shared/failure"
)

// State is what Decide needs to know about one user's cart: the fold of its
// events by Evolve. The zero State is an empty cart; every user has one.
type State struct {
	// Lines maps a sku to its quantity. Evolve never changes a map it was
	// given, so states can be kept and compared.
	Lines map[string]int
}

// Items lists the cart's lines sorted by sku, so that events and replies
// built from a cart do not depend on map order.
func (s State) Items() []Item {
	items := make([]Item, 0, len(s.Lines))
	for _, sku := range slices.Sorted(maps.Keys(s.Lines)) {
		items = append(items, Item{SKU: sku, Quantity: s.Lines[sku]})
	}
	return items
}

// Decide applies the rules of the contract to cmd given the cart's current
// state, and returns the events that record the change. A refusal is a
// failure.Rejected error.
func Decide(s State, cmd Command) ([]Event, error) {
	switch c := cmd.(type) {
	case Add:
		return add(s, c)
	case Update:
		return update(s, c)
	case Remove:
		if err := hasLine(s, c.UserID, c.SKU); err != nil {
			return nil, err
		}
		return []Event{Removed(c)}, nil
	case Checkout:
		return checkout(s, c)
	}
	return nil, failure.Invalidf("unknown command %T", cmd)
}

func add(s State, c Add) ([]Event, error) {
	if err := checkQuantity(c.Quantity); err != nil {
		return nil, err
	}
	total := s.Lines[c.SKU] + c.Quantity
	if total > MaxQuantity {
		return nil, failure.Rejectedf("sku %s would reach quantity %d, more than %d", c.SKU, total, MaxQuantity)
	}
	return []Event{Added{UserID: c.UserID, SKU: c.SKU, Quantity: c.Quantity, LineQuantity: total}}, nil
}

func update(s State, c Update) ([]Event, error) {
	if err := hasLine(s, c.UserID, c.SKU); err != nil {
		return nil, err
	}
	if err := checkQuantity(c.Quantity); err != nil {
		return nil, err
	}
	return []Event{Updated(c)}, nil
}

func checkout(s State, c Checkout) ([]Event, error) {
	if len(s.Lines) == 0 {
		return nil, failure.Rejectedf("cart of user %s is empty", c.UserID)
	}
	return []Event{CheckedOut{UserID: c.UserID, OrderID: c.OrderID, Items: s.Items()}}, nil
}

func checkQuantity(q int) error {
	if q < 1 || q > MaxQuantity {
		return failure.Rejectedf("quantity must be from 1 to %d, not %d", MaxQuantity, q)
	}
	return nil
}

func hasLine(s State, user, sku string) error {
	if _, ok := s.Lines[sku]; !ok {
		return failure.Rejectedf("cart of user %s has no sku %s", user, sku)
	}
	return nil
}

// Evolve returns the state after e. It never fails: events are facts.
func Evolve(s State, e Event) State {
	switch e := e.(type) {
	case Added:
		return s.with(e.SKU, e.LineQuantity)
	case Updated:
		return s.with(e.SKU, e.Quantity)
	case Removed:
		lines := maps.Clone(s.Lines)
		delete(lines, e.SKU)
		return State{Lines: lines}
	case CheckedOut:
		return State{}
	}
	return s
}

// with returns a copy of s whose line sku has quantity q.
func (s State) with(sku string, q int) State {
	lines := maps.Clone(s.Lines)
	if lines == nil {
		lines = make(map[string]int, 1)
	}
	lines[sku] = q
	return State{Lines: lines}
}
