package orderview

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/eventfn/eventfn/shared/failure"
	"github.com/eventfn/eventfn/shared/orders"
	"github.com/eventfn/eventfn/shared/pgtest"
	"github.com/eventfn/eventfn/shared/readmodel/readmodeltest"
)

// listAll follows Next from the first page to the last.
func listAll(t *testing.T, pool *pgxpool.Pool, schema string, f Filter) []Order {
	t.Helper()
	return readmodeltest.All(t, f.Limit, func(after string) (Page, error) {
		f.After = after
		return List(context.Background(), pool, schema, f)
	})
}

func TestGetOfAnUnknownOrderIsNotFound(t *testing.T) {
	t.Parallel()
	pool := pgtest.NewDatabase(t)
	schema := project(t, pool, newHistory(t).Record(orders.Created{OrderID: "o1", Customer: "ann", Items: items("a", 1)}))
	_, err := Get(context.Background(), pool, schema, "o2")
	if !errors.Is(err, failure.ErrNotFound) || failure.Message(err) != "order o2 not found" {
		t.Fatalf("Get(o2) error = %v, want not found", err)
	}
	if _, err := Get(context.Background(), pool, schema, "o\x00"); !errors.Is(err, failure.ErrInvalid) {
		t.Fatalf("Get(o\\x00) error = %v, want invalid", err)
	}
}

func TestListPagesThroughEveryMatchingOrderExactlyOnce(t *testing.T) {
	t.Parallel()
	pool := pgtest.NewDatabase(t)
	h, states := randomLog(t, 75, 2)
	schema := project(t, pool, h.Events)
	filters := []Filter{
		{}, {Limit: 1}, {Limit: 9}, {Limit: 500},
		{Customer: customer(1), Limit: 4}, {Customer: customer(2)},
	}
	for _, f := range filters {
		var want []string
		for id, s := range states {
			if !s.Deleted && (f.Customer == "" || s.Customer == f.Customer) {
				want = append(want, id)
			}
		}
		slices.Sort(want)
		var got []string
		for _, o := range listAll(t, pool, schema, f) {
			got = append(got, o.OrderID)
		}
		if len(want) == 0 {
			t.Fatalf("filter %+v matches nothing; the test proves nothing", f)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("filter %+v (-want +got):\n%s", f, diff)
		}
	}
}

func TestListRefusesBadLimitsAndCursors(t *testing.T) {
	t.Parallel()
	pool := pgtest.NewDatabase(t)
	schema := project(t, pool, newHistory(t).Record(orders.Created{OrderID: "o1", Customer: "ann", Items: items("a", 1)}))
	cases := []struct {
		f   Filter
		msg string
	}{
		{Filter{Limit: -5}, "limit -5 is outside 1..500"},
		{Filter{Limit: 1000}, "limit 1000 is outside 1..500"},
		{Filter{After: "%%"}, `malformed cursor "%%"`},
		{Filter{Customer: "a\x00"}, `malformed customer "a\x00"`},
	}
	for _, tc := range cases {
		_, err := List(context.Background(), pool, schema, tc.f)
		if !errors.Is(err, failure.ErrInvalid) || failure.Message(err) != tc.msg {
			t.Errorf("List(%+v) error = %v, want invalid %q", tc.f, err, tc.msg)
		}
	}
}

func TestOrderJSONUsesTheContractsNames(t *testing.T) {
	o := Order{OrderID: "o1", Customer: "ann", Items: items("a", 2), CreatedAt: at(1), UpdatedAt: at(2), Version: 2}
	data, err := json.Marshal(Page{Items: []Order{o}})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"items":[{"orderId":"o1","customer":"ann","items":[{"sku":"a","quantity":2}],` +
		`"createdAt":"2026-01-02T03:05:05Z","updatedAt":"2026-01-02T03:06:05Z","version":2}]}`
	if string(data) != want {
		t.Errorf("JSON = %s\nwant   %s", data, want)
	}
}
