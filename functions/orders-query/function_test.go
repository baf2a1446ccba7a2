package function_test

import (
	"net/http"
	"testing"

	orderscmd "github.com/eventfn/eventfn/functions/orders-command"
	projector "github.com/eventfn/eventfn/functions/orders-projector"
	function "github.com/eventfn/eventfn/functions/orders-query"
	"github.com/eventfn/eventfn/shared/functest"
	"github.com/eventfn/eventfn/shared/orders"
)

func TestMain(m *testing.M) { functest.Main(m) }

func TestAnOrderIsVisibleUntilDeletedThen404(t *testing.T) {
	cfg := map[string]string{"DATABASE_URL": functest.NewDatabaseURL(t)}
	command := functest.Serve(t, orderscmd.New(), cfg).URL
	wake := functest.Serve(t, projector.New(), cfg).URL
	query := functest.Serve(t, function.New(), cfg).URL
	items := []map[string]any{{"sku": "apple", "quantity": 2}}
	functest.Run(t, command, []functest.Step{
		{Event: functest.Event(orders.CreateOrder, map[string]any{"orderId": "o1", "customer": "ann", "items": items}), Status: http.StatusOK},
		{Event: functest.Event(orders.CreateOrder, map[string]any{"orderId": "o2", "customer": "bob", "items": items}), Status: http.StatusOK},
		{Event: functest.Event(orders.UpdateOrder, map[string]any{"orderId": "o1", "customer": "cat"}), Status: http.StatusOK},
	})
	functest.Send(t, wake, functest.Event("dev.knative.sources.ping", nil))
	var o struct {
		OrderID  string `json:"orderId"`
		Customer string `json:"customer"`
		Items    []struct {
			SKU      string `json:"sku"`
			Quantity int    `json:"quantity"`
		} `json:"items"`
		Version int64 `json:"version"`
	}
	res := functest.Send(t, query, functest.Event(orders.GetOrder, map[string]any{"orderId": "o1"}))
	res.Data(t, &o)
	if res.Event.Type() != orders.OrderReply || o.Customer != "cat" || o.Version != 2 || len(o.Items) != 1 || o.Items[0].Quantity != 2 {
		t.Errorf("order %+v", o)
	}
	var page struct {
		Items []struct {
			OrderID string `json:"orderId"`
		} `json:"items"`
	}
	functest.Send(t, query, functest.Event(orders.ListOrders, map[string]any{"customer": "bob"})).Data(t, &page)
	if len(page.Items) != 1 || page.Items[0].OrderID != "o2" {
		t.Errorf("bob's orders %+v", page)
	}
	functest.Send(t, command, functest.Event(orders.DeleteOrder, map[string]any{"orderId": "o1"}))
	functest.Send(t, wake, functest.Event("dev.knative.sources.ping", nil))
	functest.Run(t, query, []functest.Step{
		{Event: functest.Event(orders.GetOrder, map[string]any{"orderId": "o1"}), Status: http.StatusNotFound},
		{Event: functest.Event(orders.GetOrder, map[string]any{"orderId": "never"}), Status: http.StatusNotFound},
		{Event: functest.Event(orders.GetOrder, map[string]any{}), Status: http.StatusBadRequest},
		{Event: functest.Event(orders.ListOrders, map[string]any{"limit": "ten"}), Status: http.StatusBadRequest},
	})
}
