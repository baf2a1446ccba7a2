package projection_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/eventfn/eventfn/shared/failure"
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
