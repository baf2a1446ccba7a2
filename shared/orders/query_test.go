package orders

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/eventfn/eventfn/shared/failure"
	"github.com/eventfn/eventfn/shared/wire/wiretest"
)

func TestDecodeQueryReadsBothQueries(t *testing.T) {
	cases := []struct {
		ceType, data string
		want         Query
	}{
		{GetOrder, `{"orderId":"o1"}`, GetQuery{OrderID: "o1"}},
		{ListOrders, `{}`, ListQuery{}},
		{ListOrders, `{"customer":null,"limit":null,"after":null}`, ListQuery{}},
		{ListOrders, `{"customer":"ann","limit":20,"after":"bzE"}`, ListQuery{Customer: "ann", Limit: 20, After: "bzE"}},
	}
	for _, tc := range cases {
		got, err := DecodeQuery(tc.ceType, []byte(tc.data))
		if err != nil {
			t.Fatalf("DecodeQuery(%s): %v", tc.data, err)
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.data, diff)
		}
		if got.QueryType() != tc.ceType {
			t.Errorf("%s: QueryType = %q", tc.data, got.QueryType())
		}
	}
}

func TestDecodeQueryRefusesBadDataAsInvalid(t *testing.T) {
	cases := []struct{ name, ceType, data, message string }{
		{"unknown type", "orders.order.find", `{}`, `unknown query type "orders.order.find"`},
		{"get without an id", GetOrder, `{}`, "orderId is required"},
		{"get with an unknown field", GetOrder, `{"orderId":"o1","x":1}`, `unknown field "x"`},
		{"numeric customer", ListOrders, `{"customer":7}`, "customer must be a string"},
		{"customer with a control character", ListOrders, `{"customer":"a\tb"}`, "customer contains a control character"},
		{"zero limit", ListOrders, `{"limit":0}`, "limit must be at least 1"},
		{"limit as a string", ListOrders, `{"limit":"5"}`, "limit must be an integer"},
		{"numeric cursor", ListOrders, `{"after":5}`, "after must be a string"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			q, err := DecodeQuery(tc.ceType, []byte(tc.data))
			if !errors.Is(err, failure.ErrInvalid) || failure.Message(err) != tc.message {
				t.Fatalf("DecodeQuery = %v, %v; want invalid %q", q, err, tc.message)
			}
		})
	}
}

func FuzzDecodeQuery(f *testing.F) {
	f.Add(GetOrder, []byte(`{"orderId":"o1"}`))
	f.Add(ListOrders, []byte(`{"customer":"ann","limit":20,"after":"bzE"}`))
	f.Add(ListOrders, []byte(`{"limit":null,"after":""}`))
	f.Fuzz(func(t *testing.T, ceType string, data []byte) {
		wiretest.RoundTrip(t, DecodeQuery, ceType, data)
	})
}
