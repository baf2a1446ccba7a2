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
func New() *query.Function {
	return query.NewFunction("orders-query", query.WaitForProjection(orderview.Name), query.Routes{
		orders.GetOrder:   get,
		orders.ListOrders: list,
	})
}

func get(ctx context.Context, pool *pgxpool.Pool, params []byte) (query.Answer, error) {
	var p struct {
		OrderID string `json:"orderId"`
	}
	if err := query.Decode(params, &p); err != nil {
		return query.Answer{}, err
	}
	if err := query.Required("orderId", p.OrderID); err != nil {
		return query.Answer{}, err
	}
	o, err := orderview.Get(ctx, pool, projection.LiveSchema(orderview.Name), p.OrderID)
	return query.Answer{Type: orders.OrderReply, Subject: p.OrderID, Data: o}, err
}

func list(ctx context.Context, pool *pgxpool.Pool, params []byte) (query.Answer, error) {
	var p struct {
		Customer string `json:"customer"`
		Limit    *int   `json:"limit"`
		After    string `json:"after"`
	}
	if err := query.Decode(params, &p); err != nil {
		return query.Answer{}, err
	}
	limit, err := query.Limit(p.Limit, orderview.MaxLimit)
	if err != nil {
		return query.Answer{}, err
	}
	page, err := orderview.List(ctx, pool, projection.LiveSchema(orderview.Name), orderview.Filter{Customer: p.Customer, Limit: limit, After: p.After})
	return query.Answer{Type: orders.PageReply, Data: page}, err
}
