package orderview

import (
	"context"

	"github.com/eventfn/eventfn/shared/failure"
	"github.com/eventfn/eventfn/shared/orders"
)

// Answer runs a decoded query (orders.DecodeQuery) against the read model
// in schema, and returns the reply's CloudEvent type and data: an Order for
// orders.order.get, a Page for orders.order.list.
func Answer(ctx context.Context, q Querier, schema string, query orders.Query) (string, any, error) {
	switch query := query.(type) {
	case orders.GetQuery:
		o, err := Get(ctx, q, schema, query.OrderID)
		return orders.OrderReply, o, err
	case orders.ListQuery:
		p, err := List(ctx, q, schema, Filter{Customer: query.Customer, Limit: query.Limit, After: query.After})
		return orders.PageReply, p, err
	}
	return "", nil, failure.Invalidf("unknown query %T", query)
}
