package function_test

import (
	"context"
	"encoding/base64"
	"net/http"
	"testing"

	function "github.com/eventfn/eventfn/functions/deadletter"
	"github.com/eventfn/eventfn/shared/deadletter"
	"github.com/eventfn/eventfn/shared/eventstore"
	"github.com/eventfn/eventfn/shared/functest"
)

func TestMain(m *testing.M) { functest.Main(m) }

func TestADeliveredDeadLetterIsStored(t *testing.T) {
	url := functest.NewDatabaseURL(t)
	srv := functest.Serve(t, function.New(), map[string]string{"DATABASE_URL": url})
	e := functest.Event("orders.order.create", map[string]any{"orderId": "o1"})
	e.SetExtension(deadletter.ExtErrorDest, "http://orders-command.eventfn.svc.cluster.local")
	e.SetExtension(deadletter.ExtErrorCode, "400")
	e.SetExtension(deadletter.ExtErrorData, base64.StdEncoding.EncodeToString([]byte("customer is required")))
	if res := functest.Send(t, srv.URL, e); res.Status != http.StatusOK || res.Body != "" {
		t.Fatalf("status %d, body %q", res.Status, res.Body)
	}
	pool, err := eventstore.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	letters, err := deadletter.List(context.Background(), pool, 10)
	if err != nil || len(letters) != 1 || letters[0].Code != 400 || letters[0].Data != "customer is required" {
		t.Errorf("stored %+v, err %v", letters, err)
	}
}
