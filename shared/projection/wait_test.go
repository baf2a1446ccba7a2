package projection_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/eventfn/eventfn/shared/failure"
	"github.com/eventfn/eventfn/shared/pgtest"
	"github.com/eventfn/eventfn/shared/projection"
)

func TestWaitForReturnsOnceTheProjectionReachesTheToken(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	token := f.appendEvents(t, "s-1", counted, `{}`)
	r := f.runner(t, projection.Options{})
	done := make(chan struct{})
	caughtUp := make(chan struct{})
	go func() {
		defer close(caughtUp)
		time.Sleep(150 * time.Millisecond)
		for !stopped(done) {
			if _, err := r.CatchUp(context.Background()); err != nil {
				t.Errorf("catch up: %v", err)
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
	}()
	start := time.Now()
	err := projection.WaitFor(context.Background(), f.pool, "counter", token, 5*time.Second)
	close(done)
	<-caughtUp
	if err != nil {
		t.Fatalf("wait for %s: %v", token.Token(), err)
	}
	if waited := time.Since(start); waited < 100*time.Millisecond {
		t.Errorf("returned after %s, before the catch-up 150ms in", waited)
	}
}

func TestWaitForFailsUnavailableAfterTheBound(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	token := f.appendEvents(t, "s-1", counted, `{}`)
	start := time.Now()
	err := projection.WaitFor(context.Background(), f.pool, "counter", token, 300*time.Millisecond)
	if !errors.Is(err, failure.ErrUnavailable) {
		t.Fatalf("wait with no catch-up: %v, want unavailable", err)
	}
	if waited := time.Since(start); waited < 300*time.Millisecond {
		t.Errorf("gave up after %s, before the 300ms bound", waited)
	}
	// The listening connection went back to the pool clean: the pool works.
	if err := projection.WaitFor(context.Background(), f.pool, "counter", token, 50*time.Millisecond); !errors.Is(err, failure.ErrUnavailable) {
		t.Errorf("second wait: %v, want unavailable", err)
	}
}

func TestWaitForReachesATokenOfAnEventTheModelIgnores(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.appendEvents(t, "s-1", counted, `{}`)
	token := f.appendEvents(t, "s-1", ignored, `{}`)
	f.catchUp(t, f.runner(t, projection.Options{}))
	if err := projection.WaitFor(context.Background(), f.pool, "counter", token, time.Second); err != nil {
		t.Errorf("wait for an ignored event after catching up: %v", err)
	}
}

func TestWaitForAnUnknownProjectionIsNotFound(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	token := f.appendEvents(t, "s-1", counted, `{}`)
	err := projection.WaitFor(context.Background(), f.pool, "nobody", token, time.Second)
	if !errors.Is(err, failure.ErrNotFound) {
		t.Errorf("wait for an unknown projection: %v, want not found", err)
	}
}

func TestManyWaitersOnASmallPoolShareOneListeningConnection(t *testing.T) {
	t.Parallel()
	cfg, err := pgxpool.ParseConfig(pgtest.NewDatabaseURL(t))
	if err != nil {
		t.Fatal(err)
	}
	cfg.MaxConns = 3
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	f := newFixtureOn(t, pool)
	token := f.appendEvents(t, "s-1", counted, `{}`)
	w := projection.NewWaiter(pool)
	errs := make(chan error)
	for range 20 {
		go func() { errs <- w.WaitFor(context.Background(), "counter", token, 10*time.Second) }()
	}
	time.Sleep(200 * time.Millisecond)
	f.catchUp(t, f.runner(t, projection.Options{})) // needs connections of the same pool
	for range 20 {
		if err := <-errs; err != nil {
			t.Errorf("waiter: %v", err)
		}
	}
	for deadline := time.Now().Add(5 * time.Second); pool.Stat().AcquiredConns() > 0; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d connections still held after every wait returned", pool.Stat().AcquiredConns())
		}
	}
}

func TestAWaiterFailsUnavailableAfterTheBound(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	token := f.appendEvents(t, "s-1", counted, `{}`)
	w := projection.NewWaiter(f.pool)
	for range 2 { // the second wait starts a new listener after the first stopped
		if err := w.WaitFor(context.Background(), "counter", token, 100*time.Millisecond); !errors.Is(err, failure.ErrUnavailable) {
			t.Errorf("wait with no catch-up: %v, want unavailable", err)
		}
	}
	f.catchUp(t, f.runner(t, projection.Options{}))
	if err := w.WaitFor(context.Background(), "counter", token, time.Second); err != nil {
		t.Errorf("wait after the catch-up: %v", err)
	}
}
