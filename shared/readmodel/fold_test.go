package readmodel_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/eventfn/eventfn/shared/eventstore"
	"github.com/eventfn/eventfn/shared/failure"
	"github.com/eventfn/eventfn/shared/projection"
	"github.com/eventfn/eventfn/shared/readmodel"
)

type named string

func (n named) AggregateID() string { return string(n) }

// decodeName reads an event's data as the name of its aggregate.
func decodeName(_ string, data []byte) (named, error) {
	if len(data) == 0 {
		return "", failure.Invalidf("no aggregate")
	}
	return named(data), nil
}

type tally struct {
	id      string
	events  int
	version int64
}

func newTally(id string) *tally { return &tally{id: id} }

func count(c *tally, _ named, e eventstore.RecordedEvent) {
	c.events, c.version = c.events+1, e.Version
}

func recorded(version int64, aggregate string) eventstore.RecordedEvent {
	return eventstore.RecordedEvent{ID: aggregate + "-event", Version: version, Data: []byte(aggregate)}
}

func TestFoldKeepsOneChangePerAggregateInTheOrderFirstTouched(t *testing.T) {
	events := []eventstore.RecordedEvent{recorded(1, "b"), recorded(1, "a"), recorded(2, "b"), recorded(3, "b")}
	got, err := readmodel.Fold(events, decodeName, newTally, count)
	if err != nil {
		t.Fatal(err)
	}
	want := []*tally{{id: "b", events: 3, version: 3}, {id: "a", events: 1, version: 1}}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(tally{})); diff != "" {
		t.Errorf("changes (-want +got):\n%s", diff)
	}
}

func TestFoldBlamesTheEventItCannotDecode(t *testing.T) {
	events := []eventstore.RecordedEvent{recorded(1, "a"), recorded(2, "")}
	_, err := readmodel.Fold(events, decodeName, newTally, count)
	var blamed *projection.EventError
	if !errors.As(err, &blamed) || blamed.Event.ID != "-event" || !errors.Is(err, failure.ErrInvalid) {
		t.Errorf("Fold error = %v, want an EventError naming the second event", err)
	}
}
