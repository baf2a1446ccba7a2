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
func New() *query.Function[carts.Query] {
	return query.NewFunction("carts-query", query.WaitForProjection(cartview.Name), carts.DecodeQuery, answer)
}

func answer(ctx context.Context, pool *pgxpool.Pool, q carts.Query) (string, any, error) {
	return cartview.Answer(ctx, pool, projection.LiveSchema(cartview.Name), q)
}
