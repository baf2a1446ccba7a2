package carts

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

func added(sku string, q, line int) Added {
	return Added{UserID: "u1", SKU: sku, Quantity: q, LineQuantity: line}
}

func TestAddingAnItem(t *testing.T) {
	run(t, []scenario{
		{Name: "a new sku starts a line",
			When: Add{UserID: "u1", SKU: "apple", Quantity: 2},
			Then: []Event{added("apple", 2, 2)}},
		{Name: "an existing sku adds to its line",
			Given: []Event{added("apple", 2, 2)},
			When:  Add{UserID: "u1", SKU: "apple", Quantity: 3},
			Then:  []Event{added("apple", 3, 5)}},
		{Name: "adding after an update counts from the updated quantity",
			Given: []Event{added("apple", 2, 2), Updated{UserID: "u1", SKU: "apple", Quantity: 7}},
			When:  Add{UserID: "u1", SKU: "apple", Quantity: 1},
			Then:  []Event{added("apple", 1, 8)}},
		{Name: "a zero quantity is rejected",
			When: Add{UserID: "u1", SKU: "apple", Quantity: 0},
			Kind: failure.ErrRejected, Message: "quantity must be from 1 to 1000000, not 0"},
		{Name: "a negative quantity is rejected",
			When: Add{UserID: "u1", SKU: "apple", Quantity: -4},
			Kind: failure.ErrRejected, Message: "quantity must be from 1 to 1000000, not -4"},
		{Name: "a line beyond the maximum is rejected",
			Given: []Event{added("apple", MaxQuantity, MaxQuantity)},
			When:  Add{UserID: "u1", SKU: "apple", Quantity: 1},
			Kind:  failure.ErrRejected, Message: "sku apple would reach quantity 1000001, more than 1000000"},
	})
}

func TestUpdatingAnItem(t *testing.T) {
	run(t, []scenario{
		{Name: "an existing line takes the new quantity",
			Given: []Event{added("apple", 2, 2)},
			When:  Update{UserID: "u1", SKU: "apple", Quantity: 9},
			Then:  []Event{Updated{UserID: "u1", SKU: "apple", Quantity: 9}}},
		{Name: "a missing line is rejected",
			Given: []Event{added("apple", 2, 2)},
			When:  Update{UserID: "u1", SKU: "pear", Quantity: 1},
			Kind:  failure.ErrRejected, Message: "cart of user u1 has no sku pear"},
		{Name: "a removed line is rejected",
			Given: []Event{added("apple", 2, 2), Removed{UserID: "u1", SKU: "apple"}},
			When:  Update{UserID: "u1", SKU: "apple", Quantity: 1},
			Kind:  failure.ErrRejected, Message: "cart of user u1 has no sku apple"},
		{Name: "a zero quantity is rejected",
			Given: []Event{added("apple", 2, 2)},
			When:  Update{UserID: "u1", SKU: "apple", Quantity: 0},
			Kind:  failure.ErrRejected, Message: "quantity must be from 1 to 1000000, not 0"},
		{Name: "a quantity beyond the maximum is rejected",
			Given: []Event{added("apple", 2, 2)},
			When:  Update{UserID: "u1", SKU: "apple", Quantity: MaxQuantity + 1},
			Kind:  failure.ErrRejected, Message: "quantity must be from 1 to 1000000, not 1000001"},
	})
}

func TestRemovingAnItem(t *testing.T) {
	run(t, []scenario{
		{Name: "an existing line is removed",
			Given: []Event{added("apple", 2, 2)},
			When:  Remove{UserID: "u1", SKU: "apple"},
			Then:  []Event{Removed{UserID: "u1", SKU: "apple"}}},
		{Name: "a missing line is rejected",
			When: Remove{UserID: "u1", SKU: "apple"},
			Kind: failure.ErrRejected, Message: "cart of user u1 has no sku apple"},
		{Name: "a checked-out line is gone",
			Given: []Event{added("apple", 2, 2), CheckedOut{UserID: "u1", OrderID: "o1", Items: []Item{{"apple", 2}}}},
			When:  Remove{UserID: "u1", SKU: "apple"},
			Kind:  failure.ErrRejected, Message: "cart of user u1 has no sku apple"},
	})
}

func TestCheckingOutACart(t *testing.T) {
	run(t, []scenario{
		{Name: "the lines become the order's items sorted by sku",
			Given: []Event{added("pear", 1, 1), added("apple", 2, 2), added("fig", 1, 1),
				Removed{UserID: "u1", SKU: "fig"}},
			When: Checkout{UserID: "u1", OrderID: "o1"},
			Then: []Event{CheckedOut{UserID: "u1", OrderID: "o1", Items: []Item{{"apple", 2}, {"pear", 1}}}}},
		{Name: "an empty cart is rejected",
			When: Checkout{UserID: "u1", OrderID: "o1"},
			Kind: failure.ErrRejected, Message: "cart of user u1 is empty"},
		{Name: "a cart emptied by removals is rejected",
			Given: []Event{added("apple", 2, 2), Removed{UserID: "u1", SKU: "apple"}},
			When:  Checkout{UserID: "u1", OrderID: "o1"},
			Kind:  failure.ErrRejected, Message: "cart of user u1 is empty"},
		{Name: "a checked-out cart is empty",
			Given: []Event{added("apple", 2, 2), CheckedOut{UserID: "u1", OrderID: "o1", Items: []Item{{"apple", 2}}}},
			When:  Checkout{UserID: "u1", OrderID: "o2"},
			Kind:  failure.ErrRejected, Message: "cart of user u1 is empty"},
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
