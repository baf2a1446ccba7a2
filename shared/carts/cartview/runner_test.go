package cartview

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/eventfn/eventfn/shared/carts"
	"github.com/eventfn/eventfn/shared/eventstore"
	"github.com/eventfn/eventfn/shared/pgtest"
	"github.com/eventfn/eventfn/shared/projection"
	"github.com/eventfn/eventfn/shared/readmodel/readmodeltest"
)

func TestTheRunnerAndARebuildBothConvergeOnTheFold(t *testing.T) {
	t.Parallel()
	pool := pgtest.NewDatabase(t)
	ctx := context.Background()
	h, states := randomLog(t, 15, 3)
	readmodeltest.AppendAll(t, eventstore.New(pool), h.Events)
	r, err := projection.NewRunner(pool, New(), projection.Options{BatchSize: 16})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Ensure(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := r.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	live := getAll(t, pool, states)
	for user, s := range states {
		want := Cart{UserID: user, Items: s.Items(), Version: h.Versions[carts.StreamID(user)]}
		if diff := cmp.Diff(want, live[user]); diff != "" {
			t.Errorf("cart of %s (-fold +table):\n%s", user, diff)
		}
	}
	if _, err := r.Rebuild(ctx, nil); err != nil {
		t.Fatalf("Rebuild: %v", err)
	}
	if diff := cmp.Diff(live, getAll(t, pool, states)); diff != "" {
		t.Errorf("rebuild differs from catch-up (-live +rebuilt):\n%s", diff)
	}
}

// getAll reads the live cart of every user in states.
func getAll(t *testing.T, pool *pgxpool.Pool, states map[string]carts.State) map[string]Cart {
	t.Helper()
	out := make(map[string]Cart, len(states))
	for user := range states {
		c, err := Get(context.Background(), pool, projection.LiveSchema(Name), user)
		if err != nil {
			t.Fatal(err)
		}
		out[user] = c
	}
	return out
}
