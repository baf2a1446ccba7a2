package relay

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/eventfn/eventfn/shared/eventstore"
)

// lead takes the advisory lock on a connection of its own and publishes
// while it holds it. It returns when ctx ends or the connection fails.
func (r *Relay) lead(ctx context.Context) error {
	pooled, err := r.pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("acquire: %w", err)
	}
	// The lock lives and dies with this session: take the connection out
	// of the pool so it is never handed to anyone else while holding it.
	conn := pooled.Hijack()
	defer conn.Close(context.Background())
	if err := r.awaitLock(ctx, conn); err != nil {
		return err
	}
	r.cfg.Logger.Info("relay leads", "sink", r.cfg.Sink)
	return r.publishLoop(ctx, conn)
}

func (r *Relay) awaitLock(ctx context.Context, conn *pgx.Conn) error {
	for {
		var got bool
		if err := conn.QueryRow(ctx, "SELECT pg_try_advisory_lock($1)", lockKey).Scan(&got); err != nil {
			return fmt.Errorf("advisory lock: %w", err)
		}
		if got {
			return nil
		}
		sleep(ctx, r.cfg.Poll)
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
}

func (r *Relay) publishLoop(ctx context.Context, conn *pgx.Conn) error {
	cp, err := r.checkpoint(ctx, conn)
	if err != nil {
		return err
	}
	for ctx.Err() == nil {
		batch, err := eventstore.ReadAll(ctx, conn, cp, r.cfg.BatchSize, eventstore.Filter{})
		if err != nil {
			return fmt.Errorf("read log: %w", err)
		}
		if len(batch) == 0 {
			r.idle(ctx)
			continue
		}
		if err := r.publish(ctx, batch); err != nil {
			return err
		}
		cp = batch[len(batch)-1].Checkpoint()
		// The batch is acknowledged: record that even if ctx just ended,
		// so a clean stop resends nothing.
		saveCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		err = r.saveCheckpoint(saveCtx, conn, cp)
		cancel()
		if err != nil {
			return err
		}
	}
	return nil
}

// idle waits for a wake-up or the next poll.
func (r *Relay) idle(ctx context.Context) {
	select {
	case <-ctx.Done():
	case <-r.wake:
	case <-time.After(r.cfg.Poll):
	}
}

func (r *Relay) checkpoint(ctx context.Context, conn *pgx.Conn) (eventstore.Position, error) {
	var cp eventstore.Position
	err := conn.QueryRow(ctx, "SELECT tx_id, position FROM checkpoints WHERE name = $1", r.cfg.Name).Scan(&cp.TxID, &cp.Pos)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return cp, fmt.Errorf("read checkpoint %s: %w", r.cfg.Name, err)
	}
	return cp, nil
}

// saveCheckpoint writes through the lock-holding connection: if that
// session is gone, so is the lead, and the write fails instead of racing
// the new leader.
func (r *Relay) saveCheckpoint(ctx context.Context, conn *pgx.Conn, cp eventstore.Position) error {
	_, err := conn.Exec(ctx, `
		INSERT INTO checkpoints (name, tx_id, position, updated_at)
		VALUES ($1, $2, $3, now())
		ON CONFLICT (name) DO UPDATE SET tx_id = excluded.tx_id, position = excluded.position, updated_at = now()`,
		r.cfg.Name, cp.TxID, cp.Pos)
	if err != nil {
		return fmt.Errorf("save checkpoint %s: %w", r.cfg.Name, err)
	}
	return nil
}
