package devbroker

import (
	"slices"
	"testing"

	sourcesv1 "knative.dev/eventing/pkg/apis/sources/v1"
)

// startFromManifests runs the broker of dir with one accepting subscriber per
// function name.
func startFromManifests(t *testing.T, dir string, names ...string) (*Broker, string, map[string]*subscriber) {
	t.Helper()
	b, triggers, err := LoadManifests(dir)
	if err != nil {
		t.Fatal(err)
	}
	subs := map[string]*subscriber{}
	for _, n := range names {
		subs[n] = accepting(t)
	}
	broker, url := start(t, Config{Namespace: b.Namespace, Name: b.Name, Delivery: b.Spec.Delivery, Triggers: triggers}, subs)
	return broker, url, subs
}

func TestTheRealManifestsRouteEventsCommandsAndTicksToTheirFunctions(t *testing.T) {
	b, url, subs := startFromManifests(t, "../../config",
		"accounts-projector", "orders-projector", "carts-projector", "checkout-processor", "orders-command", "deadletter")
	sent := []struct{ ceType, source string }{
		{"accounts.account.created", "/eventfn/relay"},
		{"accounts.account.create", "/client"}, // a command: no Trigger takes it
		{"orders.order.updated", "/eventfn/relay"},
		{"orders.order.create", "/eventfn/checkout-processor"},
		{"carts.cart.checked-out", "/eventfn/relay"},
		{sourcesv1.PingSourceEventType, sourcesv1.PingSourceSource("eventfn", "projector-tick")},
	}
	for i, s := range sent {
		if status := post(t, url, newEvent(string(rune('a'+i)), s.ceType, s.source), false); status != 202 {
			t.Fatalf("post %s: status %d", s.ceType, status)
		}
	}
	closeBroker(t, b)
	want := map[string][]string{
		"accounts-projector": {"accounts.account.created", sourcesv1.PingSourceEventType},
		"orders-projector":   {"orders.order.updated", sourcesv1.PingSourceEventType},
		"carts-projector":    {"carts.cart.checked-out", sourcesv1.PingSourceEventType},
		"checkout-processor": {"carts.cart.checked-out"},
		"orders-command":     {"orders.order.create"},
		"deadletter":         nil,
	}
	for name, types := range want {
		got := subs[name].types()
		slices.Sort(got)
		slices.Sort(types)
		if !slices.Equal(got, types) {
			t.Errorf("%s received %v, want %v", name, got, types)
		}
	}
}

func TestEveryFilterDialectRoutesAsKnativeEvaluatesIt(t *testing.T) {
	names := []string{"exact", "prefix", "suffix", "all", "any", "not", "cesql", "everything"}
	b, url, subs := startFromManifests(t, "testdata/dialects", names...)
	sent := []struct{ id, ceType, source string }{
		{"1", "shop.order.created", "/warehouse"},
		{"2", "shop.order.deleted", "/shop"},
		{"3", "billing.invoice.created", "/billing"},
		{"4", "billing.invoice.deleted", "/other"},
	}
	for _, s := range sent {
		if status := post(t, url, newEvent(s.id, s.ceType, s.source), false); status != 202 {
			t.Fatalf("post %s: status %d", s.id, status)
		}
	}
	closeBroker(t, b)
	want := map[string][]string{
		"exact":      {"1"},
		"prefix":     {"1", "2"},
		"suffix":     {"2", "4"},
		"all":        {"1"},
		"any":        {"2", "3"},
		"not":        {"3", "4"},
		"cesql":      {"3"},
		"everything": {"1", "2", "3", "4"},
	}
	for name, ids := range want {
		var got []string
		for _, r := range subs[name].received() {
			got = append(got, r.event.ID())
		}
		slices.Sort(got)
		if !slices.Equal(got, ids) {
			t.Errorf("trigger %s received %v, want %v", name, got, ids)
		}
	}
}

func TestATriggerWithFormatJSONGetsStructuredEventsOthersBinary(t *testing.T) {
	b, url, subs := startFromManifests(t, "testdata/dialects", "exact", "prefix", "suffix", "all", "any", "not", "cesql", "everything")
	post(t, url, newEvent("1", "shop.order.created", "/warehouse"), false)
	closeBroker(t, b)
	if ct := subs["everything"].received()[0].contentType; ct != "application/cloudevents+json" {
		t.Errorf("format json trigger got content type %q", ct)
	}
	if ct := subs["exact"].received()[0].contentType; ct != "application/json" {
		t.Errorf("default trigger got content type %q, want binary mode", ct)
	}
}
