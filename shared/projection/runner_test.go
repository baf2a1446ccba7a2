package projection_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/eventfn/eventfn/shared/eventstore"
	"github.com/eventfn/eventfn/shared/failure"
	"github.com/eventfn/eventfn/shared/projection"
)

func TestDuplicateReorderedAndLostWakeUpsConvergeToTheFold(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	r := f.runner(t, projection.Options{BatchSize: 7})
	var applied atomic.Int64
	stop := make(chan struct{})
	var wakers sync.WaitGroup
	for w := range 6 {
		wakers.Add(1)
		go func() {
			defer wakers.Done()
			rnd := rand.New(rand.NewPCG(uint64(w), 1))
			for {
				select {
				case <-stop:
					return
				case <-time.After(time.Duration(rnd.IntN(20)) * time.Millisecond):
				}
				if rnd.IntN(3) == 0 {
					continue // a lost delivery
				}
				p, err := r.CatchUp(context.Background())
				if err != nil {
					t.Errorf("catch up: %v", err)
					return
				}
				applied.Add(int64(p.Applied))
			}
		}()
	}
	writeConcurrently(t, f, 4, 40)
	close(stop)
	wakers.Wait()
	p := f.catchUp(t, r) // the periodic tick after the last lost wake-up
	applied.Add(int64(p.Applied))
	f.assertFold(t)
	if got, want := applied.Load(), int64(4*40*2); got != want {
		t.Errorf("runners applied %d events in total, want each of the %d counted events exactly once", got, want)
	}
}

func writeConcurrently(t *testing.T, f *fixture, writers, appends int) {
	t.Helper()
	var wg sync.WaitGroup
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f.appendMany(t, w, appends)
		}()
	}
	wg.Wait()
}

