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
