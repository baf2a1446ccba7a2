package eventstore_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

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

// readEverything reads the whole log in small batches, once all of it is
// commit-safe (other tests' transactions in the cluster delay that).
func readEverything(t *testing.T, s *eventstore.Store, f eventstore.Filter) []eventstore.RecordedEvent {
	t.Helper()
	waitCommitSafe(t, s)
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

// storeWithConns is a store whose pool has n connections, so that n
// goroutines really run at once.
func storeWithConns(t *testing.T, n int) *eventstore.Store {
	t.Helper()
	url := pgtest.NewDatabaseURL(t) + fmt.Sprintf("&pool_max_conns=%d", n)
	pool, err := eventstore.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	return eventstore.New(pool)
}

// waitCommitSafe waits until every event now in the log is commit-safe.
func waitCommitSafe(t *testing.T, s *eventstore.Store) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	h, err := s.Horizon(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.WaitCommitSafe(ctx, h.Newest); err != nil {
		t.Fatal(err)
	}
}
