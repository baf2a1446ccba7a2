package projection

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/eventfn/eventfn/shared/eventstore"
	"github.com/eventfn/eventfn/shared/failure"
)

// ShadowSchema is the schema a rebuild of the read model called name fills
// before it replaces the live one.
func ShadowSchema(name string) string { return LiveSchema(name) + "_rebuild" }

// retiredSchema holds the old live schema for the instant of the swap.
func retiredSchema(name string) string { return LiveSchema(name) + "_retired" }

// RebuildProgress says how far a rebuild is.
type RebuildProgress struct {
	Done    int64 // events applied to the shadow schema so far
	Total   int64 // events to apply: counted at the start, raised when writers add more
	Elapsed time.Duration
}

// RebuildResult sums up a finished rebuild.
type RebuildResult struct {
	Events     int64               // events applied
	Checkpoint eventstore.Position // the checkpoint set at the swap
	Elapsed    time.Duration       // the whole rebuild
	Swap       time.Duration       // the final transaction, which holds the checkpoint
}

// Rebuild builds the read model afresh from the start of the log into
// ShadowSchema, one transaction per batch, while queries keep reading the
// live schema and runners keep it up to date. Then one short transaction
// locks the checkpoint, applies the final tail to the shadow schema, swaps
// the schemas, sets the checkpoint and drops the old schema. report, when
// not nil, is called after every batch.
//
// Only one rebuild of a model runs at a time (failure.Conflict otherwise).
// A poison event fails the rebuild and leaves the live model untouched.
func (r *Runner) Rebuild(ctx context.Context, report func(RebuildProgress)) (RebuildResult, error) {
	if err := r.Ensure(ctx); err != nil {
		return RebuildResult{}, err
	}
	conn, err := r.pool.Acquire(ctx)
	if err != nil {
		return RebuildResult{}, unavailable("acquire connection", err)
	}
	defer conn.Release()
	if err := lockRebuild(ctx, conn, r.Name()); err != nil {
		return RebuildResult{}, err
	}
	defer unlockRebuild(conn, r.Name())
	b := &rebuild{Runner: r, conn: conn, report: report, start: time.Now()}
	res, err := b.run(ctx)
	if err != nil {
		b.dropShadow()
		return res, fmt.Errorf("rebuild %s: %w", r.Name(), err)
	}
	return res, nil
}

// rebuild is one rebuild in progress, on one connection, which also holds
// the session lock that keeps a second rebuild of the model out.
type rebuild struct {
	*Runner
	conn   *pgxpool.Conn
	report func(RebuildProgress)
	start  time.Time
	pos    eventstore.Position // the shadow schema's own checkpoint
	// deferred are the indexes dropped for the bulk load.
	deferred []deferredIndex
	done     int64
	total    int64
}

func (b *rebuild) run(ctx context.Context) (RebuildResult, error) {
	if err := b.prepare(ctx); err != nil {
		return RebuildResult{}, err
	}
	// The second bulk pass takes in what writers appended while the indexes
	// were built, so that the swap only has a short tail left to apply.
	if err := b.bulk(ctx); err != nil {
		return RebuildResult{}, err
	}
	if err := restoreIndexes(ctx, b.conn, ShadowSchema(b.Name()), b.deferred); err != nil {
		return RebuildResult{}, err
	}
	if err := b.bulk(ctx); err != nil {
		return RebuildResult{}, err
	}
	swapStart := time.Now()
	err := pgx.BeginFunc(ctx, b.conn, func(tx pgx.Tx) error { return b.swap(ctx, tx) })
	if err != nil {
		return RebuildResult{}, err
	}
	return RebuildResult{Events: b.done, Checkpoint: b.pos, Elapsed: time.Since(b.start), Swap: time.Since(swapStart)}, nil
}

