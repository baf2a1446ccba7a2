package cartview

import (
	"context"

	"github.com/eventfn/eventfn/shared/carts"
	"github.com/eventfn/eventfn/shared/failure"
)

// Answer runs a decoded query (carts.DecodeQuery) against the read model in
// schema, and returns the reply's CloudEvent type and data: a Cart for
// carts.cart.get.
func Answer(ctx context.Context, q Querier, schema string, query carts.Query) (string, any, error) {
	if query, ok := query.(carts.GetQuery); ok {
		c, err := Get(ctx, q, schema, query.UserID)
		return carts.CartReply, c, err
	}
	return "", nil, failure.Invalidf("unknown query %T", query)
}
