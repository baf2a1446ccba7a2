// Package orderview is the orders read model: one row per live order in
// table orders of the model's schema, kept up to date by a
// projection.Runner, and the queries the orders-query function answers.
//
//	r, err := projection.NewRunner(pool, orderview.New(), projection.Options{})
//	...
//	schema := projection.LiveSchema(orderview.Name)
//	o, err := orderview.Get(ctx, pool, schema, "o1") // failure.NotFound when missing or deleted
//	p, err := orderview.List(ctx, pool, schema, orderview.Filter{Customer: "ann", Limit: 20})
//	next, err := orderview.List(ctx, pool, schema, orderview.Filter{Customer: "ann", Limit: 20, After: p.Next})
//
// A query function decodes with orders.DecodeQuery and calls Answer,
// which returns the reply's type and data:
//
//	query, err := orders.DecodeQuery(ce.Type(), data)
//	replyType, reply, err := orderview.Answer(ctx, pool, schema, query)
//
// Apply folds a batch into one change per order in memory and writes it in
// one round trip (a DELETE, an INSERT and an UPDATE at most). A deleted
// order's row is removed. Times are the recorded times of the events:
// createdAt of orders.order.created, updatedAt of the latest event; version
// is the order stream's version after it.
//
// Lists are keyset-paginated by order id (bytewise order); the cursor is
// opaque. A page holds 1–500 orders, 50 by default; Next is empty on the
// last page. A bad limit, customer or cursor is failure.Invalid.
package orderview
