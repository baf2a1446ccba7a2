// Package projectiontest provides a small read model for tests and
// benchmarks of the projection engine: Counter counts the events of each
// stream, which makes "equals the fold of the log" a one-query check.
//
//	c := projectiontest.NewCounter("counter", "test.thing.happened")
//	r, _ := projection.NewRunner(pool, c, projection.Options{})
//	r.Ensure(ctx)
//	r.CatchUp(ctx)
//	got, _ := c.Counts(ctx, pool, projection.LiveSchema(c.Name()))
//	want, _ := c.Fold(ctx, pool)
package projectiontest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/jackc/pgx/v5"

	"github.com/eventfn/eventfn/shared/eventstore"
	"github.com/eventfn/eventfn/shared/projection"
)

// Counter is a projection.ReadModel with one table, counts(stream, events,
// last_version): how many events of its types each stream has.
type Counter struct {
	name        string
	types       []string
	refuse      atomic.Bool
	beforeApply atomic.Pointer[func()]
}

// NewCounter returns a Counter called name that counts events of types
// (every event when types is empty).
func NewCounter(name string, types ...string) *Counter {
	return &Counter{name: name, types: types}
}

// Name implements projection.ReadModel.
func (c *Counter) Name() string { return c.name }

// EventTypes implements projection.ReadModel.
func (c *Counter) EventTypes() []string { return c.types }

// RefusePoison makes Apply blame every event whose data is
// {"poison": true} while on is true: a poison event a later fix cures.
func (c *Counter) RefusePoison(on bool) { c.refuse.Store(on) }

// BeforeApply makes Apply call f first (nil: nothing), so a test can hold a
// runner inside its transaction.
func (c *Counter) BeforeApply(f func()) { c.beforeApply.Store(&f) }

// CreateTables implements projection.ReadModel.
func (c *Counter) CreateTables(ctx context.Context, tx pgx.Tx, schema string) error {
	_, err := tx.Exec(ctx, `CREATE TABLE `+table(schema)+` (
		stream text PRIMARY KEY, events bigint NOT NULL, last_version bigint NOT NULL);
		CREATE INDEX counts_by_events ON `+table(schema)+` (events DESC, stream)`)
	return err
}

// Apply implements projection.ReadModel: it sums the batch per stream and
// writes it with one statement.
func (c *Counter) Apply(ctx context.Context, tx pgx.Tx, schema string, events []eventstore.RecordedEvent) error {
	if f := c.beforeApply.Load(); f != nil && *f != nil {
		(*f)()
	}
	if err := c.checkPoison(events); err != nil {
		return err
	}
	streams, counts, versions := sumPerStream(events)
	_, err := tx.Exec(ctx, `INSERT INTO `+table(schema)+` AS t (stream, events, last_version)
		SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[])
		ON CONFLICT (stream) DO UPDATE
		SET events = t.events + excluded.events, last_version = excluded.last_version`,
		streams, counts, versions)
	if err != nil {
		return fmt.Errorf("count %d events: %w", len(events), err)
	}
	return nil
}

func (c *Counter) checkPoison(events []eventstore.RecordedEvent) error {
	if !c.refuse.Load() {
		return nil
	}
	for _, e := range events {
		if isPoison(e.Data) {
			return &projection.EventError{Event: e, Err: errors.New("poison event refused")}
		}
	}
	return nil
}

func isPoison(data []byte) bool {
	if !bytes.Contains(data, []byte(`"poison"`)) {
		return false
	}
	var d struct{ Poison bool }
	return json.Unmarshal(data, &d) == nil && d.Poison
}

// sumPerStream folds a batch into one row per stream, in first-seen order.
func sumPerStream(events []eventstore.RecordedEvent) (streams []string, counts, versions []int64) {
	index := make(map[string]int)
	for _, e := range events {
		i, ok := index[e.Stream]
		if !ok {
			i = len(streams)
			index[e.Stream] = i
			streams, counts, versions = append(streams, e.Stream), append(counts, 0), append(versions, 0)
		}
		counts[i]++
		versions[i] = e.Version
	}
	return streams, counts, versions
}

func table(schema string) string { return pgx.Identifier{schema, "counts"}.Sanitize() }

// Count is one row of the Counter's table.
type Count struct {
	Events      int64
	LastVersion int64
}

// Counts reads the Counter's table in schema.
func (c *Counter) Counts(ctx context.Context, q projection.Querier, schema string) (map[string]Count, error) {
	return collect(q.Query(ctx, `SELECT stream, events, last_version FROM `+table(schema)))
}

// Fold computes from the log what Counts must equal once caught up.
func (c *Counter) Fold(ctx context.Context, q projection.Querier) (map[string]Count, error) {
	return collect(q.Query(ctx, `SELECT stream, count(*), max(version) FROM events
		WHERE coalesce(cardinality($1::text[]), 0) = 0 OR type = ANY($1) GROUP BY stream`, c.types))
}

func collect(rows pgx.Rows, err error) (map[string]Count, error) {
	if err != nil {
		return nil, err
	}
	out := make(map[string]Count)
	var stream string
	var n Count
	_, err = pgx.ForEachRow(rows, []any{&stream, &n.Events, &n.LastVersion}, func() error {
		out[stream] = n
		return nil
	})
	return out, err
}
