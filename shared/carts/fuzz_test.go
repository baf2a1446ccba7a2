package carts

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/eventfn/eventfn/shared/failure"
)

// FuzzDecodeCommand checks that any input either decodes to a command that
// survives a JSON round trip unchanged, or fails as invalid; never panics.
func FuzzDecodeCommand(f *testing.F) {
	seeds := []struct{ ceType, data string }{
		{AddItem, `{"userId":"u1","sku":"apple","quantity":2}`},
		{AddItem, `{"userId":"u1","sku":"apple","quantity":-9223372036854775808}`},
		{UpdateItem, `{"userId":"u1","sku":"apple","quantity":2.0}`},
		{RemoveItem, `{"userId":"u1","sku":"\u00e9"}`},
		{CheckoutCart, `{"userId":"u1","orderId":"o1"}`},
		{CheckoutCart, `{"userId":"u1","orderId":"o1"}  `},
		{"carts.cart.unknown", `{}`},
	}
	for _, s := range seeds {
		f.Add(s.ceType, []byte(s.data))
	}
	f.Fuzz(func(t *testing.T, ceType string, data []byte) {
		cmd, err := DecodeCommand(ceType, data)
		if err != nil {
			if failure.KindOf(err) != failure.Invalid {
				t.Fatalf("error %v has kind %v, want invalid", err, failure.KindOf(err))
			}
			return
		}
		encoded, err := json.Marshal(cmd)
		if err != nil {
			t.Fatalf("encode %#v: %v", cmd, err)
		}
		again, err := DecodeCommand(ceType, encoded)
		if err != nil {
			t.Fatalf("decode %s again: %v", encoded, err)
		}
		if diff := cmp.Diff(cmd, again); diff != "" {
			t.Fatalf("round trip (-first +second):\n%s", diff)
		}
	})
}
