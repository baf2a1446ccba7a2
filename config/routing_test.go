package config

import (
	"context"
	"slices"
	"testing"

	cloudevents "github.com/cloudevents/sdk-go/v2"
	sourcesv1 "knative.dev/eventing/pkg/apis/sources/v1"
	"knative.dev/eventing/pkg/eventfilter"

	"github.com/eventfn/eventfn/shared/accounts"
	"github.com/eventfn/eventfn/shared/carts"
	"github.com/eventfn/eventfn/shared/orders"
)

// routes returns the subscribers whose Trigger filters, evaluated by
// Knative Eventing's own filter package, let an event of ceType from source
// through.
func routes(t *testing.T, m *Manifests, ceType, source string) []string {
	t.Helper()
	e := cloudevents.NewEvent()
	e.SetID("1")
	e.SetType(ceType)
	e.SetSource(source)
	var out []string
	for _, tr := range m.Triggers {
		f, err := Filter(tr.Spec.Filters)
		if err != nil {
			t.Fatalf("trigger %s: %v", tr.Name, err)
		}
		if f.Filter(context.Background(), e) != eventfilter.FailFilter {
			out = append(out, tr.Spec.Subscriber.Ref.Name)
		}
	}
	return out
}

func TestEveryDomainEventReachesExactlyItsProjector(t *testing.T) {
	m := loadConfig(t)
	contexts := map[string][]string{
		"accounts-projector": accounts.EventTypes(),
		"orders-projector":   orders.EventTypes(),
		"carts-projector":    carts.EventTypes(),
	}
	for projector, types := range contexts {
		for _, ceType := range types {
			got := routes(t, m, ceType, "/eventfn/relay")
			if !slices.Contains(got, projector) {
				t.Errorf("%s is not routed to %s (routed to %v)", ceType, projector, got)
			}
			for _, other := range got {
				if other != projector && !(ceType == carts.CartCheckedOut && other == "checkout-processor") {
					t.Errorf("%s is also routed to %s", ceType, other)
				}
			}
		}
	}
}

func TestCommandsReachOnlyTheirCommandFunctionNeverAProjector(t *testing.T) {
	m := loadConfig(t)
	for _, types := range [][]string{accounts.CommandTypes(), orders.CommandTypes(), carts.CommandTypes()} {
		for _, ceType := range types {
			got := routes(t, m, ceType, "/eventfn/checkout-processor")
			want := []string(nil)
			if ceType == orders.CreateOrder {
				want = []string{"orders-command"}
			}
			if !slices.Equal(got, want) {
				t.Errorf("command %s routed to %v, want %v", ceType, got, want)
			}
		}
	}
}

func TestACheckoutReachesTheCheckoutProcessor(t *testing.T) {
	m := loadConfig(t)
	if got := routes(t, m, carts.CartCheckedOut, "/eventfn/relay"); !slices.Contains(got, "checkout-processor") {
		t.Errorf("%s routed to %v", carts.CartCheckedOut, got)
	}
}

// The tick must match what a PingSource really sends: Knative sets the type
// to sourcesv1.PingSourceEventType and the source to PingSourceSource,
// whatever the manifest says.
func TestThePingSourceTickWakesEveryProjectorAndNothingElse(t *testing.T) {
	m := loadConfig(t)
	ping := m.PingSources[0]
	if ref := ping.Spec.Sink.Ref; ref == nil || ref.Kind != "Broker" || ref.Name != "default" {
		t.Fatalf("ping source sink = %+v, want the default Broker", ping.Spec.Sink)
	}
	source := sourcesv1.PingSourceSource(ping.Namespace, ping.Name)
	got := routes(t, m, sourcesv1.PingSourceEventType, source)
	slices.Sort(got)
	want := []string{"accounts-projector", "carts-projector", "orders-projector"}
	if !slices.Equal(got, want) {
		t.Errorf("tick routed to %v, want %v", got, want)
	}
	if other := routes(t, m, sourcesv1.PingSourceEventType, sourcesv1.PingSourceSource("eventfn", "other")); len(other) > 0 {
		t.Errorf("another PingSource's tick routed to %v", other)
	}
}
