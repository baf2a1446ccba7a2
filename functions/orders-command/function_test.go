package function_test

import (
	"net/http"
	"testing"

	"github.com/cloudevents/sdk-go/v2/event"

	function "github.com/eventfn/eventfn/functions/orders-command"
	"github.com/eventfn/eventfn/shared/functest"
	"github.com/eventfn/eventfn/shared/orders"
)

func TestMain(m *testing.M) { functest.Main(m) }

func served(t testing.TB) string {
	url := functest.NewDatabaseURL(t)
	return functest.Serve(t, function.New(), map[string]string{"DATABASE_URL": url}).URL
}

func order(typ string, data map[string]any) event.Event { return functest.Event(typ, data) }

func items(skuQty ...any) []map[string]any {
	out := []map[string]any{}
	for i := 0; i+1 < len(skuQty); i += 2 {
		out = append(out, map[string]any{"sku": skuQty[i], "quantity": skuQty[i+1]})
	}
	return out
}

func TestAnOrderIsCreatedUpdatedAndDeleted(t *testing.T) {
	functest.Run(t, served(t), []functest.Step{
		{Event: order(orders.CreateOrder, map[string]any{"orderId": "o1", "customer": "ann", "items": items("apple", 2)}), Status: http.StatusOK},
		{Event: order(orders.UpdateOrder, map[string]any{"orderId": "o1", "items": items("pear", 1)}), Status: http.StatusOK},
		{Event: order(orders.UpdateOrder, map[string]any{"orderId": "o1", "customer": "bob"}), Status: http.StatusOK},
		{Event: order(orders.DeleteOrder, map[string]any{"orderId": "o1"}), Status: http.StatusOK},
	})
}

func TestOrderRulesRefuseWith422(t *testing.T) {
	functest.Run(t, served(t), []functest.Step{
		{Event: order(orders.CreateOrder, map[string]any{"orderId": "o1", "customer": "ann", "items": items()}), Status: http.StatusUnprocessableEntity, Contains: "item"},
		{Event: order(orders.UpdateOrder, map[string]any{"orderId": "nope", "customer": "x"}), Status: http.StatusUnprocessableEntity, Contains: "nope"},
		{Event: order(orders.DeleteOrder, map[string]any{"orderId": "nope"}), Status: http.StatusUnprocessableEntity, Contains: "nope"},
		{Event: order(orders.CreateOrder, map[string]any{"orderId": "o2", "customer": "ann", "items": items("apple", 1)}), Status: http.StatusOK},
		{Event: order(orders.CreateOrder, map[string]any{"orderId": "o2", "customer": "ann", "items": items("apple", 1)}), Status: http.StatusUnprocessableEntity, Contains: "o2"},
		{Event: order(orders.DeleteOrder, map[string]any{"orderId": "o2"}), Status: http.StatusOK},
		{Event: order(orders.UpdateOrder, map[string]any{"orderId": "o2", "customer": "x"}), Status: http.StatusUnprocessableEntity, Contains: "deleted"},
		{Event: order(orders.DeleteOrder, map[string]any{"orderId": "o2"}), Status: http.StatusUnprocessableEntity, Contains: "deleted"},
	})
}

func TestBadOrderDataIsRefusedWith400(t *testing.T) {
	functest.Run(t, served(t), []functest.Step{
		{Event: order(orders.CreateOrder, map[string]any{"orderId": "o1", "customer": "ann", "items": items("apple", "two")}), Status: http.StatusBadRequest},
		{Event: order(orders.CreateOrder, map[string]any{"orderId": "o1", "customer": "ann", "items": items("apple", 1), "note": "x"}), Status: http.StatusBadRequest},
		{Event: order(orders.CreateOrder, map[string]any{"orderId": 1, "customer": "ann", "items": items("apple", 1)}), Status: http.StatusBadRequest},
		{Event: order("orders.order.cancel", map[string]any{"orderId": "o1"}), Status: http.StatusBadRequest},
	})
}

func FuzzOrdersCommand(f *testing.F) {
	functest.FuzzCommands(f, function.New(), orders.CommandTypes(), map[int][]string{
		0: {`{"orderId":"o1","customer":"ann","items":[{"sku":"a","quantity":1}]}`, `{"orderId":"o1"}`, `[]`, `null`},
		1: {`{"orderId":"o1","customer":"bob"}`, `{"orderId":"o1","items":[]}`},
		2: {`{"orderId":"o1"}`, `{"orderId":""}`, `{`},
	})
}
