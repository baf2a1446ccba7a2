package orders

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/eventfn/eventfn/shared/failure"
	gwt "github.com/eventfn/eventfn/shared/scenario"
)

// scenario is one Given/When/Then case of this context's decider.
type scenario = gwt.Case[State, Command, Event]

func run(t *testing.T, cases []scenario) {
	t.Helper()
	gwt.Run(t, Decide, Evolve, cases)
}

func items(pairs ...any) []Item {
	out := []Item{}
	for i := 0; i < len(pairs); i += 2 {
		out = append(out, Item{SKU: pairs[i].(string), Quantity: pairs[i+1].(int)})
	}
	return out
}

func ptr(s string) *string { return &s }

func placed() Created {
	return Created{OrderID: "o1", Customer: "ann", Items: items("apple", 2, "pear", 1)}
}

func TestCreatingAnOrder(t *testing.T) {
	run(t, []scenario{
		{Name: "an unused id with items is created",
			When: Create{OrderID: "o1", Customer: "ann", Items: items("apple", 2, "pear", 1)},
			Then: []Event{placed()}},
		{Name: "a used id is rejected",
			Given: []Event{placed()},
			When:  Create{OrderID: "o1", Customer: "bob", Items: items("fig", 1)},
			Kind:  failure.ErrRejected, Message: "order o1 already exists"},
		{Name: "the id of a deleted order stays used",
			Given: []Event{placed(), Deleted{OrderID: "o1"}},
			When:  Create{OrderID: "o1", Customer: "bob", Items: items("fig", 1)},
			Kind:  failure.ErrRejected, Message: "order o1 already exists"},
		{Name: "an order without items is rejected",
			When: Create{OrderID: "o1", Customer: "ann", Items: []Item{}},
			Kind: failure.ErrRejected, Message: "order o1 must have at least one item"},
	})
}

func TestUpdatingAnOrder(t *testing.T) {
	run(t, []scenario{
		{Name: "a new customer keeps the items",
			Given: []Event{placed()},
			When:  Update{OrderID: "o1", Customer: ptr("bob")},
			Then:  []Event{Updated{OrderID: "o1", Customer: "bob", Items: items("apple", 2, "pear", 1)}}},
		{Name: "new items replace the old and keep the customer",
			Given: []Event{placed()},
			When:  Update{OrderID: "o1", Items: items("fig", 3)},
			Then:  []Event{Updated{OrderID: "o1", Customer: "ann", Items: items("fig", 3)}}},
		{Name: "both change together",
			Given: []Event{placed(), Updated{OrderID: "o1", Customer: "bob", Items: items("fig", 3)}},
			When:  Update{OrderID: "o1", Customer: ptr("cy"), Items: items("kiwi", 4)},
			Then:  []Event{Updated{OrderID: "o1", Customer: "cy", Items: items("kiwi", 4)}}},
		{Name: "an unknown order is rejected",
			When: Update{OrderID: "o1", Customer: ptr("bob")},
			Kind: failure.ErrRejected, Message: "order o1 does not exist"},
		{Name: "a deleted order is rejected",
			Given: []Event{placed(), Deleted{OrderID: "o1"}},
			When:  Update{OrderID: "o1", Customer: ptr("bob")},
			Kind:  failure.ErrRejected, Message: "order o1 is deleted"},
		{Name: "emptying the items is rejected",
			Given: []Event{placed()},
			When:  Update{OrderID: "o1", Items: []Item{}},
			Kind:  failure.ErrRejected, Message: "order o1 must have at least one item"},
	})
}

func TestDeletingAnOrder(t *testing.T) {
	run(t, []scenario{
		{Name: "a live order is deleted",
			Given: []Event{placed()}, When: Delete{OrderID: "o1"}, Then: []Event{Deleted{OrderID: "o1"}}},
		{Name: "an unknown order is rejected",
			When: Delete{OrderID: "o1"},
			Kind: failure.ErrRejected, Message: "order o1 does not exist"},
		{Name: "a deleted order is rejected",
			Given: []Event{placed(), Deleted{OrderID: "o1"}}, When: Delete{OrderID: "o1"},
			Kind: failure.ErrRejected, Message: "order o1 is deleted"},
	})
}

func TestDecidingNoCommandIsInvalid(t *testing.T) {
	if _, err := Decide(State{}, nil); !errors.Is(err, failure.ErrInvalid) {
		t.Fatalf("Decide(nil) error = %v, want invalid", err)
	}
}

func TestEvolveDoesNotShareItemsWithEvents(t *testing.T) {
	e := placed()
	s := Evolve(State{}, e)
	e.Items[0].Quantity = 99
	want := State{OrderID: "o1", Customer: "ann", Items: items("apple", 2, "pear", 1), Created: true}
	if diff := cmp.Diff(want, s); diff != "" {
		t.Errorf("state (-want +got):\n%s", diff)
	}
}

func TestStreamIDNamesTheOrder(t *testing.T) {
	if got := StreamID("o1"); got != "order-o1" {
		t.Errorf("StreamID(o1) = %q", got)
	}
}
