package function_test

import (
	"net/http"
	"testing"

	cartscmd "github.com/eventfn/eventfn/functions/carts-command"
	projector "github.com/eventfn/eventfn/functions/carts-projector"
	function "github.com/eventfn/eventfn/functions/carts-query"
	"github.com/eventfn/eventfn/shared/carts"
	"github.com/eventfn/eventfn/shared/functest"
)

func TestMain(m *testing.M) { functest.Main(m) }

type cart struct {
	UserID string `json:"userId"`
	Items  []struct {
		SKU      string `json:"sku"`
		Quantity int    `json:"quantity"`
	} `json:"items"`
	Version int64 `json:"version"`
}

func TestACartShowsItsLinesAndAnUnknownUserHasAnEmptyOne(t *testing.T) {
	cfg := map[string]string{"DATABASE_URL": functest.NewDatabaseURL(t)}
	command := functest.Serve(t, cartscmd.New(), cfg).URL
	wake := functest.Serve(t, projector.New(), cfg).URL
	query := functest.Serve(t, function.New(), cfg).URL
	functest.Run(t, command, []functest.Step{
		{Event: functest.Event(carts.AddItem, map[string]any{"userId": "u1", "sku": "pear", "quantity": 1}), Status: http.StatusOK},
		{Event: functest.Event(carts.AddItem, map[string]any{"userId": "u1", "sku": "apple", "quantity": 2}), Status: http.StatusOK},
		{Event: functest.Event(carts.AddItem, map[string]any{"userId": "u1", "sku": "apple", "quantity": 3}), Status: http.StatusOK},
	})
	functest.Send(t, wake, functest.Event("dev.knative.sources.ping", nil))
	var c cart
	functest.Send(t, query, functest.Event(carts.GetCart, map[string]any{"userId": "u1"})).Data(t, &c)
	if c.UserID != "u1" || c.Version != 3 || len(c.Items) != 2 || c.Items[0].SKU != "apple" || c.Items[0].Quantity != 5 {
		t.Errorf("cart %+v", c)
	}
	var empty cart
	res := functest.Send(t, query, functest.Event(carts.GetCart, map[string]any{"userId": "stranger"}))
	res.Data(t, &empty)
	if res.Status != http.StatusOK || empty.UserID != "stranger" || len(empty.Items) != 0 || empty.Version != 0 || string(res.Event.Data()) == "" {
		t.Errorf("unknown user's cart: status %d, %s", res.Status, res.Event.Data())
	}
	functest.Run(t, query, []functest.Step{
		{Event: functest.Event(carts.GetCart, map[string]any{}), Status: http.StatusBadRequest},
		{Event: functest.Event(carts.GetCart, map[string]any{"userId": 5}), Status: http.StatusBadRequest},
	})
}
