package projection

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/eventfn/eventfn/shared/eventstore"
	"github.com/eventfn/eventfn/shared/failure"
)

// Failure is a poison event: one the read model's Apply refused. The
// projection stalls in front of it and retries it on every CatchUp until
// the model accepts it, it is skipped, or the model is rebuilt.
type Failure struct {
	Name      string
	Position  eventstore.Position
	EventID   string
	EventType string
	Error     string
	Attempts  int64
	FirstSeen time.Time
	LastSeen  time.Time
}

// recordPoison stores (or counts again) the event the model blamed.
func (r *Runner) recordPoison(ctx context.Context, tx pgx.Tx, blamed *EventError) (*Failure, error) {
	const sql = `
INSERT INTO projection_failures (name, tx_id, position, event_id, event_type, error)
VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT (name, tx_id, position) DO UPDATE
SET attempts = projection_failures.attempts + 1, last_seen = now(), error = excluded.error,
    resolved_at = NULL, resolution = NULL
RETURNING attempts, first_seen, last_seen`
	e := blamed.Event
	f := &Failure{Name: r.Name(), Position: e.Checkpoint(), EventID: e.ID, EventType: e.Type, Error: blamed.Err.Error()}
	err := tx.QueryRow(ctx, sql, f.Name, f.Position.TxID, f.Position.Pos, f.EventID, f.EventType, f.Error).
		Scan(&f.Attempts, &f.FirstSeen, &f.LastSeen)
	if err != nil {
		return nil, unavailable("record poison event "+e.ID, err)
	}
	r.log.Warn("projection stalled on poison event", "projection", f.Name, "event", f.EventID,
		"type", f.EventType, "position", f.Position.Token(), "attempts", f.Attempts, "error", f.Error)
	return f, nil
}

// Stalled returns the poison event the projection called name is stalled
// in front of, or nil when it is not stalled.
func Stalled(ctx context.Context, q Querier, name string) (*Failure, error) {
	const sql = `
SELECT f.tx_id, f.position, f.event_id, f.event_type, f.error, f.attempts, f.first_seen, f.last_seen
FROM projection_failures f JOIN checkpoints c ON c.name = f.name
WHERE f.name = $1 AND f.resolved_at IS NULL AND (f.tx_id, f.position) > (c.tx_id, c.position)
ORDER BY f.tx_id, f.position LIMIT 1`
	f := &Failure{Name: name}
	err := q.QueryRow(ctx, sql, name).Scan(&f.Position.TxID, &f.Position.Pos, &f.EventID,
		&f.EventType, &f.Error, &f.Attempts, &f.FirstSeen, &f.LastSeen)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, unavailable("read failures of "+name, err)
	}
	return f, nil
}

// Skip moves a stalled projection's checkpoint past its poison event, so
// the model never applies that event, and returns the event skipped. It
// refuses (failure.Rejected) when the projection is not stalled.
func (r *Runner) Skip(ctx context.Context) (Failure, error) {
	var skipped Failure
	err := pgx.BeginFunc(ctx, r.pool, func(tx pgx.Tx) error {
		f, err := r.skipIn(ctx, tx)
		if err == nil {
			skipped = *f
		}
		return err
	})
	return skipped, err
}

func (r *Runner) skipIn(ctx context.Context, tx pgx.Tx) (*Failure, error) {
	from, _, err := lockCheckpoint(ctx, tx, r.Name(), waitLocked)
	if err != nil {
		return nil, err
	}
	f, err := Stalled(ctx, tx, r.Name())
	if err != nil {
		return nil, err
	}
	if f == nil {
		return nil, failure.Rejectedf("projection %s is not stalled", r.Name())
	}
	next, err := eventstore.ReadAll(ctx, tx, from, 1, r.filter())
	if err != nil {
		return nil, fmt.Errorf("read event after %s: %w", from.Token(), err)
	}
	// Only the event the projection is blocked on may be skipped: anything
	// else would silently drop events that were never tried.
	if len(next) == 0 || next[0].Checkpoint() != f.Position {
		return nil, failure.Conflictf("projection %s is not in front of event %s any more", r.Name(), f.EventID)
	}
	return f, moveCheckpoint(ctx, tx, r.Name(), f.Position, resolvedSkipped)
}
