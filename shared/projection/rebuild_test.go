package projection_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/eventfn/eventfn/shared/failure"
	"github.com/eventfn/eventfn/shared/pgtest"
	"github.com/eventfn/eventfn/shared/projection"
)

func TestRebuildWhileWritersAppendEndsEqualToTheFoldAndQueriesKeepAnswering(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	writeConcurrently(t, f, 4, 100)
	live := f.runner(t, projection.Options{})
	f.catchUp(t, live)
	// A damaged live model: only a rebuild from the log repairs it.
	if _, err := f.pool.Exec(ctx, `UPDATE rm_counter.counts SET events = -1000`); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	var bg sync.WaitGroup
	queries := keepQuerying(t, f, stop, &bg)
	keepWriting(t, f, stop, &bg)
	keepCatchingUp(t, live, stop, &bg)

	var reports []projection.RebuildProgress
	res, err := f.runner(t, projection.Options{BatchSize: 50}).Rebuild(ctx, func(p projection.RebuildProgress) {
		reports = append(reports, p)
	})
	close(stop)
	bg.Wait()
	if err != nil {
		t.Fatalf("rebuild: %v", err)
	}
	f.catchUp(t, live)
	f.assertFold(t)
	assertNoSchema(t, f, projection.ShadowSchema("counter"))
	if len(reports) < 10 || reports[len(reports)-1].Done != res.Events || res.Events < 4*100*2 {
		t.Errorf("rebuild of %d events reported %d times, want ≥ 10 reports ending at the total: %+v", res.Events, len(reports), reports)
	}
	if queries.Load() < 5 {
		t.Errorf("only %d queries ran during the rebuild", queries.Load())
	}
	t.Logf("rebuilt %d events in %s (swap %s), %d queries meanwhile", res.Events, res.Elapsed, res.Swap, queries.Load())
}

// keepQuerying reads the live schema until stop; every read must succeed.
func keepQuerying(t *testing.T, f *fixture, stop <-chan struct{}, bg *sync.WaitGroup) *atomic.Int64 {
	var n atomic.Int64
	bg.Add(1)
	go func() {
		defer bg.Done()
		for !stopped(stop) {
			var total int64
			err := f.pool.QueryRow(context.Background(), `SELECT count(*) FROM rm_counter.counts`).Scan(&total)
			if err != nil {
				t.Errorf("query of the live schema during the rebuild: %v", err)
				return
			}
			n.Add(1)
		}
	}()
	return &n
}

func keepWriting(t *testing.T, f *fixture, stop <-chan struct{}, bg *sync.WaitGroup) {
	for w := range 2 {
		bg.Add(1)
		go func() {
			defer bg.Done()
			for !stopped(stop) {
				f.appendMany(t, 100+w, 3)
			}
		}()
	}
}

func keepCatchingUp(t *testing.T, r *projection.Runner, stop <-chan struct{}, bg *sync.WaitGroup) {
	bg.Add(1)
	go func() {
		defer bg.Done()
		for !stopped(stop) {
			if _, err := r.CatchUp(context.Background()); err != nil {
				t.Errorf("live catch-up during the rebuild: %v", err)
				return
			}
			time.Sleep(2 * time.Millisecond)
		}
	}()
}

func stopped(stop <-chan struct{}) bool {
	select {
	case <-stop:
		return true
	default:
		return false
	}
}

func TestASecondRebuildOfTheSameModelIsAConflict(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.appendEvents(t, "s-1", counted, `{}`)
	ctx := context.Background()
	var second error
	first := f.runner(t, projection.Options{BatchSize: 1})
	f.catchUp(t, first) // the event is commit-safe: the rebuild reports it
	_, err := first.Rebuild(ctx, func(projection.RebuildProgress) {
		if second == nil {
			_, second = f.runner(t, projection.Options{}).Rebuild(ctx, nil)
		}
	})
	if err != nil {
		t.Fatalf("first rebuild: %v", err)
	}
	if !errors.Is(second, failure.ErrConflict) {
		t.Errorf("rebuild during a rebuild: %v, want conflict", second)
	}
	f.assertFold(t)
}

func TestRebuildKeepsEveryIndexTheModelCreates(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.appendEvents(t, "s-1", counted, `{}`, `{}`)
	r := f.runner(t, projection.Options{})
	f.catchUp(t, r)
	before := indexDefs(t, f)
	if _, err := r.Rebuild(context.Background(), nil); err != nil {
		t.Fatalf("rebuild: %v", err)
	}
	if diff := cmp.Diff(before, indexDefs(t, f)); diff != "" {
		t.Errorf("indexes of the live schema changed with the rebuild (-before +after):\n%s", diff)
	}
	f.assertFold(t)
}

func indexDefs(t *testing.T, f *fixture) []string {
	t.Helper()
	rows, _ := f.pool.Query(context.Background(), `SELECT indexdef FROM pg_indexes WHERE schemaname = 'rm_counter' ORDER BY indexname`)
	defs, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil || len(defs) != 2 {
		t.Fatalf("indexes of rm_counter = %q, %v; want the primary key and counts_by_events", defs, err)
	}
	return defs
}

func TestRebuildOnAOneConnectionPoolReadsAndAppliesInTurn(t *testing.T) {
	t.Parallel()
	cfg, err := pgxpool.ParseConfig(pgtest.NewDatabaseURL(t))
	if err != nil {
		t.Fatal(err)
	}
	cfg.MaxConns = 1
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	f := newFixtureOn(t, pool)
	writeConcurrently(t, f, 2, 10)
	r := f.runner(t, projection.Options{BatchSize: 7})
	f.catchUp(t, r)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if _, err := r.Rebuild(ctx, nil); err != nil {
		t.Fatalf("rebuild with one connection: %v", err)
	}
	f.assertFold(t)
}
