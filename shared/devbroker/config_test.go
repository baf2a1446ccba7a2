package devbroker

import (
	"strings"
	"testing"

	eventingv1 "knative.dev/eventing/pkg/apis/eventing/v1"
	"knative.dev/pkg/apis"
	duckv1 "knative.dev/pkg/apis/duck/v1"
)

func TestNewRefusesAnIncompleteOrInconsistentConfig(t *testing.T) {
	resolve := ResolveByName(map[string]string{"fn": "http://127.0.0.1:1"})
	otherBroker := trigger("fn", "t")
	otherBroker.Spec.Broker = "other"
	badFilter := trigger("fn", "t")
	badFilter.Spec.Filters = []eventingv1.SubscriptionsAPIFilter{{CESQL: "type = = 'x'"}}
	cases := map[string]Config{
		"no name":          {Namespace: "test", Resolve: resolve},
		"no resolver":      {Namespace: "test", Name: "default"},
		"foreign trigger":  {Namespace: "test", Name: "default", Resolve: resolve, Triggers: []*eventingv1.Trigger{otherBroker}},
		"invalid filter":   {Namespace: "test", Name: "default", Resolve: resolve, Triggers: []*eventingv1.Trigger{badFilter}},
		"unknown function": {Namespace: "test", Name: "default", Resolve: resolve, Triggers: []*eventingv1.Trigger{trigger("nobody", "t")}},
		"unknown dead-letter sink": {Namespace: "test", Name: "default", Resolve: resolve,
			Delivery: delivery(1, "PT1S", "PT1S"), Triggers: []*eventingv1.Trigger{trigger("fn", "t")}},
		"negative queue": {Namespace: "test", Name: "default", Resolve: resolve, QueueSize: -1},
	}
	for name, cfg := range cases {
		if b, err := New(cfg); err == nil {
			_ = b.Close(t.Context())
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestLoadManifestsWantsExactlyOneBroker(t *testing.T) {
	if _, _, err := LoadManifests("testdata/two-brokers"); err == nil || !strings.Contains(err.Error(), "2 brokers") {
		t.Errorf("two brokers: %v", err)
	}
	if _, _, err := LoadManifests("testdata/missing"); err == nil {
		t.Error("missing directory accepted")
	}
	b, triggers, err := LoadManifests("../../config")
	if err != nil || b.Name != "default" || len(triggers) == 0 {
		t.Errorf("config/: broker %v, %d triggers, %v", b, len(triggers), err)
	}
}

func TestResolveByNameJoinsAFunctionURLAndARelativeURI(t *testing.T) {
	resolve := ResolveByName(map[string]string{"fn": "http://127.0.0.1:8081/base/"})
	ref := &duckv1.KReference{Kind: "Service", Name: "fn"}
	rel, _ := apis.ParseURL("hook")
	abs, _ := apis.ParseURL("http://example.test/x")
	cases := []struct {
		dest duckv1.Destination
		want string
	}{
		{duckv1.Destination{Ref: ref}, "http://127.0.0.1:8081/base/"},
		{duckv1.Destination{Ref: ref, URI: rel}, "http://127.0.0.1:8081/base/hook"},
		{duckv1.Destination{URI: abs}, "http://example.test/x"},
	}
	for _, c := range cases {
		got, err := resolve(c.dest)
		if err != nil || got.String() != c.want {
			t.Errorf("resolve %+v = %v, %v; want %s", c.dest, got, err, c.want)
		}
	}
	if _, err := resolve(duckv1.Destination{URI: rel}); err == nil {
		t.Error("a relative uri without a ref resolved")
	}
	if _, err := ResolveByName(map[string]string{"fn": "not a url"})(duckv1.Destination{Ref: ref}); err == nil {
		t.Error("a relative base URL resolved")
	}
}
