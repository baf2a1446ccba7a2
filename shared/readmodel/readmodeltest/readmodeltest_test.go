package readmodeltest_test

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/eventfn/eventfn/shared/eventstore"
	"github.com/eventfn/eventfn/shared/readmodel"
	"github.com/eventfn/eventfn/shared/readmodel/readmodeltest"
)

type happened struct {
	ID string `json:"id"`
}

func (happened) EventType() string     { return "test.thing.happened" }
func (h happened) AggregateID() string { return h.ID }

func TestLogNumbersEventsAsTheEventStoreWould(t *testing.T) {
	log := readmodeltest.NewLog[happened](t, func(id string) string { return "thing-" + id })
	log.Record(happened{"a"}, happened{"b"})
	got := log.Record(happened{"a"})
	want := []eventstore.RecordedEvent{{
		Position: 3, TxID: 3, Stream: "thing-a", Version: 2, ID: "thing-a/2", Type: "test.thing.happened",
		Data: []byte(`{"id":"a"}`), RecordedAt: readmodeltest.At(3),
	}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("recorded (-want +got):\n%s", diff)
	}
	if len(log.Events) != 3 || log.Versions["thing-a"] != 2 || log.Versions["thing-b"] != 1 {
		t.Errorf("log has %d events, versions %v", len(log.Events), log.Versions)
	}
	if readmodeltest.At(2).Sub(readmodeltest.At(1)).Minutes() != 1 {
		t.Error("events are not recorded a minute apart")
	}
}

func TestAllFollowsNextToTheLastPage(t *testing.T) {
	keys := []string{"a", "b", "c", "d", "e"}
	// A page of two out of three rows fetched, as a list query would.
	list := func(after string) (readmodel.Page[string], error) {
		key, err := readmodel.DecodeCursor(after)
		var rest []string
		for _, k := range keys {
			if k > key {
				rest = append(rest, k)
			}
		}
		return readmodel.PageOf(rest[:min(3, len(rest))], 2, func(k string) string { return k }), err
	}
	if got := readmodeltest.All(t, 2, list); !slices.Equal(got, keys) {
		t.Errorf("All = %v, want %v", got, keys)
	}
}
