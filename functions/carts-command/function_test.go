package function_test

import (
	"net/http"
	"testing"

	"github.com/cloudevents/sdk-go/v2/event"

	function "github.com/eventfn/eventfn/functions/carts-command"
	"github.com/eventfn/eventfn/shared/carts"
	"github.com/eventfn/eventfn/shared/functest"
)

func TestMain(m *testing.M) { functest.Main(m) }

func served(t testing.TB) string {
	url := functest.NewDatabaseURL(t)
	return functest.Serve(t, function.New(), map[string]string{"DATABASE_URL": url}).URL
}

func line(typ, user, sku string, qty ...int) event.Event {
	data := map[string]any{"userId": user, "sku": sku}
	if len(qty) > 0 {
		data["quantity"] = qty[0]
	}
	return functest.Event(typ, data)
}

func checkout(user, order string) event.Event {
	return functest.Event(carts.CheckoutCart, map[string]any{"userId": user, "orderId": order})
}

func TestACartFillsChangesAndChecksOut(t *testing.T) {
	functest.Run(t, served(t), []functest.Step{
		{Event: line(carts.AddItem, "u1", "apple", 2), Status: http.StatusOK},
		{Event: line(carts.AddItem, "u1", "apple", 1), Status: http.StatusOK},
		{Event: line(carts.AddItem, "u1", "pear", 1), Status: http.StatusOK},
		{Event: line(carts.UpdateItem, "u1", "pear", 5), Status: http.StatusOK},
		{Event: line(carts.RemoveItem, "u1", "pear"), Status: http.StatusOK},
		{Event: checkout("u1", "o1"), Status: http.StatusOK},
		{Event: checkout("u1", "o2"), Status: http.StatusUnprocessableEntity, Contains: "empty"},
	})
}

func TestCartRulesRefuseWith422(t *testing.T) {
	functest.Run(t, served(t), []functest.Step{
		{Event: line(carts.AddItem, "u1", "apple", 0), Status: http.StatusUnprocessableEntity},
		{Event: line(carts.UpdateItem, "u1", "apple", 2), Status: http.StatusUnprocessableEntity, Contains: "apple"},
		{Event: line(carts.RemoveItem, "u1", "apple"), Status: http.StatusUnprocessableEntity, Contains: "apple"},
		{Event: checkout("u1", "o1"), Status: http.StatusUnprocessableEntity, Contains: "empty"},
		{Event: line(carts.AddItem, "u1", "apple", 1), Status: http.StatusOK},
		{Event: line(carts.UpdateItem, "u1", "apple", 0), Status: http.StatusUnprocessableEntity},
	})
}

func TestBadCartDataIsRefusedWith400(t *testing.T) {
	functest.Run(t, served(t), []functest.Step{
		{Event: functest.Event(carts.AddItem, map[string]any{"userId": 1, "sku": "a", "quantity": 1}), Status: http.StatusBadRequest},
		{Event: functest.Event(carts.AddItem, map[string]any{"userId": "u", "sku": "a", "quantity": 1.5}), Status: http.StatusBadRequest},
		{Event: functest.Event(carts.AddItem, map[string]any{"userId": "u", "sku": "a"}), Status: http.StatusBadRequest},
		{Event: functest.Event(carts.CheckoutCart, map[string]any{"userId": "u"}), Status: http.StatusBadRequest},
	})
}

func FuzzCartsCommand(f *testing.F) {
	functest.FuzzCommands(f, function.New(), carts.CommandTypes(), map[int][]string{
		0: {`{"userId":"u","sku":"a","quantity":1}`, `{"userId":"u","sku":"a","quantity":-1}`, `{}`},
		1: {`{"userId":"u","sku":"a","quantity":3}`},
		2: {`{"userId":"u","sku":"a"}`},
		3: {`{"userId":"u","orderId":"o"}`, `{"userId":"u","orderId":"o","x":1}`},
	})
}
