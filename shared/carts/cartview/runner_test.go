package cartview

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/eventfn/eventfn/shared/carts"
	"github.com/eventfn/eventfn/shared/pgtest"
	"github.com/eventfn/eventfn/shared/readmodel/readmodeltest"
)

func TestTheRunnerAndARebuildBothConvergeOnTheFold(t *testing.T) {
	t.Parallel()
	pool := pgtest.NewDatabase(t)
	h, states := randomLog(t, 15, 3)
	live := readmodeltest.CatchUpAndRebuild(t, pool, New(), 16, h.Events, func(schema string) map[string]Cart {
		return getAll(t, pool, schema, states)
	})
	for user, s := range states {
		want := Cart{UserID: user, Items: s.Items(), Version: h.Versions[carts.StreamID(user)]}
		if diff := cmp.Diff(want, live[user]); diff != "" {
			t.Errorf("cart of %s (-fold +table):\n%s", user, diff)
		}
	}
}

// getAll reads the cart of every user in states from schema.
func getAll(t *testing.T, pool *pgxpool.Pool, schema string, states map[string]carts.State) map[string]Cart {
	t.Helper()
	out := make(map[string]Cart, len(states))
	for user := range states {
		c, err := Get(context.Background(), pool, schema, user)
		if err != nil {
			t.Fatal(err)
		}
		out[user] = c
	}
	return out
}
