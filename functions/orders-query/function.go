// Package function is the orders-query Knative Function: it answers
// orders.order.get with orders.order (404 once deleted) and
// orders.order.list with orders.order.page, from the orders read model.
package function

import (
	"context"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/eventfn/eventfn/shared/orders"
	"github.com/eventfn/eventfn/shared/orders/orderview"
	"github.com/eventfn/eventfn/shared/projection"
	"github.com/eventfn/eventfn/shared/query"
)

// New returns the function; func-go calls Start before routing events to it.
func New() *query.Function[orders.Query] {
	return query.NewFunction("orders-query", query.WaitForProjection(orderview.Name), orders.DecodeQuery, answer)
}

func answer(ctx context.Context, pool *pgxpool.Pool, q orders.Query) (string, any, error) {
	return orderview.Answer(ctx, pool, projection.LiveSchema(orderview.Name), q)
}
