// Package accountview is the accounts read model: one row per account in
// table accounts of the model's schema, kept up to date by a
// projection.Runner, and the queries the accounts-query function answers.
//
//	r, err := projection.NewRunner(pool, accountview.New(), projection.Options{})
//	...
//	schema := projection.LiveSchema(accountview.Name)
//	a, err := accountview.Get(ctx, pool, schema, "42")      // failure.NotFound when missing
//	p, err := accountview.List(ctx, pool, schema, accountview.Filter{Status: "ACCOUNT_ACTIVE"})
//	next, err := accountview.List(ctx, pool, schema, accountview.Filter{Status: "ACCOUNT_ACTIVE", After: p.Next})
//
// A query function decodes with accounts.DecodeQuery and calls Answer,
// which returns the reply's type and data:
//
//	query, err := accounts.DecodeQuery(ce.Type(), data)
//	replyType, reply, err := accountview.Answer(ctx, pool, schema, query)
//
// Apply folds a batch into one change per account in memory and writes it
// in one round trip, so a rebuild is bound by reading the log rather than
// by statements per event. Times are the recorded times of the events:
// createdAt of accounts.account.created, lastModified of the latest event;
// version is the account stream's version after it.
//
// Lists are keyset-paginated by account number (bytewise order); the
// cursor is opaque. A page holds 1–500 accounts, 50 by default; Next is
// empty on the last page. A bad limit, status or cursor is failure.Invalid.
package accountview
