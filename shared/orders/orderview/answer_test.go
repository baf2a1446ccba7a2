package orderview

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/eventfn/eventfn/shared/failure"
	"github.com/eventfn/eventfn/shared/orders"
	"github.com/eventfn/eventfn/shared/pgtest"
)

func TestAnswerRunsEachDecodedQuery(t *testing.T) {
	t.Parallel()
	pool := pgtest.NewDatabase(t)
	h := newHistory(t)
	schema := project(t, pool, h.Record(
		orders.Created{OrderID: "o1", Customer: "ann", Items: items("a", 1)},
		orders.Created{OrderID: "o2", Customer: "bob", Items: items("b", 2)},
		orders.Created{OrderID: "o3", Customer: "ann", Items: items("c", 3)},
		orders.Deleted{OrderID: "o3"},
	))
	o1 := Order{OrderID: "o1", Customer: "ann", Items: items("a", 1), CreatedAt: at(1), UpdatedAt: at(1), Version: 1}
	cases := []struct {
		ceType, data, replyType string
		want                    any
	}{
		{orders.GetOrder, `{"orderId":"o1"}`, orders.OrderReply, o1},
		{orders.ListOrders, `{"customer":"ann"}`, orders.PageReply, Page{Items: []Order{o1}}},
	}
	ctx := context.Background()
	for _, tc := range cases {
		query, err := orders.DecodeQuery(tc.ceType, []byte(tc.data))
		if err != nil {
			t.Fatal(err)
		}
		replyType, reply, err := Answer(ctx, pool, schema, query)
		if err != nil || replyType != tc.replyType {
			t.Fatalf("Answer(%s) = %q, %v", tc.data, replyType, err)
		}
		if diff := cmp.Diff(tc.want, reply); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.data, diff)
		}
	}
	query, _ := orders.DecodeQuery(orders.GetOrder, []byte(`{"orderId":"o3"}`))
	if _, _, err := Answer(ctx, pool, schema, query); !errors.Is(err, failure.ErrNotFound) {
		t.Errorf("Answer(get o3) of a deleted order: error = %v, want not found", err)
	}
}
