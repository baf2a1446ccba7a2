package readmodeltest

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/eventfn/eventfn/shared/eventstore"
)

// Event is what the events of every domain package are.
type Event interface {
	EventType() string
	AggregateID() string
}

// Log records domain events as the event store would: per-stream versions,
// a global position and transaction id, and a clock a minute apart per
// event (the n-th event is recorded At(n)).
type Log[E Event] struct {
	t        testing.TB
	streamID func(aggregateID string) string
	// Versions is the version of each stream after the last event recorded.
	Versions map[string]int64
	// Events is every event recorded, in order.
	Events []eventstore.RecordedEvent
}

// NewLog returns an empty log whose streams streamID names (the domain's
// StreamID).
func NewLog[E Event](t testing.TB, streamID func(aggregateID string) string) *Log[E] {
	return &Log[E]{t: t, streamID: streamID, Versions: make(map[string]int64)}
}

// Record appends events to the log and returns them as recorded.
func (l *Log[E]) Record(events ...E) []eventstore.RecordedEvent {
	start := len(l.Events)
	for _, e := range events {
		data, err := json.Marshal(e)
		if err != nil {
			l.t.Fatal(err)
		}
		stream := l.streamID(e.AggregateID())
		l.Versions[stream]++
		n := int64(len(l.Events) + 1)
		l.Events = append(l.Events, eventstore.RecordedEvent{
			Position: n, TxID: uint64(n), Stream: stream, Version: l.Versions[stream],
			ID: fmt.Sprintf("%s/%d", stream, l.Versions[stream]), Type: e.EventType(), Data: data,
			RecordedAt: At(int(n)),
		})
	}
	return l.Events[start:]
}

// At is the time the n-th recorded event (from 1) was recorded.
func At(n int) time.Time {
	return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC).Add(time.Duration(n) * time.Minute)
}
