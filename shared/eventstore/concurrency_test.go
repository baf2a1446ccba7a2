package eventstore_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/eventfn/eventfn/shared/eventstore"
	"github.com/eventfn/eventfn/shared/failure"
)

func TestOfWritersAtTheSameExpectedVersionExactlyOneWins(t *testing.T) {
	t.Parallel()
	const writers = 32
	s := storeWithConns(t, writers)
	mustAppend(t, s, "hot", eventstore.NoStream(), event("e", 0))
	start := make(chan struct{})
	var wins, conflicts atomic.Int32
	var wg sync.WaitGroup
	for i := range writers {
		wg.Go(func() {
			<-start
			_, err := s.Append(context.Background(), "hot", eventstore.Exact(1), events(fmt.Sprint("w", i), 1), nil)
			var ce *eventstore.ConflictError
			switch {
			case err == nil:
				wins.Add(1)
			case errors.As(err, &ce) && ce.Actual == 2:
				conflicts.Add(1)
			default:
				t.Errorf("writer %d: %v", i, err)
			}
		})
	}
	close(start)
	wg.Wait()
	if wins.Load() != 1 || conflicts.Load() != writers-1 {
		t.Fatalf("%d wins and %d conflicts, want 1 and %d", wins.Load(), conflicts.Load(), writers-1)
	}
	if n := countEvents(t, s); n != 2 {
		t.Fatalf("%d events stored, want 2", n)
	}
}

// decision is the data a hot-stream writer appends: the version it saw.
type decision struct {
	Writer int   `json:"writer"`
	Saw    int64 `json:"saw"`
}

func TestWritersRetryingOnAHotStreamLeaveDenseVersions(t *testing.T) {
	t.Parallel()
	const writers, each = 64, 4
	s := storeWithConns(t, 16)
	var accepted atomic.Int64
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for range each {
				if err := decideAndAppend(s, w); err != nil {
					t.Errorf("writer %d: %v", w, err)
					return
				}
				accepted.Add(1)
			}
		})
	}
	wg.Wait()
	got, err := s.Load(context.Background(), "hot", 0)
	if err != nil {
		t.Fatal(err)
	}
	if int64(len(got)) != accepted.Load() || accepted.Load() != writers*each {
		t.Fatalf("%d events for %d accepted appends, want %d", len(got), accepted.Load(), writers*each)
	}
	for i, e := range got {
		var d decision
		if err := json.Unmarshal(e.Data, &d); err != nil {
			t.Fatal(err)
		}
		if e.Version != int64(i+1) || d.Saw != int64(i) {
			t.Fatalf("event %d has version %d and decided at %d, want %d and %d", i, e.Version, d.Saw, i+1, i)
		}
	}
}

// decideAndAppend loads the hot stream, decides on what it saw, and
// appends at that version, starting over after a conflict.
func decideAndAppend(s *eventstore.Store, writer int) error {
	ctx := context.Background()
	for {
		past, err := s.Load(ctx, "hot", 0)
		if err != nil {
			return err
		}
		seen := int64(len(past))
		data, _ := json.Marshal(decision{Writer: writer, Saw: seen})
		e := event("decided", 0)
		e.Data = data
		_, err = s.Append(ctx, "hot", eventstore.Exact(seen), []eventstore.NewEvent{e}, nil)
		if !errors.Is(err, failure.ErrConflict) {
			return err
		}
		time.Sleep(time.Duration(rand.IntN(2000)) * time.Microsecond)
	}
}

// ledger records what writers committed and rolled back.
type ledger struct {
	mu         sync.Mutex
	committed  map[string]bool
	rolledBack map[string]bool
}

