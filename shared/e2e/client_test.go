package e2e

import (
	"encoding/json"

	"net/http"
	"testing"
	"time"

	"github.com/cloudevents/sdk-go/v2/event"
	"github.com/google/uuid"

	"github.com/eventfn/eventfn/shared/functest"
)

// run makes every test's names unique, so tests can share one system and
// be re-run against a long-lived deployment.
var run = uuid.NewString()[:8]

func id(name string) string { return name + "-" + run }

func ce(typ string, data any) event.Event {
	e := functest.Event(typ, data)
	e.SetSource("/e2e")
	return e
}

// accepted is a command's reply data.
type accepted struct {
	Stream  string `json:"stream"`
	Version int64  `json:"version"`
	Token   string `json:"token"`
}

// command sends a command and requires a 200 with its accepted reply.
func command(t *testing.T, url string, typ string, data any) accepted {
	t.Helper()
	res := functest.Send(t, url, ce(typ, data))
	if res.Status != http.StatusOK || res.Event == nil || res.Event.Type() != typ+".accepted" {
		t.Fatalf("%s %v: status %d, body %q", typ, data, res.Status, res.Body)
	}
	var a accepted
	res.Data(t, &a)
	return a
}

// refused sends a command and requires status with nothing accepted.
func refused(t *testing.T, url string, typ string, data any, status int) {
	t.Helper()
	if res := functest.Send(t, url, ce(typ, data)); res.Status != status {
		t.Errorf("%s %v: status %d body %q, want %d", typ, data, res.Status, res.Body, status)
	}
}

// query sends a query that waits for token, and decodes a 200 reply into v.
func query(t *testing.T, url, typ string, data any, token string, v any) int {
	t.Helper()
	e := ce(typ, data)
	if token != "" {
		e.SetExtension("consistencytoken", token)
	}
	res := functest.Send(t, url, e)
	if res.Status == http.StatusOK && v != nil {
		res.Data(t, v)
	}
	return res.Status
}

// eventually retries a query until it answers 200 (for effects that go
// through the broker, where no token reaches the caller).
func eventually(t *testing.T, url, typ string, data any, v any) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		status := query(t, url, typ, data, "", v)
		if status == http.StatusOK {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s %v: still %d after 30s", typ, data, status)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

func items(skuQty ...any) []map[string]any {
	out := []map[string]any{}
	for i := 0; i+1 < len(skuQty); i += 2 {
		out = append(out, map[string]any{"sku": skuQty[i], "quantity": skuQty[i+1]})
	}
	return out
}
