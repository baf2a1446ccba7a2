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
func New() *query.Function {
	return query.NewFunction("accounts-query", query.WaitForProjection(accountview.Name), query.Routes{
		accounts.GetAccount:   get,
		accounts.ListAccounts: list,
	})
}

func get(ctx context.Context, pool *pgxpool.Pool, params []byte) (query.Answer, error) {
	var p struct {
		AccountNumber string `json:"accountNumber"`
	}
	if err := query.Decode(params, &p); err != nil {
		return query.Answer{}, err
	}
	if err := query.Required("accountNumber", p.AccountNumber); err != nil {
		return query.Answer{}, err
	}
	a, err := accountview.Get(ctx, pool, projection.LiveSchema(accountview.Name), p.AccountNumber)
	return query.Answer{Type: accounts.AccountReply, Subject: p.AccountNumber, Data: a}, err
}

func list(ctx context.Context, pool *pgxpool.Pool, params []byte) (query.Answer, error) {
	var p struct {
		UserID *int64 `json:"userId"`
		Status string `json:"status"`
		Limit  *int   `json:"limit"`
		After  string `json:"after"`
	}
	if err := query.Decode(params, &p); err != nil {
		return query.Answer{}, err
	}
	limit, err := query.Limit(p.Limit, accountview.MaxLimit)
	if err != nil {
		return query.Answer{}, err
	}
	page, err := accountview.List(ctx, pool, projection.LiveSchema(accountview.Name), accountview.Filter{UserID: p.UserID, Status: p.Status, Limit: limit, After: p.After})
	return query.Answer{Type: accounts.PageReply, Data: page}, err
}
