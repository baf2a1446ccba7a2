// Package function is the carts-query Knative Function: it answers
// carts.cart.get with carts.cart from the carts read model. Every user has
// a cart, so an unknown user gets an empty one, never a 404.
package function

import (
	"context"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/eventfn/eventfn/shared/carts"
	"github.com/eventfn/eventfn/shared/carts/cartview"
	"github.com/eventfn/eventfn/shared/projection"
	"github.com/eventfn/eventfn/shared/query"
)

// New returns the function; func-go calls Start before routing events to it.
func New() *query.Function {
	return query.NewFunction("carts-query", query.WaitForProjection(cartview.Name), query.Routes{
		carts.GetCart: get,
	})
}

func get(ctx context.Context, pool *pgxpool.Pool, params []byte) (query.Answer, error) {
	var p struct {
		UserID string `json:"userId"`
	}
	if err := query.Decode(params, &p); err != nil {
		return query.Answer{}, err
	}
	if err := query.Required("userId", p.UserID); err != nil {
		return query.Answer{}, err
	}
	c, err := cartview.Get(ctx, pool, projection.LiveSchema(cartview.Name), p.UserID)
	return query.Answer{Type: carts.CartReply, Subject: p.UserID, Data: c}, err
}
