// Package cartview is the carts read model: each cart's version in table
// carts and its lines in table cart_lines of the model's schema, kept up to
// date by a projection.Runner, and the query the carts-query function
// answers.
//
//	r, err := projection.NewRunner(pool, cartview.New(), projection.Options{})
//	...
//	c, err := cartview.Get(ctx, pool, projection.LiveSchema(cartview.Name), "u1")
//	// c.Items sorted by sku; never failure.NotFound: an unknown user's cart is empty
//
// A query function decodes with carts.DecodeQuery and calls Answer,
// which returns the reply's type and data:
//
//	query, err := carts.DecodeQuery(ce.Type(), data)
//	replyType, reply, err := cartview.Answer(ctx, pool, schema, query)
//
// Apply folds a batch into one change per cart in memory: a checkout
// clears the lines stored before it, added lines take the event's
// lineQuantity, updated lines its quantity, removed lines go. It then
// writes everything in one round trip, at most one statement per kind of
// change. version is the cart stream's version after its latest event.
package cartview
