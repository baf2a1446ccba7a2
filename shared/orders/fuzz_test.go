package orders

import (
	"testing"

	"github.com/eventfn/eventfn/shared/wire/wiretest"
)

// FuzzDecodeCommand checks that any input either decodes to a command that
// survives a JSON round trip unchanged, or fails as invalid; never panics.
func FuzzDecodeCommand(f *testing.F) {
	seeds := []struct{ ceType, data string }{
		{CreateOrder, `{"orderId":"o1","customer":"ann","items":[{"sku":"a","quantity":2}]}`},
		{CreateOrder, `{"orderId":"o1","customer":"ann","items":[]}`},
		{CreateOrder, `{"orderId":"o1","customer":"ann","items":[{"sku":"a","quantity":1},{"sku":"a","quantity":1}]}`},
		{UpdateOrder, `{"orderId":"o1","customer":"bob"}`},
		{UpdateOrder, `{"orderId":"o1","items":[]}`},
		{UpdateOrder, `{"orderId":"o1","customer":"bob","items":[{"sku":"\u00e9","quantity":1000000}]}`},
		{DeleteOrder, `{"orderId":"o1"}`},
		{"orders.order.unknown", `{}`},
	}
	for _, s := range seeds {
		f.Add(s.ceType, []byte(s.data))
	}
	f.Fuzz(func(t *testing.T, ceType string, data []byte) {
		wiretest.RoundTrip(t, DecodeCommand, ceType, data)
	})
}
