// Package query serves a context's queries as a function in the instanced
// form func-go serves: it decodes the query off the CloudEvent, reads the
// read model, and replies with one event, or fails (404 for a missing
// subject, 400 for bad parameters).
//
//	fn := query.NewFunction("accounts-query", query.WaitForProjection(accountview.Name),
//		accounts.DecodeQuery,
//		func(ctx context.Context, pool *pgxpool.Pool, q accounts.Query) (string, any, error) {
//			return accountview.Answer(ctx, pool, projection.LiveSchema(accountview.Name), q)
//		})
//
// Read-your-writes: a query that carries the CloudEvent extension
// consistencytoken (from a command's reply) first waits, bounded by
// QUERY_WAIT_TIMEOUT (default 5 s), until its read model has applied that
// write, and answers 503 if it has not, so a client can retry.
package query
