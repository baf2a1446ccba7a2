package eventstore_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/google/uuid"

	"github.com/eventfn/eventfn/shared/eventstore"
	"github.com/eventfn/eventfn/shared/pgtest"
)

func newStore(t *testing.T) *eventstore.Store {
	t.Helper()
	return eventstore.New(pgtest.NewDatabase(t))
}

// event builds a NewEvent whose data records n, so tests can tell events apart.
func event(typ string, n int) eventstore.NewEvent {
	return eventstore.NewEvent{
		ID:       uuid.NewString(),
		Type:     typ,
		Data:     json.RawMessage(fmt.Sprintf(`{"n":%d}`, n)),
		Metadata: eventstore.Metadata{Source: "test", Correlation: fmt.Sprint("c", n)},
	}
}

func events(typ string, count int) []eventstore.NewEvent {
	out := make([]eventstore.NewEvent, count)
	for i := range out {
		out[i] = event(typ, i+1)
	}
	return out
}

func mustAppend(t *testing.T, s *eventstore.Store, stream string, exp eventstore.Expected, evs ...eventstore.NewEvent) eventstore.Result {
	t.Helper()
	res, err := s.Append(context.Background(), stream, exp, evs, nil)
	if err != nil {
		t.Fatalf("append to %s: %v", stream, err)
	}
	return res
}

// readEverything reads the whole commit-safe log in small batches.
func readEverything(t *testing.T, s *eventstore.Store, f eventstore.Filter) []eventstore.RecordedEvent {
	t.Helper()
	var all []eventstore.RecordedEvent
	var after eventstore.Position
	for {
		batch, err := s.ReadAll(context.Background(), after, 7, f)
		if err != nil {
			t.Fatal(err)
		}
		if len(batch) == 0 {
			return all
		}
		all = append(all, batch...)
		after = batch[len(batch)-1].Checkpoint()
	}
}

func countEvents(t *testing.T, s *eventstore.Store) int {
	t.Helper()
	var n int
	if err := s.Pool().QueryRow(context.Background(), "SELECT count(*) FROM events").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
