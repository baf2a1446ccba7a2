package config

import (
	"context"
	"testing"

	cloudevents "github.com/cloudevents/sdk-go/v2"
	eventingv1 "knative.dev/eventing/pkg/apis/eventing/v1"
	"knative.dev/eventing/pkg/eventfilter"
)

func TestFiltersEvaluateEveryDialectLikeKnative(t *testing.T) {
	e := cloudevents.NewEvent()
	e.SetID("1")
	e.SetType("shop.order.created")
	e.SetSource("/warehouse")
	exact := func(k, v string) eventingv1.SubscriptionsAPIFilter {
		return eventingv1.SubscriptionsAPIFilter{Exact: map[string]string{k: v}}
	}
	cases := []struct {
		name    string
		filters []eventingv1.SubscriptionsAPIFilter
		want    eventfilter.FilterResult
	}{
		{"no filters", nil, eventfilter.NoFilter},
		{"an entry without dialect is skipped", []eventingv1.SubscriptionsAPIFilter{{}}, eventfilter.NoFilter},
		{"exact", []eventingv1.SubscriptionsAPIFilter{exact("type", "shop.order.created")}, eventfilter.PassFilter},
		{"exact other", []eventingv1.SubscriptionsAPIFilter{exact("type", "shop.order.create")}, eventfilter.FailFilter},
		{"prefix", []eventingv1.SubscriptionsAPIFilter{{Prefix: map[string]string{"type": "shop."}}}, eventfilter.PassFilter},
		{"suffix", []eventingv1.SubscriptionsAPIFilter{{Suffix: map[string]string{"type": ".deleted"}}}, eventfilter.FailFilter},
		{"list is all", []eventingv1.SubscriptionsAPIFilter{exact("type", "shop.order.created"), exact("source", "/shop")}, eventfilter.FailFilter},
		{"all", []eventingv1.SubscriptionsAPIFilter{{All: []eventingv1.SubscriptionsAPIFilter{
			exact("type", "shop.order.created"), exact("source", "/warehouse")}}}, eventfilter.PassFilter},
		{"any", []eventingv1.SubscriptionsAPIFilter{{Any: []eventingv1.SubscriptionsAPIFilter{
			exact("type", "x"), exact("source", "/warehouse")}}}, eventfilter.PassFilter},
		{"any none", []eventingv1.SubscriptionsAPIFilter{{Any: []eventingv1.SubscriptionsAPIFilter{
			exact("type", "x"), exact("source", "/y")}}}, eventfilter.FailFilter},
		{"not", []eventingv1.SubscriptionsAPIFilter{{Not: &eventingv1.SubscriptionsAPIFilter{Prefix: map[string]string{"type": "shop."}}}}, eventfilter.FailFilter},
		{"cesql", []eventingv1.SubscriptionsAPIFilter{{CESQL: "source = '/warehouse' AND type LIKE '%.created'"}}, eventfilter.PassFilter},
	}
	for _, c := range cases {
		f, err := Filter(c.filters)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got := f.Filter(context.Background(), e); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
		f.Cleanup()
	}
}

func TestAFilterKnativeCannotBuildIsAnError(t *testing.T) {
	bad := []eventingv1.SubscriptionsAPIFilter{{Not: &eventingv1.SubscriptionsAPIFilter{CESQL: "type = = 'x'"}}}
	if _, err := Filter(bad); err == nil {
		t.Error("an unparsable cesql expression built")
	}
}
