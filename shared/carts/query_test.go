package carts

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/eventfn/eventfn/shared/failure"
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
		q, err := DecodeQuery(ceType, data)
		if err != nil {
			if failure.KindOf(err) != failure.Invalid {
				t.Fatalf("error %v has kind %v, want invalid", err, failure.KindOf(err))
			}
			return
		}
		encoded, err := json.Marshal(q)
		if err != nil {
			t.Fatal(err)
		}
		if again, err := DecodeQuery(ceType, encoded); err != nil || again != q {
			t.Fatalf("round trip of %s = %#v, %v; want %#v", encoded, again, err, q)
		}
	})
}
