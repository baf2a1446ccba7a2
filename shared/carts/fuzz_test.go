package carts

import (
	"testing"

	"github.com/eventfn/eventfn/shared/wire/wiretest"
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
		wiretest.RoundTrip(t, DecodeCommand, ceType, data)
	})
}
