package carts

import (
	"fmt"

	"github.com/eventfn/eventfn/shared/failure"
	"github.com/eventfn/eventfn/shared/wire"
)

// Query is a request to read carts; GetQuery is the only one.
type Query interface {
	// QueryType is the query's CloudEvent type.
	QueryType() string
}

// GetQuery asks for one user's cart (carts.cart.get).
type GetQuery struct {
	UserID string `json:"userId"`
}

// QueryType implements Query.
func (GetQuery) QueryType() string { return GetCart }

// QueryTypes lists every query type.
func QueryTypes() []string { return []string{GetCart} }

// DecodeQuery reads the data of a query of CloudEvent type ceType, as
// strictly as DecodeCommand.
func DecodeQuery(ceType string, data []byte) (Query, error) {
	if ceType != GetCart {
		return nil, failure.Invalidf("unknown query type %q", ceType)
	}
	f, err := wire.ReadObject(data, "userId")
	if err != nil {
		return nil, fmt.Errorf("%s: %w", ceType, err)
	}
	user, err := wire.ID(f, "userId")
	if err != nil {
		return nil, fmt.Errorf("%s: %w", ceType, err)
	}
	return GetQuery{UserID: user}, nil
}
