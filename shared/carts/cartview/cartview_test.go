package cartview

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/eventfn/eventfn/shared/carts"
	"github.com/eventfn/eventfn/shared/failure"
	"github.com/eventfn/eventfn/shared/pgtest"
	"github.com/eventfn/eventfn/shared/projection"
	"github.com/eventfn/eventfn/shared/readmodel/readmodeltest"
)

func TestApplyShowsEachCartAsItsEventsLeftIt(t *testing.T) {
	t.Parallel()
	pool := pgtest.NewDatabase(t)
	h := newHistory(t)
	first := h.Record(
		carts.Added{UserID: "ann", SKU: "apple", Quantity: 2, LineQuantity: 2},
		carts.Added{UserID: "ann", SKU: "pear", Quantity: 1, LineQuantity: 1},
		carts.Added{UserID: "bob", SKU: "fig", Quantity: 1, LineQuantity: 1},
		carts.Added{UserID: "bob", SKU: "kiwi", Quantity: 4, LineQuantity: 4},
	)
	second := h.Record(
		carts.Added{UserID: "ann", SKU: "apple", Quantity: 3, LineQuantity: 5},
		carts.Removed{UserID: "ann", SKU: "pear"},
		carts.Added{UserID: "ann", SKU: "date", Quantity: 1, LineQuantity: 1},
		carts.Updated{UserID: "ann", SKU: "date", Quantity: 6},
		carts.CheckedOut{UserID: "bob", OrderID: "o1", Items: []carts.Item{{SKU: "fig", Quantity: 1}, {SKU: "kiwi", Quantity: 4}}},
		carts.Added{UserID: "bob", SKU: "fig", Quantity: 2, LineQuantity: 2},
		carts.Added{UserID: "cy", SKU: "plum", Quantity: 1, LineQuantity: 1},
		carts.CheckedOut{UserID: "cy", OrderID: "o2", Items: []carts.Item{{SKU: "plum", Quantity: 1}}},
	)
	schema := project(t, pool, first, second)
	want := []Cart{
		{UserID: "ann", Items: []carts.Item{{SKU: "apple", Quantity: 5}, {SKU: "date", Quantity: 6}}, Version: 6},
		{UserID: "bob", Items: []carts.Item{{SKU: "fig", Quantity: 2}}, Version: 4},
		{UserID: "cy", Items: []carts.Item{}, Version: 2},
	}
	for _, w := range want {
		got, err := Get(context.Background(), pool, schema, w.UserID)
		if err != nil {
			t.Fatalf("Get(%s): %v", w.UserID, err)
		}
		if diff := cmp.Diff(w, got); diff != "" {
			t.Errorf("cart of %s (-want +got):\n%s", w.UserID, diff)
		}
	}
}

func TestApplyMatchesTheDomainFoldHoweverTheLogIsBatched(t *testing.T) {
	t.Parallel()
	h, states := randomLog(t, 20, 1)
	for _, size := range []int{1, 5, 33, len(h.Events)} {
		pool := pgtest.NewDatabase(t)
		schema := project(t, pool, slices.Collect(slices.Chunk(h.Events, size))...)
		for user, s := range states {
			got, err := Get(context.Background(), pool, schema, user)
			if err != nil {
				t.Fatal(err)
			}
			want := Cart{UserID: user, Items: s.Items(), Version: h.Versions[carts.StreamID(user)]}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("batches of %d: cart of %s (-fold +table):\n%s", size, user, diff)
			}
		}
	}
}

func TestTheCartOfAnUnknownUserIsEmptyNotMissing(t *testing.T) {
	t.Parallel()
	pool := pgtest.NewDatabase(t)
	h := newHistory(t)
	schema := project(t, pool, h.Record(carts.Added{UserID: "ann", SKU: "apple", Quantity: 1, LineQuantity: 1}))
	query, err := carts.DecodeQuery(carts.GetCart, []byte(`{"userId":"zed"}`))
	if err != nil {
		t.Fatal(err)
	}
	replyType, got, err := Answer(context.Background(), pool, schema, query)
	if err != nil || replyType != carts.CartReply {
		t.Fatalf("Answer(get zed) = %q, %v", replyType, err)
	}
	data, _ := json.Marshal(got)
	if string(data) != `{"userId":"zed","items":[],"version":0}` {
		t.Errorf("cart of an unknown user = %s", data)
	}
	if _, err := Get(context.Background(), pool, schema, "z\x00"); !errors.Is(err, failure.ErrInvalid) {
		t.Errorf("Get(z\\x00) error = %v, want invalid", err)
	}
}

func TestApplyBlamesTheEventItCannotRead(t *testing.T) {
	t.Parallel()
	pool := pgtest.NewDatabase(t)
	h := newHistory(t)
	events := h.Record(
		carts.Added{UserID: "ann", SKU: "apple", Quantity: 1, LineQuantity: 1},
		carts.Removed{UserID: "ann", SKU: "apple"},
	)
	events[1].Data = []byte(`{"userId": "ann", "sku": 5}`)
	err := readmodeltest.TryApply(t, pool, New(), events)
	var blamed *projection.EventError
	if !errors.As(err, &blamed) || blamed.Event.ID != events[1].ID || !strings.Contains(err.Error(), "carts.item.removed") {
		t.Fatalf("Apply error = %v, want an EventError naming %s", err, events[1].ID)
	}
}

func TestModelReadsEveryCartEvent(t *testing.T) {
	m := New()
	if m.Name() != "carts" || !slices.Equal(m.EventTypes(), carts.EventTypes()) {
		t.Errorf("Name = %q, EventTypes = %v", m.Name(), m.EventTypes())
	}
}
