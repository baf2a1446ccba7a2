package orderview

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/eventfn/eventfn/shared/failure"
	"github.com/eventfn/eventfn/shared/orders"
	"github.com/eventfn/eventfn/shared/pgtest"
	"github.com/eventfn/eventfn/shared/projection"
	"github.com/eventfn/eventfn/shared/readmodel/readmodeltest"
)

func items(pairs ...any) []orders.Item {
	out := []orders.Item{}
	for i := 0; i < len(pairs); i += 2 {
		out = append(out, orders.Item{SKU: pairs[i].(string), Quantity: pairs[i+1].(int)})
	}
	return out
}

func TestApplyShowsEachOrderAsItsEventsLeftIt(t *testing.T) {
	t.Parallel()
	pool := pgtest.NewDatabase(t)
	h := newHistory(t)
	first := h.Record(
		orders.Created{OrderID: "o1", Customer: "ann", Items: items("apple", 2)},
		orders.Updated{OrderID: "o1", Customer: "ann", Items: items("apple", 3, "pear", 1)},
		orders.Created{OrderID: "o2", Customer: "bob", Items: items("fig", 1)},
	)
	second := h.Record(
		orders.Updated{OrderID: "o1", Customer: "cy", Items: items("pear", 1)},
		orders.Deleted{OrderID: "o2"},
		orders.Created{OrderID: "o3", Customer: "dee", Items: items("kiwi", 5)},
		orders.Deleted{OrderID: "o3"},
		orders.Created{OrderID: "o4", Customer: "eve", Items: items("plum", 4)},
	)
	schema := project(t, pool, first, second)
	ctx := context.Background()

	want := Order{OrderID: "o1", Customer: "cy", Items: items("pear", 1), CreatedAt: at(1), UpdatedAt: at(4), Version: 3}
	got, err := Get(ctx, pool, schema, "o1")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("order o1 (-want +got):\n%s", diff)
	}
	want = Order{OrderID: "o4", Customer: "eve", Items: items("plum", 4), CreatedAt: at(8), UpdatedAt: at(8), Version: 1}
	if got, err = Get(ctx, pool, schema, "o4"); err != nil || !cmp.Equal(want, got) {
		t.Errorf("Get(o4) = %+v, %v; want %+v", got, err, want)
	}
	for _, id := range []string{"o2", "o3"} {
		if _, err := Get(ctx, pool, schema, id); !errors.Is(err, failure.ErrNotFound) {
			t.Errorf("Get(%s) of a deleted order: error = %v, want not found", id, err)
		}
	}
}

func TestApplyGivesTheSameTableHoweverTheLogIsBatched(t *testing.T) {
	t.Parallel()
	h, states := randomLog(t, 60, 1)
	var want []Order
	for _, size := range []int{1, 7, 100, len(h.Events)} {
		pool := pgtest.NewDatabase(t)
		schema := project(t, pool, slices.Collect(slices.Chunk(h.Events, size))...)
		got := listAll(t, pool, schema, Filter{Limit: MaxLimit})
		checkFold(t, got, states)
		if size == 1 {
			want = got
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("batches of %d differ from batches of 1 (-want +got):\n%s", size, diff)
		}
	}
}

// checkFold compares the listed orders with the domain's own fold.
func checkFold(t *testing.T, got []Order, states map[string]orders.State) {
	t.Helper()
	live := 0
	for _, s := range states {
		if !s.Deleted {
			live++
		}
	}
	if len(got) != live || live == 0 {
		t.Fatalf("%d orders listed, fold has %d live", len(got), live)
	}
	for _, o := range got {
		s := states[o.OrderID]
		if diff := cmp.Diff(orders.State{OrderID: o.OrderID, Customer: o.Customer, Items: o.Items, Created: true}, s); diff != "" {
			t.Errorf("order %s differs from the fold (-table +fold):\n%s", o.OrderID, diff)
		}
	}
}

func TestApplyBlamesTheEventItCannotRead(t *testing.T) {
	t.Parallel()
	pool := pgtest.NewDatabase(t)
	h := newHistory(t)
	events := h.Record(orders.Created{OrderID: "o1", Customer: "ann", Items: items("a", 1)}, orders.Deleted{OrderID: "o1"})
	events[1].Data = []byte(`{"orderId": ["o1"]}`)
	err := readmodeltest.TryApply(t, pool, New(), events)
	var blamed *projection.EventError
	if !errors.As(err, &blamed) || blamed.Event.ID != events[1].ID || !errors.Is(err, failure.ErrInvalid) {
		t.Fatalf("Apply error = %v, want an EventError naming %s", err, events[1].ID)
	}
}

func TestModelReadsEveryOrderEvent(t *testing.T) {
	m := New()
	if m.Name() != "orders" || !slices.Equal(m.EventTypes(), orders.EventTypes()) {
		t.Errorf("Name = %q, EventTypes = %v", m.Name(), m.EventTypes())
	}
}
