package accountview

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/uuid"

	"github.com/eventfn/eventfn/shared/accounts"
	"github.com/eventfn/eventfn/shared/eventstore"
	"github.com/eventfn/eventfn/shared/pgtest"
	"github.com/eventfn/eventfn/shared/projection"
)

// appendAll appends the events of h to the real log, in order, and waits
// until they are commit-safe: the horizon is cluster-wide, so transactions
// of tests running in parallel in other databases can hold it back.
func appendAll(t *testing.T, store *eventstore.Store, h *history) {
	t.Helper()
	ctx := context.Background()
	var last eventstore.Result
	for _, e := range h.events {
		ne := eventstore.NewEvent{ID: uuid.NewString(), Type: e.Type, Data: json.RawMessage(e.Data)}
		var err error
		if last, err = store.Append(ctx, e.Stream, eventstore.Any(), []eventstore.NewEvent{ne}, nil); err != nil {
			t.Fatalf("append %s: %v", e.Stream, err)
		}
	}
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	if err := store.WaitCommitSafe(ctx, last.Token); err != nil {
		t.Fatal(err)
	}
}

func TestTheRunnerAndARebuildBothConvergeOnTheFold(t *testing.T) {
	t.Parallel()
	pool := pgtest.NewDatabase(t)
	ctx := context.Background()
	h, states := randomLog(t, 40, 3)
	appendAll(t, eventstore.New(pool), h)
	r, err := projection.NewRunner(pool, New(), projection.Options{BatchSize: 64})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Ensure(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := r.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	live := listAll(t, pool, projection.LiveSchema(Name), Filter{})
	checkAgainst(t, live, states, h.versions)
	if _, err := r.Rebuild(ctx, nil); err != nil {
		t.Fatalf("Rebuild: %v", err)
	}
	rebuilt := listAll(t, pool, projection.LiveSchema(Name), Filter{})
	if diff := cmp.Diff(live, rebuilt); diff != "" {
		t.Errorf("rebuild differs from catch-up (-live +rebuilt):\n%s", diff)
	}
}

func checkAgainst(t *testing.T, got []Account, states map[string]accounts.State, versions map[string]int64) {
	t.Helper()
	if len(got) != len(states) {
		t.Fatalf("%d accounts, fold has %d", len(got), len(states))
	}
	for _, a := range got {
		s := states[a.AccountNumber]
		if string(s.Status) != a.Status || s.UserID != a.UserID || s.DefaultAccount != a.DefaultAccount ||
			versions[accounts.StreamID(a.AccountNumber)] != a.Version {
			t.Errorf("account %+v, fold says %+v", a, s)
		}
		if a.CreatedAt.IsZero() || a.LastModified.Before(a.CreatedAt) || a.CreatedAt.Location().String() != "UTC" {
			t.Errorf("account %s has times %v, %v", a.AccountNumber, a.CreatedAt, a.LastModified)
		}
	}
}
