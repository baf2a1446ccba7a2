package accountview

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/eventfn/eventfn/shared/accounts"
	"github.com/eventfn/eventfn/shared/eventstore"
	"github.com/eventfn/eventfn/shared/pgtest"
	"github.com/eventfn/eventfn/shared/projection"
	"github.com/eventfn/eventfn/shared/readmodel/readmodeltest"
)

func TestTheRunnerAndARebuildBothConvergeOnTheFold(t *testing.T) {
	t.Parallel()
	pool := pgtest.NewDatabase(t)
	ctx := context.Background()
	h, states := randomLog(t, 40, 3)
	readmodeltest.AppendAll(t, eventstore.New(pool), h.Events)
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
	checkAgainst(t, live, states, h.Versions)
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
