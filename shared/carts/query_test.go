package carts

import (
	"errors"
	"testing"

	"github.com/eventfn/eventfn/shared/failure"
	"github.com/eventfn/eventfn/shared/wire/wiretest"
)

func TestDecodeQueryReadsTheCartQuery(t *testing.T) {
	q, err := DecodeQuery(GetCart, []byte(`{"userId":"u1"}`))
	if err != nil || q != (GetQuery{UserID: "u1"}) || q.QueryType() != GetCart {
		t.Fatalf("DecodeQuery = %#v, %v", q, err)
	}
}

func TestDecodeQueryRefusesBadDataAsInvalid(t *testing.T) {
	cases := []struct{ name, ceType, data, message string }{
		{"unknown type", "carts.cart.list", `{}`, `unknown query type "carts.cart.list"`},
		{"no user", GetCart, `{}`, "userId is required"},
		{"numeric user", GetCart, `{"userId":7}`, "userId must be a string"},
		{"unknown field", GetCart, `{"userId":"u1","sku":"a"}`, `unknown field "sku"`},
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
	f.Add(GetCart, []byte(`{"userId":"u1"}`))
	f.Add(GetCart, []byte(`{"userId":"u1"} x`))
	f.Fuzz(func(t *testing.T, ceType string, data []byte) {
		wiretest.RoundTrip(t, DecodeQuery, ceType, data)
	})
}
