package accountview

import (
	"context"

	"github.com/eventfn/eventfn/shared/accounts"
	"github.com/eventfn/eventfn/shared/failure"
)

// Answer runs a decoded query (accounts.DecodeQuery) against the read model
// in schema, and returns the reply's CloudEvent type and data: an Account
// for accounts.account.get, a Page for accounts.account.list.
func Answer(ctx context.Context, q Querier, schema string, query accounts.Query) (string, any, error) {
	switch query := query.(type) {
	case accounts.GetQuery:
		a, err := Get(ctx, q, schema, query.AccountNumber)
		return accounts.AccountReply, a, err
	case accounts.ListQuery:
		f := Filter{UserID: query.UserID, Status: string(query.Status), Limit: query.Limit, After: query.After}
		p, err := List(ctx, q, schema, f)
		return accounts.PageReply, p, err
	}
	return "", nil, failure.Invalidf("unknown query %T", query)
}