func TestATailingReaderSeesEveryCommittedEventOnceAndInCheckpointOrder(t *testing.T) {
	t.Parallel()
	const writers, txPerWriter = 16, 30
	s := storeWithConns(t, writers+2)
	l := &ledger{committed: map[string]bool{}, rolledBack: map[string]bool{}}
	done := make(chan struct{})
	seen := make(chan []eventstore.RecordedEvent, 1)
	go func() { seen <- tail(t, s, done) }()
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for range txPerWriter {
				if err := writeWithDelay(s, fmt.Sprint("stream-", w), l); err != nil {
					t.Errorf("writer %d: %v", w, err)
					return
				}
			}
		})
	}
	wg.Wait()
	close(done)
	got := <-seen
	checkTail(t, got, l)
	if all := readEverything(t, s, eventstore.Filter{}); !sameIDs(all, got) {
		t.Fatalf("the tail's order differs from a fresh read of the log")
	}
}

// writeWithDelay appends 1–3 events in a transaction, waits a random time
// before committing so commits land out of position order, and rolls back
// one transaction in twenty.
func writeWithDelay(s *eventstore.Store, stream string, l *ledger) error {
	ctx := context.Background()
	tx, err := s.Pool().Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	evs := events("e", 1+rand.IntN(3))
	if _, err := s.AppendTx(ctx, tx, stream, eventstore.Any(), evs, nil); err != nil {
		return err
	}
	time.Sleep(time.Duration(rand.IntN(20)) * time.Millisecond)
	rollback := rand.IntN(100) < 5
	if rollback {
		err = tx.Rollback(ctx)
	} else {
		err = tx.Commit(ctx)
	}
	l.record(evs, rollback)
	return err
}

func (l *ledger) record(evs []eventstore.NewEvent, rolledBack bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, e := range evs {
		if rolledBack {
			l.rolledBack[e.ID] = true
		} else {
			l.committed[e.ID] = true
		}
	}
}

// tail reads the log as a projection would, from its checkpoint in small
// batches, until done is closed and it has reached the newest event. Other
// tests' transactions in the same cluster hold the horizon back for a while,
// so an empty batch alone does not mean the end.
func tail(t *testing.T, s *eventstore.Store, done <-chan struct{}) []eventstore.RecordedEvent {
	var got []eventstore.RecordedEvent
	var after, newest eventstore.Position
	for finished := false; !finished || after.Less(newest); {
		batch, err := s.ReadAll(context.Background(), after, 5, eventstore.Filter{})
		if err != nil {
			t.Error(err)
			return got
		}
		got = append(got, batch...)
		if len(batch) > 0 {
			after = batch[len(batch)-1].Checkpoint()
			continue
		}
		select {
		case <-done:
			finished, newest = true, newestEvent(t, s)
		case <-time.After(time.Millisecond):
		}
	}
	return got
}

func newestEvent(t *testing.T, s *eventstore.Store) eventstore.Position {
	h, err := s.Horizon(context.Background())
	if err != nil {
		t.Error(err)
	}
	return h.Newest
}

func checkTail(t *testing.T, got []eventstore.RecordedEvent, l *ledger) {
	t.Helper()
	once := map[string]bool{}
	for i, e := range got {
		switch {
		case once[e.ID]:
			t.Fatalf("event %s seen twice", e.ID)
		case l.rolledBack[e.ID]:
			t.Fatalf("rolled-back event %s seen", e.ID)
		case !l.committed[e.ID]:
			t.Fatalf("unknown event %s seen", e.ID)
		case i > 0 && !got[i-1].Checkpoint().Less(e.Checkpoint()):
			t.Fatalf("event %d at %v does not come after %v", i, e.Checkpoint(), got[i-1].Checkpoint())
		}
		once[e.ID] = true
	}
	if len(once) != len(l.committed) {
		t.Fatalf("saw %d of %d committed events", len(once), len(l.committed))
	}
	if len(l.rolledBack) == 0 {
		t.Log("no transaction happened to roll back this run")
	}
}

func sameIDs(a, b []eventstore.RecordedEvent) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].ID != b[i].ID {
			return false
		}
	}
	return true
}
