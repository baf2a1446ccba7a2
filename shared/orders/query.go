package orders

import (
	"fmt"

	"github.com/eventfn/eventfn/shared/failure"
	"github.com/eventfn/eventfn/shared/wire"
)

// Query is a request to read orders: a GetQuery or a ListQuery.
type Query interface {
	// QueryType is the query's CloudEvent type.
	QueryType() string
}

// GetQuery asks for one order (orders.order.get).
type GetQuery struct {
	OrderID string `json:"orderId"`
}

// ListQuery asks for a page of orders (orders.order.list). Every field is
// optional: Customer filters, Limit bounds the page (0 means the read
// model's default), After is the cursor a previous page returned as next.
type ListQuery struct {
	Customer string `json:"customer,omitempty"`
	Limit    int    `json:"limit,omitempty"`
	After    string `json:"after,omitempty"`
}

// QueryType implements Query.
func (GetQuery) QueryType() string { return GetOrder }

// QueryType implements Query.
func (ListQuery) QueryType() string { return ListOrders }

// QueryTypes lists every query type.
func QueryTypes() []string { return []string{GetOrder, ListOrders} }

// DecodeQuery reads the data of a query of CloudEvent type ceType, as
// strictly as DecodeCommand; a null optional field counts as absent. A
// limit below 1 is failure.Invalid.
func DecodeQuery(ceType string, data []byte) (Query, error) {
	var (
		q   Query
		err error
	)
	switch ceType {
	case GetOrder:
		q, err = decodeGet(data)
	case ListOrders:
		q, err = decodeList(data)
	default:
		return nil, failure.Invalidf("unknown query type %q", ceType)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", ceType, err)
	}
	return q, nil
}

func decodeGet(data []byte) (Query, error) {
	f, err := wire.ReadObject(data, "orderId")
	if err != nil {
		return nil, err
	}
	var q GetQuery
	q.OrderID, err = wire.ID(f, "orderId")
	return q, err
}

func decodeList(data []byte) (Query, error) {
	f, err := wire.ReadObject(data, "customer", "limit", "after")
	if err != nil {
		return nil, err
	}
	var (
		q     ListQuery
		limit *int
	)
	for _, err := range []error{
		wire.Optional(f, "customer", "a string", &q.Customer),
		wire.Optional(f, "limit", "an integer", &limit),
		wire.Optional(f, "after", "a string", &q.After),
	} {
		if err != nil {
			return nil, err
		}
	}
	if q.Customer != "" {
		if err := wire.CheckText("customer", q.Customer, wire.MaxIDLength); err != nil {
			return nil, err
		}
	}
	if limit != nil && *limit < 1 {
		return nil, failure.Invalidf("limit must be at least 1")
	}
	if limit != nil {
		q.Limit = *limit
	}
	return q, nil
}
