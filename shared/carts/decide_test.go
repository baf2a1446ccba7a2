package carts

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/eventfn/eventfn/shared/failure"
)

// scenario is one Given/When/Then case: the cart's past events, a command,
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

func added(sku string, q, line int) Added {
	return Added{UserID: "u1", SKU: sku, Quantity: q, LineQuantity: line}
}

func TestAddingAnItem(t *testing.T) {
	run(t, []scenario{
		{name: "a new sku starts a line",
			when: Add{UserID: "u1", SKU: "apple", Quantity: 2},
			then: []Event{added("apple", 2, 2)}},
		{name: "an existing sku adds to its line",
			given: []Event{added("apple", 2, 2)},
			when:  Add{UserID: "u1", SKU: "apple", Quantity: 3},
			then:  []Event{added("apple", 3, 5)}},
		{name: "adding after an update counts from the updated quantity",
			given: []Event{added("apple", 2, 2), Updated{UserID: "u1", SKU: "apple", Quantity: 7}},
			when:  Add{UserID: "u1", SKU: "apple", Quantity: 1},
			then:  []Event{added("apple", 1, 8)}},
		{name: "a zero quantity is rejected",
			when: Add{UserID: "u1", SKU: "apple", Quantity: 0},
			kind: failure.ErrRejected, message: "quantity must be from 1 to 1000000, not 0"},
		{name: "a negative quantity is rejected",
			when: Add{UserID: "u1", SKU: "apple", Quantity: -4},
			kind: failure.ErrRejected, message: "quantity must be from 1 to 1000000, not -4"},
		{name: "a line beyond the maximum is rejected",
			given: []Event{added("apple", MaxQuantity, MaxQuantity)},
			when:  Add{UserID: "u1", SKU: "apple", Quantity: 1},
			kind:  failure.ErrRejected, message: "sku apple would reach quantity 1000001, more than 1000000"},
	})
}

func TestUpdatingAnItem(t *testing.T) {
	run(t, []scenario{
		{name: "an existing line takes the new quantity",
			given: []Event{added("apple", 2, 2)},
			when:  Update{UserID: "u1", SKU: "apple", Quantity: 9},
			then:  []Event{Updated{UserID: "u1", SKU: "apple", Quantity: 9}}},
		{name: "a missing line is rejected",
			given: []Event{added("apple", 2, 2)},
			when:  Update{UserID: "u1", SKU: "pear", Quantity: 1},
			kind:  failure.ErrRejected, message: "cart of user u1 has no sku pear"},
		{name: "a removed line is rejected",
			given: []Event{added("apple", 2, 2), Removed{UserID: "u1", SKU: "apple"}},
			when:  Update{UserID: "u1", SKU: "apple", Quantity: 1},
			kind:  failure.ErrRejected, message: "cart of user u1 has no sku apple"},
		{name: "a zero quantity is rejected",
			given: []Event{added("apple", 2, 2)},
			when:  Update{UserID: "u1", SKU: "apple", Quantity: 0},
			kind:  failure.ErrRejected, message: "quantity must be from 1 to 1000000, not 0"},
		{name: "a quantity beyond the maximum is rejected",
			given: []Event{added("apple", 2, 2)},
			when:  Update{UserID: "u1", SKU: "apple", Quantity: MaxQuantity + 1},
			kind:  failure.ErrRejected, message: "quantity must be from 1 to 1000000, not 1000001"},
	})
}

func TestRemovingAnItem(t *testing.T) {
	run(t, []scenario{
		{name: "an existing line is removed",
			given: []Event{added("apple", 2, 2)},
			when:  Remove{UserID: "u1", SKU: "apple"},
			then:  []Event{Removed{UserID: "u1", SKU: "apple"}}},
		{name: "a missing line is rejected",
			when: Remove{UserID: "u1", SKU: "apple"},
			kind: failure.ErrRejected, message: "cart of user u1 has no sku apple"},
		{name: "a checked-out line is gone",
			given: []Event{added("apple", 2, 2), CheckedOut{UserID: "u1", OrderID: "o1", Items: []Item{{"apple", 2}}}},
			when:  Remove{UserID: "u1", SKU: "apple"},
			kind:  failure.ErrRejected, message: "cart of user u1 has no sku apple"},
	})
}

func TestCheckingOutACart(t *testing.T) {
	run(t, []scenario{
		{name: "the lines become the order's items sorted by sku",
			given: []Event{added("pear", 1, 1), added("apple", 2, 2), added("fig", 1, 1),
				Removed{UserID: "u1", SKU: "fig"}},
			when: Checkout{UserID: "u1", OrderID: "o1"},
			then: []Event{CheckedOut{UserID: "u1", OrderID: "o1", Items: []Item{{"apple", 2}, {"pear", 1}}}}},
		{name: "an empty cart is rejected",
			when: Checkout{UserID: "u1", OrderID: "o1"},
			kind: failure.ErrRejected, message: "cart of user u1 is empty"},
		{name: "a cart emptied by removals is rejected",
			given: []Event{added("apple", 2, 2), Removed{UserID: "u1", SKU: "apple"}},
			when:  Checkout{UserID: "u1", OrderID: "o1"},
			kind:  failure.ErrRejected, message: "cart of user u1 is empty"},
		{name: "a checked-out cart is empty",
			given: []Event{added("apple", 2, 2), CheckedOut{UserID: "u1", OrderID: "o1", Items: []Item{{"apple", 2}}}},
			when:  Checkout{UserID: "u1", OrderID: "o2"},
			kind:  failure.ErrRejected, message: "cart of user u1 is empty"},
	})
}

func TestDecidingNoCommandIsInvalid(t *testing.T) {
	if _, err := Decide(State{}, nil); !errors.Is(err, failure.ErrInvalid) {
		t.Fatalf("Decide(nil) error = %v, want invalid", err)
	}
}

func TestEvolveNeverChangesTheStateItWasGiven(t *testing.T) {
	before := Evolve(State{}, added("apple", 2, 2))
	after := Evolve(before, added("apple", 1, 3))
	after = Evolve(after, Removed{UserID: "u1", SKU: "apple"})
	if diff := cmp.Diff([]Item{{"apple", 2}}, before.Items()); diff != "" {
		t.Errorf("earlier state changed (-want +got):\n%s", diff)
	}
	if got := after.Items(); len(got) != 0 {
		t.Errorf("later state = %v, want empty", got)
	}
}

func TestStreamIDNamesTheUsersCart(t *testing.T) {
	if got := StreamID("u1"); got != "cart-u1" {
		t.Errorf("StreamID(u1) = %q", got)
	}
}
