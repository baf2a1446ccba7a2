package config

import (
	"context"
	"fmt"

	cloudevents "github.com/cloudevents/sdk-go/v2"
	eventingv1 "knative.dev/eventing/pkg/apis/eventing/v1"
	"knative.dev/eventing/pkg/eventfilter"
	"knative.dev/eventing/pkg/eventfilter/subscriptionsapi"
)

// Filter builds the filter a Trigger's spec.filters stands for, as Knative's
// broker does (subscriptionsapi.CreateSubscriptionsAPIFilters): the list is
// an implicit "all", an empty list lets everything through, and an entry
// with no dialect is skipped. The exact, prefix, suffix, not and cesql
// dialects are Knative's own filters. Only "all" and "any" are composed
// here: Knative's versions reorder their children from a background
// goroutine that races with Filter (a data race the race detector reports),
// so these evaluate in manifest order with the same results.
func Filter(filters []eventingv1.SubscriptionsAPIFilter) (eventfilter.Filter, error) {
	if len(filters) == 0 {
		return subscriptionsapi.NewNoFilter(), nil
	}
	return allOf(filters)
}

func allOf(filters []eventingv1.SubscriptionsAPIFilter) (eventfilter.Filter, error) {
	children, err := filterList(filters)
	if err != nil || len(children) == 1 {
		return single(children), err
	}
	return all(children), nil
}

func anyOf(filters []eventingv1.SubscriptionsAPIFilter) (eventfilter.Filter, error) {
	children, err := filterList(filters)
	if err != nil || len(children) == 1 {
		return single(children), err
	}
	return anyFilter(children), nil
}

func single(children []eventfilter.Filter) eventfilter.Filter {
	if len(children) == 1 {
		return children[0]
	}
	return nil
}

func filterList(filters []eventingv1.SubscriptionsAPIFilter) ([]eventfilter.Filter, error) {
	out := make([]eventfilter.Filter, 0, len(filters))
	for i, f := range filters {
		built, err := dialect(f)
		if err != nil {
			return nil, fmt.Errorf("filter %d: %w", i, err)
		}
		if built != nil {
			out = append(out, built)
		}
	}
	return out, nil
}

// dialect mirrors subscriptionsapi.MaterializeSubscriptionsAPIFilter, but
// reports a filter it cannot build instead of skipping it.
func dialect(f eventingv1.SubscriptionsAPIFilter) (eventfilter.Filter, error) {
	switch {
	case len(f.Exact) > 0:
		return subscriptionsapi.NewExactFilter(f.Exact)
	case len(f.Prefix) > 0:
		return subscriptionsapi.NewPrefixFilter(f.Prefix)
	case len(f.Suffix) > 0:
		return subscriptionsapi.NewSuffixFilter(f.Suffix)
	case len(f.All) > 0:
		return allOf(f.All)
	case len(f.Any) > 0:
		return anyOf(f.Any)
	case f.Not != nil:
		inner, err := dialect(*f.Not)
		if err != nil {
			return nil, fmt.Errorf("not: %w", err)
		}
		return subscriptionsapi.NewNotFilter(inner), nil
	case f.CESQL != "":
		return cesql(f.CESQL)
	}
	return nil, nil
}

// cesql builds a CESQL filter. The CESQL parser panics on some malformed
// expressions (Knative's validation recovers from it too), so a panic here
// is an invalid expression, not a crash.
func cesql(expr string) (f eventfilter.Filter, err error) {
	defer func() {
		if r := recover(); r != nil {
			f, err = nil, fmt.Errorf("invalid cesql expression %q: %v", expr, r)
		}
	}()
	return subscriptionsapi.NewCESQLFilter(expr)
}

// all fails as soon as one child fails; otherwise it answers what the last
// child answered, as Knative's allFilter does.
type all []eventfilter.Filter

func (a all) Filter(ctx context.Context, e cloudevents.Event) eventfilter.FilterResult {
	res := eventfilter.NoFilter
	for _, f := range a {
		if res = f.Filter(ctx, e); res == eventfilter.FailFilter {
			return res
		}
	}
	return res
}

func (a all) Cleanup() { cleanup(a) }

// anyFilter passes as soon as one child passes; otherwise it answers what
// the last child answered, as Knative's anyFilter does.
type anyFilter []eventfilter.Filter

func (a anyFilter) Filter(ctx context.Context, e cloudevents.Event) eventfilter.FilterResult {
	res := eventfilter.NoFilter
	for _, f := range a {
		if res = f.Filter(ctx, e); res == eventfilter.PassFilter {
			return res
		}
	}
	return res
}

func (a anyFilter) Cleanup() { cleanup(a) }

func cleanup(filters []eventfilter.Filter) {
	for _, f := range filters {
		f.Cleanup()
	}
}
