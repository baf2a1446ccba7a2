package projection_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/eventfn/eventfn/shared/eventstore"
	"github.com/eventfn/eventfn/shared/pgtest"
	"github.com/eventfn/eventfn/shared/projection"
	"github.com/eventfn/eventfn/shared/projection/projectiontest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// The types the counter under test counts, and one it ignores.
const (
	counted = "test.thing.happened"
	ignored = "test.other.happened"
)

// fixture is a fresh database with a counter projection ensured.
type fixture struct {
	pool    *pgxpool.Pool
	store   *eventstore.Store
	counter *projectiontest.Counter
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	return newFixtureOn(t, pgtest.NewDatabase(t))
}

func newFixtureOn(t *testing.T, pool *pgxpool.Pool) *fixture {
	t.Helper()
	f := &fixture{pool: pool, store: eventstore.New(pool), counter: projectiontest.NewCounter("counter", counted)}
	if err := f.runner(t, projection.Options{}).Ensure(context.Background()); err != nil {
		t.Fatalf("ensure: %v", err)
	}
	return f
}

func (f *fixture) runner(t *testing.T, opts projection.Options) *projection.Runner {
	t.Helper()
	r, err := projection.NewRunner(f.pool, f.counter, opts)
	if err != nil {
		t.Fatalf("new runner: %v", err)
	}
	return r
}

// appendEvents appends one event per data to stream and returns the token.
func (f *fixture) appendEvents(t testing.TB, stream, typ string, data ...string) eventstore.Position {
	t.Helper()
	events := make([]eventstore.NewEvent, len(data))
	for i, d := range data {
		events[i] = eventstore.NewEvent{ID: uuid.NewString(), Type: typ, Data: json.RawMessage(d)}
	}
	res, err := f.store.Append(context.Background(), stream, eventstore.Any(), events, nil)
	if err != nil {
		t.Errorf("append to %s: %v", stream, err)
	}
	return res.Token
}

// appendMany appends n counted events spread over streams, a few per append.
func (f *fixture) appendMany(t testing.TB, writer, n int) {
	for i := 0; i < n; i++ {
		stream := fmt.Sprintf("s-%d-%d", writer, i%7)
		f.appendEvents(t, stream, counted, `{"n":1}`, `{"n":2}`)
		if i%5 == 0 {
			f.appendEvents(t, stream, ignored, `{}`)
		}
	}
}

// assertFold checks that the live read model equals the fold of the log.
func (f *fixture) assertFold(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	want, err := f.counter.Fold(ctx, f.pool)
	if err != nil {
		t.Fatalf("fold: %v", err)
	}
	got, err := f.counter.Counts(ctx, f.pool, projection.LiveSchema(f.counter.Name()))
	if err != nil {
		t.Fatalf("counts: %v", err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("read model differs from the fold of the log (-want +got):\n%s", diff)
	}
}

// catchUp runs r.CatchUp until the projection has passed the newest event
// of the log, or stalls. One CatchUp is not always enough: the commit-safe
// horizon is cluster-wide, so a transaction of a test running in parallel
// can hold it below events this test has just appended.
func (f *fixture) catchUp(t *testing.T, r *projection.Runner) projection.Progress {
	t.Helper()
	ctx := context.Background()
	var head eventstore.Position
	err := f.pool.QueryRow(ctx, `SELECT tx_id, position FROM events ORDER BY tx_id DESC, position DESC LIMIT 1`).
		Scan(&head.TxID, &head.Pos)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		t.Fatalf("read head: %v", err)
	}
	var sum projection.Progress
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		p, err := r.CatchUp(ctx)
		if err != nil {
			t.Fatalf("catch up: %v", err)
		}
		sum.Applied += p.Applied
		sum.Batches += p.Batches
		sum.Checkpoint, sum.Stalled, sum.Busy = p.Checkpoint, p.Stalled, p.Busy
		if p.Stalled != nil || (!p.Busy && !p.Checkpoint.Less(head)) {
			return sum
		}
	}
	t.Fatalf("projection did not reach %s within 10s", head.Token())
	return sum
}
