package readmodeltest

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/eventfn/eventfn/shared/eventstore"
	"github.com/eventfn/eventfn/shared/projection"
)

// CatchUpAndRebuild appends events to the real log, catches m up with a
// real projection.Runner reading batches of batchSize, and reads m's live
// schema with read. It then rebuilds m from the log and fails t unless read
// gives the same again. It returns what the catch-up gave, for the caller
// to check against the domain's own fold.
func CatchUpAndRebuild[T any](t testing.TB, pool *pgxpool.Pool, m projection.ReadModel, batchSize int,
	events []eventstore.RecordedEvent, read func(schema string) T) T {
	t.Helper()
	ctx := context.Background()
	appendAll(t, eventstore.New(pool), events)
	r, err := projection.NewRunner(pool, m, projection.Options{BatchSize: batchSize})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Ensure(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := r.CatchUp(ctx); err != nil {
		t.Fatalf("CatchUp: %v", err)
	}
	schema := projection.LiveSchema(m.Name())
	live := read(schema)
	if _, err := r.Rebuild(ctx, nil); err != nil {
		t.Fatalf("Rebuild: %v", err)
	}
	if diff := cmp.Diff(live, read(schema)); diff != "" {
		t.Errorf("rebuild differs from catch-up (-live +rebuilt):\n%s", diff)
	}
	return live
}