// prepare creates the empty shadow schema and counts the work.
func (b *rebuild) prepare(ctx context.Context) error {
	err := pgx.BeginFunc(ctx, b.conn, func(tx pgx.Tx) error {
		if err := lockProjection(ctx, tx, b.Name()); err != nil {
			return err
		}
		if err := createSchema(ctx, tx, b.model, ShadowSchema(b.Name())); err != nil {
			return err
		}
		var err error
		b.deferred, err = dropQueryIndexes(ctx, tx, ShadowSchema(b.Name()))
		return err
	})
	if err != nil {
		return err
	}
	b.total, err = countEvents(ctx, b.conn, b.model.EventTypes())
	return err
}

// bulk applies the log to the shadow schema up to the commit-safe end, one
// transaction per batch, while a second connection reads the next batch:
// reading and applying overlap.
func (b *rebuild) bulk(ctx context.Context) error {
	if b.pool.Config().MaxConns < 2 {
		return b.bulkAlone(ctx) // the rebuild holds the only connection
	}
	var reader sync.WaitGroup
	defer reader.Wait() // after cancel: the reader's connection is back
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan readBatch, 1)
	reader.Add(1)
	go func() {
		defer reader.Done()
		b.readAhead(ctx, batches)
	}()
	for rb := range batches {
		if rb.err != nil {
			return rb.err
		}
		err := pgx.BeginFunc(ctx, b.conn, func(tx pgx.Tx) error { return b.applyRead(ctx, tx, rb) })
		if err != nil {
			return err
		}
	}
	return nil
}

