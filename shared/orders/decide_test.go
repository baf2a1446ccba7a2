package orders

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/eventfn/eventfn/shared/failure"
)

// scenario is one Given/When/Then case: the order's past events, a command,
// and either the events it yields or the kind and message of the refusal.
type scenario struct {
	name    string
	given   []Event
	when    Command
	then    []Event
	kind    error
	message string
}

func run(t *testing.T, cases []scenario) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			state := State{}
			for _, e := range tc.given {
				state = Evolve(state, e)
			}
			got, err := Decide(state, tc.when)
			if tc.kind != nil {
				if !errors.Is(err, tc.kind) || failure.Message(err) != tc.message {
					t.Fatalf("Decide error = %v, want %v %q", err, tc.kind, tc.message)
				}
				return
			}
			if err != nil {
				t.Fatalf("Decide: %v", err)
			}
			if diff := cmp.Diff(tc.then, got); diff != "" {
				t.Errorf("events (-want +got):\n%s", diff)
			}
		})
	}
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
		{name: "an unused id with items is created",
			when: Create{OrderID: "o1", Customer: "ann", Items: items("apple", 2, "pear", 1)},
			then: []Event{placed()}},
		{name: "a used id is rejected",
			given: []Event{placed()},
			when:  Create{OrderID: "o1", Customer: "bob", Items: items("fig", 1)},
			kind:  failure.ErrRejected, message: "order o1 already exists"},
		{name: "the id of a deleted order stays used",
			given: []Event{placed(), Deleted{OrderID: "o1"}},
			when:  Create{OrderID: "o1", Customer: "bob", Items: items("fig", 1)},
			kind:  failure.ErrRejected, message: "order o1 already exists"},
		{name: "an order without items is rejected",
			when: Create{OrderID: "o1", Customer: "ann", Items: []Item{}},
			kind: failure.ErrRejected, message: "order o1 must have at least one item"},
	})
}

func TestUpdatingAnOrder(t *testing.T) {
	run(t, []scenario{
		{name: "a new customer keeps the items",
			given: []Event{placed()},
			when:  Update{OrderID: "o1", Customer: ptr("bob")},
			then:  []Event{Updated{OrderID: "o1", Customer: "bob", Items: items("apple", 2, "pear", 1)}}},
		{name: "new items replace the old and keep the customer",
			given: []Event{placed()},
			when:  Update{OrderID: "o1", Items: items("fig", 3)},
			then:  []Event{Updated{OrderID: "o1", Customer: "ann", Items: items("fig", 3)}}},
		{name: "both change together",
			given: []Event{placed(), Updated{OrderID: "o1", Customer: "bob", Items: items("fig", 3)}},
			when:  Update{OrderID: "o1", Customer: ptr("cy"), Items: items("kiwi", 4)},
			then:  []Event{Updated{OrderID: "o1", Customer: "cy", Items: items("kiwi", 4)}}},
		{name: "an unknown order is rejected",
			when: Update{OrderID: "o1", Customer: ptr("bob")},
			kind: failure.ErrRejected, message: "order o1 does not exist"},
		{name: "a deleted order is rejected",
			given: []Event{placed(), Deleted{OrderID: "o1"}},
			when:  Update{OrderID: "o1", Customer: ptr("bob")},
			kind:  failure.ErrRejected, message: "order o1 is deleted"},
		{name: "emptying the items is rejected",
			given: []Event{placed()},
			when:  Update{OrderID: "o1", Items: []Item{}},
			kind:  failure.ErrRejected, message: "order o1 must have at least one item"},
	})
}

func TestDeletingAnOrder(t *testing.T) {
	run(t, []scenario{
		{name: "a live order is deleted",
			given: []Event{placed()}, when: Delete{OrderID: "o1"}, then: []Event{Deleted{OrderID: "o1"}}},
		{name: "an unknown order is rejected",
			when: Delete{OrderID: "o1"},
			kind: failure.ErrRejected, message: "order o1 does not exist"},
		{name: "a deleted order is rejected",
			given: []Event{placed(), Deleted{OrderID: "o1"}}, when: Delete{OrderID: "o1"},
			kind: failure.ErrRejected, message: "order o1 is deleted"},
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
