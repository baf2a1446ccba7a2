package projection_test

import (
	"context"
	"errors"
	"testing"

	"github.com/eventfn/eventfn/shared/eventstore"
	"github.com/eventfn/eventfn/shared/failure"
	"github.com/eventfn/eventfn/shared/projection"
)

// poisoned appends two good events, a poison one, then two good ones, and
// returns the tokens of the first append and of the poison event.
func poisoned(t *testing.T, f *fixture) (before, poison eventstore.Position) {
	t.Helper()
	f.counter.RefusePoison(true)
	before = f.appendEvents(t, "p-1", counted, `{"n":1}`, `{"n":2}`)
	poison = f.appendEvents(t, "p-1", counted, `{"poison":true}`)
	f.appendEvents(t, "p-1", counted, `{"n":4}`, `{"n":5}`)
	return before, poison
}

func TestAPoisonEventStallsTheProjectionInFrontOfIt(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	before, poison := poisoned(t, f)
	r := f.runner(t, projection.Options{})
	p := f.catchUp(t, r)
	if p.Stalled == nil || p.Stalled.Position != poison {
		t.Fatalf("catch-up stalled on %+v, want the poison event at %s", p.Stalled, poison.Token())
	}
	// The checkpoint may pass the horizon between the two appends, never
	// the poison event.
	if p.Applied != 2 || p.Checkpoint.Less(before) || !p.Checkpoint.Less(poison) {
		t.Errorf("catch-up applied %d up to %s, want the 2 events before the poison, up to %s at least and before %s",
			p.Applied, p.Checkpoint.Token(), before.Token(), poison.Token())
	}
	s, err := projection.ReadStatus(context.Background(), f.pool, f.counter)
	if err != nil {
		t.Fatalf("status: %v", err)
	}
	if s.Stalled == nil || s.Stalled.Position != poison || s.Stalled.Attempts != 1 || s.Behind != 3 {
		t.Errorf("status = %+v (stalled %+v), want stalled on %s after 1 attempt, 3 events behind", s, s.Stalled, poison.Token())
	}
}

func TestAStalledProjectionRetriesThePoisonEventAndResumesOnceItIsAccepted(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	_, poison := poisoned(t, f)
	r := f.runner(t, projection.Options{})
	f.catchUp(t, r)
	if p, err := r.CatchUp(context.Background()); err != nil || p.Stalled == nil || p.Stalled.Attempts != 2 || p.Applied != 0 {
		t.Fatalf("second catch-up = %+v (stalled %+v), want the same stall counted twice", p, p.Stalled)
	}
	f.counter.RefusePoison(false) // the model is fixed
	if p := f.catchUp(t, r); p.Stalled != nil || p.Applied != 3 {
		t.Errorf("catch-up after the fix = %+v, want the poison and the 2 after it applied", p)
	}
	f.assertFold(t)
	s, err := projection.ReadStatus(context.Background(), f.pool, f.counter)
	if err != nil || s.Stalled != nil || s.Behind != 0 {
		t.Errorf("status after the fix = %+v, %v; want not stalled, not behind", s, err)
	}
	assertResolution(t, f, poison, "applied")
}

func TestSkippingMovesPastThePoisonEventOnly(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	_, poison := poisoned(t, f)
	r := f.runner(t, projection.Options{})
	f.catchUp(t, r)
	skipped, err := r.Skip(context.Background())
	if err != nil || skipped.Position != poison {
		t.Fatalf("skip = %+v, %v; want the poison event at %s", skipped, err, poison.Token())
	}
	if p := f.catchUp(t, r); p.Stalled != nil || p.Applied != 2 {
		t.Errorf("catch-up after skip = %+v, want the 2 events after the poison applied", p)
	}
	counts, err := f.counter.Counts(context.Background(), f.pool, projection.LiveSchema("counter"))
	if err != nil || counts["p-1"].Events != 4 {
		t.Errorf("counts after skip = %+v, %v; want 4 events of p-1 (all but the skipped one)", counts, err)
	}
	assertResolution(t, f, poison, "skipped")
	if _, err := r.Skip(context.Background()); !errors.Is(err, failure.ErrRejected) {
		t.Errorf("skip when not stalled: %v, want rejected", err)
	}
}

func TestRebuildRefusesAPoisonEventAndKeepsTheLiveModel(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.appendEvents(t, "s-1", counted, `{}`)
	r := f.runner(t, projection.Options{})
	f.catchUp(t, r)
	poisoned(t, f)
	if p := f.catchUp(t, r); p.Stalled == nil { // the poison event is commit-safe now
		t.Fatalf("catch-up = %+v, want stalled", p)
	}
	_, err := r.Rebuild(context.Background(), nil)
	var blamed *projection.EventError
	if !errors.As(err, &blamed) {
		t.Fatalf("rebuild over a poison event: %v, want the event blamed", err)
	}
	counts, err := f.counter.Counts(context.Background(), f.pool, projection.LiveSchema("counter"))
	if err != nil || counts["s-1"].Events != 1 {
		t.Errorf("live model after a failed rebuild = %+v, %v; want it untouched", counts, err)
	}
	assertNoSchema(t, f, projection.ShadowSchema("counter"))
}

func assertResolution(t *testing.T, f *fixture, at eventstore.Position, want string) {
	t.Helper()
	var got string
	err := f.pool.QueryRow(context.Background(), `SELECT resolution FROM projection_failures
		WHERE name = 'counter' AND tx_id = $1 AND position = $2 AND resolved_at IS NOT NULL`, at.TxID, at.Pos).Scan(&got)
	if err != nil || got != want {
		t.Errorf("resolution of the failure at %s = %q, %v; want %q", at.Token(), got, err, want)
	}
}

func assertNoSchema(t *testing.T, f *fixture, schema string) {
	t.Helper()
	var exists bool
	err := f.pool.QueryRow(context.Background(), `SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)`, schema).Scan(&exists)
	if err != nil || exists {
		t.Errorf("schema %s exists = %v, %v; want it gone", schema, exists, err)
	}
}
