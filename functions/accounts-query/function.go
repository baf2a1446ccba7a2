// Package function is the accounts-query Knative Function: it answers
// accounts.account.get with accounts.account (or 404) and
// accounts.account.list with accounts.account.page, from the accounts read
// model.
package function

import (
	"context"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/eventfn/eventfn/shared/accounts"
	"github.com/eventfn/eventfn/shared/accounts/accountview"
	"github.com/eventfn/eventfn/shared/projection"
	"github.com/eventfn/eventfn/shared/query"
)

// New returns the function; func-go calls Start before routing events to it.
func New() *query.Function[accounts.Query] {
	return query.NewFunction("accounts-query", query.WaitForProjection(accountview.Name), accounts.DecodeQuery, answer)
}

func answer(ctx context.Context, pool *pgxpool.Pool, q accounts.Query) (string, any, error) {
	return accountview.Answer(ctx, pool, projection.LiveSchema(accountview.Name), q)
}
