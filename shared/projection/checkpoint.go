package projection

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/eventfn/eventfn/shared/eventstore"
	"github.com/eventfn/eventfn/shared/failure"
)

// NotifyChannel is the PostgreSQL channel a Runner notifies, with the
// projection's name as payload, whenever it moves a checkpoint. WaitFor
// listens on it.
const NotifyChannel = "eventfn_checkpoints"

// lockMode says whether lockCheckpoint waits for a checkpoint another
// transaction holds.
type lockMode bool

const (
	skipLocked lockMode = false // replicas: one works, the others return
	waitLocked lockMode = true  // rebuild swap and skip: wait our turn
)

// How a failure was resolved (projection_failures.resolution).
const (
	resolvedApplied = "applied"
	resolvedSkipped = "skipped"
	resolvedRebuilt = "rebuilt"
)

// snapshotXmin is the commit-safe horizon: every transaction below it has
// finished, so no event below it can still appear.
func snapshotXmin(ctx context.Context, q pgx.Tx) (uint64, error) {
	var xmin uint64
	err := q.QueryRow(ctx, `SELECT pg_snapshot_xmin(pg_current_snapshot())`).Scan(&xmin)
	if err != nil {
		return 0, unavailable("read snapshot horizon", err)
	}
	return xmin, nil
}

// lockCheckpoint locks name's checkpoint row for the rest of tx and returns
// it. With skipLocked, locked is false when another transaction holds it.
func lockCheckpoint(ctx context.Context, tx pgx.Tx, name string, mode lockMode) (pos eventstore.Position, locked bool, err error) {
	sql := `SELECT tx_id, position FROM checkpoints WHERE name = $1 FOR UPDATE`
	if mode == skipLocked {
		sql += ` SKIP LOCKED`
	}
	err = tx.QueryRow(ctx, sql, name).Scan(&pos.TxID, &pos.Pos)
	if errors.Is(err, pgx.ErrNoRows) {
		return pos, false, missingIfAbsent(ctx, tx, name)
	}
	if err != nil {
		return pos, false, unavailable("lock checkpoint "+name, err)
	}
	return pos, true, nil
}

// missingIfAbsent tells a checkpoint another runner holds (nil) from one
// that was never created.
func missingIfAbsent(ctx context.Context, tx pgx.Tx, name string) error {
	var exists bool
	err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM checkpoints WHERE name = $1)`, name).Scan(&exists)
	if err != nil {
		return unavailable("look up checkpoint "+name, err)
	}
	if !exists {
		return failure.NotFoundf("projection %s has no checkpoint: run Ensure (eventfn migrate) first", name)
	}
	return nil
}

// moveCheckpoint sets name's checkpoint to to, resolves the failures it has
// passed, and notifies NotifyChannel when tx commits — one round trip.
func moveCheckpoint(ctx context.Context, tx pgx.Tx, name string, to eventstore.Position, resolution string) error {
	const sql = `
WITH moved AS (
    UPDATE checkpoints SET tx_id = $2, position = $3, updated_at = now() WHERE name = $1
), resolved AS (
    UPDATE projection_failures SET resolved_at = now(), resolution = $4
    WHERE name = $1 AND resolved_at IS NULL AND (tx_id, position) <= ($2::xid8, $3::bigint)
)
SELECT pg_notify($5, $1)`
	_, err := tx.Exec(ctx, sql, name, to.TxID, to.Pos, resolution, NotifyChannel)
	if err != nil {
		return unavailable(fmt.Sprintf("move checkpoint %s to %s", name, to.Token()), err)
	}
	return nil
}

// Checkpoint returns the position up to which the read model called name
// has applied the log.
func Checkpoint(ctx context.Context, q Querier, name string) (eventstore.Position, error) {
	var pos eventstore.Position
	err := q.QueryRow(ctx, `SELECT tx_id, position FROM checkpoints WHERE name = $1`, name).Scan(&pos.TxID, &pos.Pos)
	if errors.Is(err, pgx.ErrNoRows) {
		return pos, failure.NotFoundf("no projection %s", name)
	}
	if err != nil {
		return pos, unavailable("read checkpoint "+name, err)
	}
	return pos, nil
}

// Querier is what reading functions need: a pool, a connection or a
// transaction.
type Querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}
