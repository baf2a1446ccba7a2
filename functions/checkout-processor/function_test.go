package function_test

import (
	"context"
	"net/http"

	"github.com/cloudevents/sdk-go/v2/event"
	"testing"

	function "github.com/eventfn/eventfn/functions/checkout-processor"
	ordercmd "github.com/eventfn/eventfn/functions/orders-command"
	"github.com/eventfn/eventfn/shared/eventstore"
	"github.com/eventfn/eventfn/shared/functest"
)

func TestMain(m *testing.M) { functest.Main(m) }

func checkedOut() map[string]any {
	return map[string]any{
		"userId": "u-1", "orderId": "o-1",
		"items": []map[string]any{{"sku": "apple", "quantity": 2}, {"sku": "pear", "quantity": 1}},
	}
}

func TestACheckoutRepliesWithTheOrderCommand(t *testing.T) {
	srv := functest.Serve(t, function.New(), nil)
	res := functest.Send(t, srv.URL, functest.Event("carts.cart.checked-out", checkedOut()))
	if res.Status != http.StatusOK || res.Event == nil {
		t.Fatalf("status %d, body %q", res.Status, res.Body)
	}
	if res.Event.Type() != "orders.order.create" || res.Event.Subject() != "o-1" {
		t.Errorf("reply %s", res.Event)
	}
	var cmd struct {
		OrderID  string `json:"orderId"`
		Customer string `json:"customer"`
		Items    []struct {
			SKU      string `json:"sku"`
			Quantity int    `json:"quantity"`
		} `json:"items"`
	}
	res.Data(t, &cmd)
	if cmd.OrderID != "o-1" || cmd.Customer != "u-1" || len(cmd.Items) != 2 || cmd.Items[0].SKU != "apple" || cmd.Items[0].Quantity != 2 {
		t.Errorf("command data %+v", cmd)
	}
}

func TestACheckoutDeliveredThreeTimesPlacesOneOrder(t *testing.T) {
	url := functest.NewDatabaseURL(t)
	orders := functest.Serve(t, ordercmd.New(), map[string]string{"DATABASE_URL": url})
	checkout := functest.Serve(t, function.New(), nil)
	delivery := functest.Event("carts.cart.checked-out", checkedOut())
	var ids []string
	for range 3 {
		reply := functest.Send(t, checkout.URL, delivery)
		if reply.Event == nil {
			t.Fatalf("no command: status %d, body %q", reply.Status, reply.Body)
		}
		ids = append(ids, reply.Event.ID())
		if res := functest.Send(t, orders.URL, *reply.Event); res.Status != http.StatusOK {
			t.Fatalf("orders-command: status %d, body %q", res.Status, res.Body)
		}
	}
	if ids[0] != ids[1] || ids[1] != ids[2] {
		t.Errorf("command ids differ across deliveries: %v", ids)
	}
	pool, err := eventstore.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	var created int
	err = pool.QueryRow(context.Background(), "SELECT count(*) FROM events WHERE type = 'orders.order.created'").Scan(&created)
	if err != nil || created != 1 {
		t.Errorf("orders created: %d (err %v), want 1", created, err)
	}
}

func TestOtherEventsAndBrokenCheckoutsAreRefusedAs400(t *testing.T) {
	srv := functest.Serve(t, function.New(), nil)
	for name, e := range map[string]event.Event{
		"other type":   functest.Event("carts.item.added", map[string]any{"userId": "u", "sku": "s", "quantity": 1, "lineQuantity": 1}),
		"missing data": functest.Event("carts.cart.checked-out", map[string]any{"userId": "u"}),
		"wrong types":  functest.Event("carts.cart.checked-out", map[string]any{"userId": 1, "orderId": "o", "items": "none"}),
	} {
		if res := functest.Send(t, srv.URL, e); res.Status != http.StatusBadRequest {
			t.Errorf("%s: status %d, body %q, want 400", name, res.Status, res.Body)
		}
	}
}
