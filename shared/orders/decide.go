package orders

import (
	"slices"

	"github.com/eventfn/eventfn/shared/failure"
)

// State is what Decide needs to know about one order: the fold of its
// events by Evolve. The zero State is an order that was never created.
type State struct {
	OrderID  string
	Customer string
	Items    []Item
	Created  bool
	Deleted  bool
}

// Decide applies the rules of the contract to cmd given the order's current
// state, and returns the events that record the change. A refusal is a
// failure.Rejected error.
func Decide(s State, cmd Command) ([]Event, error) {
	switch c := cmd.(type) {
	case Create:
		return create(s, c)
	case Update:
		return update(s, c)
	case Delete:
		if err := live(s, c.OrderID); err != nil {
			return nil, err
		}
		return []Event{Deleted(c)}, nil
	}
	return nil, failure.Invalidf("unknown command %T", cmd)
}

func create(s State, c Create) ([]Event, error) {
	if s.Created {
		return nil, failure.Rejectedf("order %s already exists", c.OrderID)
	}
	if len(c.Items) == 0 {
		return nil, failure.Rejectedf("order %s must have at least one item", c.OrderID)
	}
	return []Event{Created{OrderID: c.OrderID, Customer: c.Customer, Items: slices.Clone(c.Items)}}, nil
}

func update(s State, c Update) ([]Event, error) {
	if err := live(s, c.OrderID); err != nil {
		return nil, err
	}
	e := Updated{OrderID: c.OrderID, Customer: s.Customer, Items: slices.Clone(s.Items)}
	if c.Customer != nil {
		e.Customer = *c.Customer
	}
	if c.Items != nil {
		if len(c.Items) == 0 {
			return nil, failure.Rejectedf("order %s must have at least one item", c.OrderID)
		}
		e.Items = slices.Clone(c.Items)
	}
	return []Event{e}, nil
}

// live refuses an order that does not exist or was deleted.
func live(s State, id string) error {
	if !s.Created {
		return failure.Rejectedf("order %s does not exist", id)
	}
	if s.Deleted {
		return failure.Rejectedf("order %s is deleted", id)
	}
	return nil
}

// Evolve returns the state after e. It never fails: events are facts.
func Evolve(s State, e Event) State {
	switch e := e.(type) {
	case Created:
		return State{OrderID: e.OrderID, Customer: e.Customer, Items: slices.Clone(e.Items), Created: true}
	case Updated:
		s.Customer, s.Items = e.Customer, slices.Clone(e.Items)
	case Deleted:
		s.Deleted = true
	}
	return s
}
