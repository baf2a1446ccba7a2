package readmodeltest

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/eventfn/eventfn/shared/eventstore"
	"github.com/eventfn/eventfn/shared/projection"
	"github.com/eventfn/eventfn/shared/readmodel"
)

// Project creates m's live schema and tables and applies batches, each as
// the runner would, inside one transaction that it commits. It returns the
// schema; an Apply error fails t.
func Project(t testing.TB, pool *pgxpool.Pool, m projection.ReadModel, batches ...[]eventstore.RecordedEvent) string {
	t.Helper()
	ctx := context.Background()
	tx, schema := begin(t, pool, m)
	defer tx.Rollback(ctx)
	for _, b := range batches {
		if err := m.Apply(ctx, tx, schema, b); err != nil {
			t.Fatalf("Apply: %v", err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	return schema
}

// TryApply creates m's live schema and tables and applies events in a
// transaction it then rolls back, and returns what Apply returned: for
// tests of how a model refuses an event.
func TryApply(t testing.TB, pool *pgxpool.Pool, m projection.ReadModel, events []eventstore.RecordedEvent) error {
	t.Helper()
	ctx := context.Background()
	tx, schema := begin(t, pool, m)
	defer tx.Rollback(ctx)
	return m.Apply(ctx, tx, schema, events)
}

// begin opens a transaction holding m's new live schema and its tables.
func begin(t testing.TB, pool *pgxpool.Pool, m projection.ReadModel) (pgx.Tx, string) {
	t.Helper()
	ctx := context.Background()
	schema := projection.LiveSchema(m.Name())
	tx, err := pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, `CREATE SCHEMA `+schema); err != nil {
		tx.Rollback(ctx)
		t.Fatal(err)
	}
	if err := m.CreateTables(ctx, tx, schema); err != nil {
		tx.Rollback(ctx)
		t.Fatal(err)
	}
	return tx, schema
}

// appendAll appends events to the real log, in order, and waits until
// they are commit-safe: the horizon is cluster-wide, so transactions of
// tests running in parallel in other databases can hold it back.
func appendAll(t testing.TB, store *eventstore.Store, events []eventstore.RecordedEvent) {
	t.Helper()
	ctx := context.Background()
	var last eventstore.Result
	for _, e := range events {
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

// All follows a list from its first page to its last, by each page's
// Next, and returns every item; list returns the page after a cursor. A
// failed list, or a page longer than limit (0 means
// readmodel.DefaultLimit), fails t.
func All[T any](t testing.TB, limit int, list func(after string) (readmodel.Page[T], error)) []T {
	t.Helper()
	if limit == 0 {
		limit = readmodel.DefaultLimit
	}
	var all []T
	after := ""
	for {
		p, err := list(after)
		if err != nil {
			t.Fatalf("list after %q: %v", after, err)
		}
		if len(p.Items) > limit {
			t.Fatalf("page of %d items, limit %d", len(p.Items), limit)
		}
		all = append(all, p.Items...)
		if p.Next == "" {
			return all
		}
		after = p.Next
	}
}