// bulkAlone is bulk on the rebuild's connection alone: read, then apply.
func (b *rebuild) bulkAlone(ctx context.Context) error {
	for full := true; full; {
		err := pgx.BeginFunc(ctx, b.conn, func(tx pgx.Tx) error {
			var err error
			full, err = b.applyNext(ctx, tx)
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// readBatch is one batch read from the log, with the horizon read before it.
type readBatch struct {
	events  []eventstore.RecordedEvent
	horizon uint64
	full    bool
	err     error
}

// readAhead reads batches from the shadow's position on a connection of
// its own until a batch is not full, an error, or ctx ends.
func (b *rebuild) readAhead(ctx context.Context, out chan<- readBatch) {
	defer close(out)
	conn, err := b.pool.Acquire(ctx)
	if err != nil {
		out <- readBatch{err: unavailable("acquire connection", err)}
		return
	}
	defer conn.Release()
	for after := b.pos; ; {
		rb := b.readOnly(ctx, conn, after)
		select {
		case out <- rb:
		case <-ctx.Done():
			return
		}
		if rb.err != nil || !rb.full {
			return
		}
		after = rb.events[len(rb.events)-1].Checkpoint()
	}
}

// readOnly reads the batch after after in a read-only transaction.
func (b *rebuild) readOnly(ctx context.Context, conn *pgxpool.Conn, after eventstore.Position) readBatch {
	var rb readBatch
	err := pgx.BeginTxFunc(ctx, conn, pgx.TxOptions{AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		var err error
		rb, err = b.read(ctx, tx, after)
		return err
	})
	rb.err = err
	return rb
}

func (b *rebuild) read(ctx context.Context, tx pgx.Tx, after eventstore.Position) (readBatch, error) {
	horizon, err := snapshotXmin(ctx, tx)
	if err != nil {
		return readBatch{}, err
	}
	events, err := eventstore.ReadAll(ctx, tx, after, b.batch, b.filter())
	if err != nil {
		return readBatch{}, fmt.Errorf("read log after %s: %w", after.Token(), err)
	}
	return readBatch{events: events, horizon: horizon, full: len(events) == b.batch}, nil
}

// applyNext reads and applies the next batch in tx and reports whether it
// was full (more may follow).
func (b *rebuild) applyNext(ctx context.Context, tx pgx.Tx) (bool, error) {
	rb, err := b.read(ctx, tx, b.pos)
	if err != nil {
		return false, err
	}
	return rb.full, b.applyRead(ctx, tx, rb)
}

// applyRead applies a batch to the shadow schema and moves the shadow's
// position past it. A poison event fails the rebuild.
func (b *rebuild) applyRead(ctx context.Context, tx pgx.Tx, rb readBatch) error {
	_, poison, err := applyBatch(ctx, tx, b.model, ShadowSchema(b.Name()), rb.events)
	if err == nil && poison != nil {
		err = failure.Wrap(failure.Rejected, "poison event at "+poison.Event.Checkpoint().Token(), poison)
	}
	if err != nil {
		return err
	}
	b.pos = readPosition(b.pos, rb.events, rb.horizon, !rb.full)
	b.progress(len(rb.events))
	return nil
}

func (b *rebuild) progress(n int) {
	b.done += int64(n)
	b.total = max(b.total, b.done)
	if b.report != nil {
		b.report(RebuildProgress{Done: b.done, Total: b.total, Elapsed: time.Since(b.start)})
	}
}

// swap runs in the final transaction: with the checkpoint locked no runner
// can move the live model, so the shadow catches up with the last events
// and takes its place atomically.
func (b *rebuild) swap(ctx context.Context, tx pgx.Tx) error {
	if _, _, err := lockCheckpoint(ctx, tx, b.Name(), waitLocked); err != nil {
		return err
	}
	for full := true; full; {
		var err error
		if full, err = b.applyNext(ctx, tx); err != nil {
			return err
		}
	}
	if err := swapSchemas(ctx, tx, b.Name()); err != nil {
		return err
	}
	return moveCheckpoint(ctx, tx, b.Name(), b.pos, resolvedRebuilt)
}

func swapSchemas(ctx context.Context, tx pgx.Tx, name string) error {
	live := pgx.Identifier{LiveSchema(name)}.Sanitize()
	shadow := pgx.Identifier{ShadowSchema(name)}.Sanitize()
	retired := pgx.Identifier{retiredSchema(name)}.Sanitize()
	sql := `DROP SCHEMA IF EXISTS ` + retired + ` CASCADE;
ALTER SCHEMA ` + live + ` RENAME TO ` + retired + `;
ALTER SCHEMA ` + shadow + ` RENAME TO ` + live + `;
DROP SCHEMA ` + retired + ` CASCADE`
	if _, err := tx.Exec(ctx, sql); err != nil {
		return unavailable("swap schemas of "+name, err)
	}
	return nil
}

// dropShadow removes what a failed rebuild left, so that it takes no space
// and no one mistakes it for a result.
func (b *rebuild) dropShadow() {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, err := b.conn.Exec(ctx, `DROP SCHEMA IF EXISTS `+pgx.Identifier{ShadowSchema(b.Name())}.Sanitize()+` CASCADE`)
	if err != nil {
		b.log.Warn("drop shadow schema of failed rebuild", "projection", b.Name(), "error", err)
	}
}

// lockRebuild takes a session lock that the connection holds until
// unlockRebuild.
func lockRebuild(ctx context.Context, conn *pgxpool.Conn, name string) error {
	var ok bool
	err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock(hashtextextended($1, 0))`, "eventfn.rebuild."+name).Scan(&ok)
	if err != nil {
		return unavailable("lock rebuild of "+name, err)
	}
	if !ok {
		return failure.Conflictf("a rebuild of %s is already running", name)
	}
	return nil
}

func unlockRebuild(conn *pgxpool.Conn, name string) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, err := conn.Exec(ctx, `SELECT pg_advisory_unlock(hashtextextended($1, 0))`, "eventfn.rebuild."+name)
	if err != nil {
		// A connection still holding the lock must not go back to the pool.
		conn.Conn().Close(ctx)
	}
}

// countEvents counts the log's events of types (all events when types is
// empty), committed or not yet commit-safe.
func countEvents(ctx context.Context, q Querier, types []string) (int64, error) {
	var n int64
	err := q.QueryRow(ctx, `SELECT count(*) FROM events WHERE coalesce(cardinality($1::text[]), 0) = 0 OR type = ANY($1)`, types).Scan(&n)
	if err != nil {
		return 0, unavailable("count events", err)
	}
	return n, nil
}
