package orderview

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

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
	checkFold(t, live, states)
	for _, o := range live {
		if o.Version != h.Versions["order-"+o.OrderID] || o.UpdatedAt.Before(o.CreatedAt) {
			t.Errorf("order %s: version %d, times %v %v", o.OrderID, o.Version, o.CreatedAt, o.UpdatedAt)
		}
	}
	if _, err := r.Rebuild(ctx, nil); err != nil {
		t.Fatalf("Rebuild: %v", err)
	}
	rebuilt := listAll(t, pool, projection.LiveSchema(Name), Filter{})
	if diff := cmp.Diff(live, rebuilt); diff != "" {
		t.Errorf("rebuild differs from catch-up (-live +rebuilt):\n%s", diff)
	}
}
