package accounts

import (
	"fmt"

	"github.com/eventfn/eventfn/shared/failure"
	"github.com/eventfn/eventfn/shared/wire"
)

// Query is a request to read accounts: a GetQuery or a ListQuery.
type Query interface {
	// QueryType is the query's CloudEvent type.
	QueryType() string
}

// GetQuery asks for one account (accounts.account.get).
type GetQuery struct {
	AccountNumber string `json:"accountNumber"`
}

// ListQuery asks for a page of accounts (accounts.account.list). Every
// field is optional: UserID and Status filter, Limit bounds the page (0
// means the read model's default), After is the cursor a previous page
// returned as next.
type ListQuery struct {
	UserID *int64 `json:"userId,omitempty"`
	Status Status `json:"status,omitempty"`
	Limit  int    `json:"limit,omitempty"`
	After  string `json:"after,omitempty"`
}

// QueryType implements Query.
func (GetQuery) QueryType() string { return GetAccount }

// QueryType implements Query.
func (ListQuery) QueryType() string { return ListAccounts }

// QueryTypes lists every query type.
func QueryTypes() []string { return []string{GetAccount, ListAccounts} }

// DecodeQuery reads the data of a query of CloudEvent type ceType, as
// strictly as DecodeCommand; a null optional field counts as absent. A
// limit below 1 or an unknown status is failure.Invalid.
func DecodeQuery(ceType string, data []byte) (Query, error) {
	var (
		q   Query
		err error
	)
	switch ceType {
	case GetAccount:
		var n string
		n, err = decodeNumber(data)
		q = GetQuery{AccountNumber: n}
	case ListAccounts:
		q, err = decodeList(data)
	default:
		return nil, failure.Invalidf("unknown query type %q", ceType)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", ceType, err)
	}
	return q, nil
}

func decodeList(data []byte) (Query, error) {
	f, err := wire.ReadObject(data, "userId", "status", "limit", "after")
	if err != nil {
		return nil, err
	}
	var (
		q     ListQuery
		limit *int
	)
	for _, err := range []error{
		wire.Optional(f, "userId", "an integer", &q.UserID),
		wire.Optional(f, "status", "a string", &q.Status),
		wire.Optional(f, "limit", "an integer", &limit),
		wire.Optional(f, "after", "a string", &q.After),
	} {
		if err != nil {
			return nil, err
		}
	}
	if limit != nil {
		q.Limit = *limit
	}
	return q, checkList(q, limit != nil)
}

func checkList(q ListQuery, limitGiven bool) error {
	switch {
	case q.UserID != nil && *q.UserID < 1:
		return failure.Invalidf("userId must be a positive integer")
	case q.Status != "" && !q.Status.Known():
		return failure.Invalidf("unknown status %q", q.Status)
	case limitGiven && q.Limit < 1:
		return failure.Invalidf("limit must be at least 1")
	}
	return nil
}