func TestConcurrentRunnersApplyEveryEventExactlyOnce(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	writeConcurrently(t, f, 2, 60)
	var applied, rounds, busy atomic.Int64
	var wg sync.WaitGroup
	for range 2 {
		r := f.runner(t, projection.Options{BatchSize: 5})
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 20 {
				p, err := r.CatchUp(context.Background())
				if err != nil {
					t.Errorf("catch up: %v", err)
					return
				}
				applied.Add(int64(p.Applied))
				rounds.Add(1)
				if p.Busy {
					busy.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	applied.Add(int64(f.catchUp(t, f.runner(t, projection.Options{})).Applied))
	f.assertFold(t)
	if got := applied.Load(); got != 2*60*2 {
		t.Errorf("two runners applied %d events, want %d: each exactly once", got, 2*60*2)
	}
	t.Logf("%d catch-ups, %d found the other runner at work", rounds.Load(), busy.Load())
}

func TestARunnerReturnsAtOnceWhileAnotherHoldsTheCheckpoint(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.appendEvents(t, "s-1", counted, `{}`, `{}`)
	ctx := context.Background()
	holder, err := f.pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Rollback(ctx)
	if _, err := holder.Exec(ctx, `SELECT 1 FROM checkpoints WHERE name = 'counter' FOR UPDATE`); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	p, err := f.runner(t, projection.Options{}).CatchUp(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !p.Busy || p.Applied != 0 {
		t.Errorf("catch-up while the checkpoint is held = %+v, want busy and nothing applied", p)
	}
	if waited := time.Since(start); waited > time.Second {
		t.Errorf("catch-up waited %s for the held checkpoint, want an immediate return", waited)
	}
	holder.Rollback(ctx)
	if p := f.catchUp(t, f.runner(t, projection.Options{})); p.Busy || p.Applied != 2 {
		t.Errorf("catch-up after release = %+v, want 2 events applied", p)
	}
}

func TestCatchUpWithoutEnsureIsNotFound(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	r, err := projection.NewRunner(f.pool, projectionNamed("never_ensured"), projection.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.CatchUp(context.Background()); !errors.Is(err, failure.ErrNotFound) {
		t.Errorf("catch up of a projection never ensured: %v, want not found", err)
	}
}

func TestEnsureIsIdempotentAndSafeFromManyReplicasAtOnce(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.appendEvents(t, "s-1", counted, `{}`)
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := f.runner(t, projection.Options{}).Ensure(context.Background()); err != nil {
				t.Errorf("concurrent ensure: %v", err)
			}
		}()
	}
	wg.Wait()
	f.catchUp(t, f.runner(t, projection.Options{}))
	if err := f.runner(t, projection.Options{}).Ensure(context.Background()); err != nil {
		t.Fatalf("ensure again: %v", err)
	}
	// Ensuring again must neither empty the tables nor rewind the checkpoint.
	if p, err := f.runner(t, projection.Options{}).CatchUp(context.Background()); err != nil || p.Applied != 0 {
		t.Errorf("catch-up after a second ensure applied %d events again", p.Applied)
	}
	f.assertFold(t)
}

func TestEnsureStartsAfreshWhenTheSchemaWasDropped(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.appendEvents(t, "s-1", counted, `{}`, `{}`)
	r := f.runner(t, projection.Options{})
	f.catchUp(t, r)
	if _, err := f.pool.Exec(context.Background(), `DROP SCHEMA rm_counter CASCADE`); err != nil {
		t.Fatal(err)
	}
	if err := r.Ensure(context.Background()); err != nil {
		t.Fatalf("ensure: %v", err)
	}
	if p := f.catchUp(t, r); p.Applied != 2 {
		t.Errorf("catch-up after the schema was recreated applied %d events, want all 2", p.Applied)
	}
	f.assertFold(t)
}

func TestNewRunnerRefusesNamesThatMakeBadSchemaNames(t *testing.T) {
	for _, name := range []string{"", "Accounts", "rm-x", "1st", "a b", `x"; DROP TABLE events; --`,
		"a_name_that_is_far_too_long_for_a_schema_name_x"} {
		_, err := projection.NewRunner(nil, projectionNamed(name), projection.Options{})
		if !errors.Is(err, failure.ErrInvalid) {
			t.Errorf("NewRunner(%q) = %v, want invalid", name, err)
		}
	}
}

// projectionNamed is a read model that only has a name.
type projectionNamed string

func (p projectionNamed) Name() string         { return string(p) }
func (p projectionNamed) EventTypes() []string { return nil }
func (p projectionNamed) CreateTables(context.Context, pgx.Tx, string) error {
	return nil
}
func (p projectionNamed) Apply(context.Context, pgx.Tx, string, []eventstore.RecordedEvent) error {
	return nil
}

func TestAWakeUpSkippedWhileAnotherReplicaWorksIsCoveredByThatReplica(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	f.appendEvents(t, "s-1", counted, `{}`)
	f.catchUp(t, f.runner(t, projection.Options{})) // s-1 is commit-safe
	f.appendEvents(t, "s-1", counted, `{}`)
	// A writer whose transaction began before the working replica's round
	// and commits after that round has read the log.
	late, err := f.pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer late.Rollback(ctx)
	if _, err := late.Exec(ctx, `INSERT INTO events (stream, version, id, type, data)
		VALUES ('s-2', 1, gen_random_uuid(), $1, '{}')`, counted); err != nil {
		t.Fatal(err)
	}
	inApply, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	f.counter.BeforeApply(func() {
		once.Do(func() { close(inApply); <-release })
	})
	worker := make(chan projection.Progress)
	go func() {
		p, err := f.runner(t, projection.Options{}).CatchUp(ctx)
		if err != nil {
			t.Errorf("working replica: %v", err)
		}
		worker <- p
	}()
	<-inApply
	if err := late.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	waitCommitSafe(t, f, "s-2")
	// The relay delivers s-2's wake-up now; this replica finds the other at work.
	if p, err := f.runner(t, projection.Options{}).CatchUp(ctx); err != nil || !p.Busy {
		t.Fatalf("second replica = %+v, %v; want busy", p, err)
	}
	close(release)
	if p := <-worker; p.Applied != 2 {
		t.Errorf("working replica applied %d events, want 2: also the one whose wake-up it made the other skip", p.Applied)
	}
	f.assertFold(t)
}

// waitCommitSafe waits until a reader of the log can see stream's events.
func waitCommitSafe(t *testing.T, f *fixture, stream string) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		events, err := f.store.ReadAll(context.Background(), eventstore.Position{}, 100, eventstore.Filter{Stream: stream})
		if err != nil {
			t.Fatal(err)
		}
		if len(events) > 0 {
			return
		}
	}
	t.Fatalf("events of %s never became commit-safe", stream)
}
