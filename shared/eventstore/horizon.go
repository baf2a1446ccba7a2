package eventstore

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/eventfn/eventfn/shared/failure"
)

// horizonSQL reads the newest event, the newest commit-safe event and the
// count between them in one statement, so the three agree.
const horizonSQL = `
SELECT coalesce(n.tx_id, '0'), coalesce(n.position, 0), coalesce(h.tx_id, '0'), coalesce(h.position, 0),
       (SELECT count(*) FROM events WHERE tx_id >= x.xmin)
FROM (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin) x
LEFT JOIN LATERAL (SELECT tx_id, position FROM events
                   ORDER BY tx_id DESC, position DESC LIMIT 1) n ON true
LEFT JOIN LATERAL (SELECT tx_id, position FROM events WHERE tx_id < x.xmin
                   ORDER BY tx_id DESC, position DESC LIMIT 1) h ON true`

// oldestSQL finds the oldest transaction that holds a transaction id, in
// any database of the cluster: ids are cluster-wide, so any of them holds
// the horizon back.
const oldestSQL = `
SELECT pid, coalesce(application_name, ''), coalesce(state, ''),
       extract(epoch FROM now() - xact_start)::float8, left(coalesce(query, ''), 200)
FROM pg_stat_activity
WHERE backend_xid IS NOT NULL AND pid <> pg_backend_pid() AND xact_start IS NOT NULL
ORDER BY xact_start LIMIT 1`

// Horizon reports how far the commit-safe horizon trails the newest event
// and which open transaction, if any, holds it back and for how long.
func (s *Store) Horizon(ctx context.Context) (HorizonStatus, error) {
	var h HorizonStatus
	err := s.pool.QueryRow(ctx, horizonSQL).Scan(&h.Newest.TxID, &h.Newest.Pos,
		&h.Horizon.TxID, &h.Horizon.Pos, &h.Behind)
	if err != nil {
		return h, fmt.Errorf("horizon: %w", classify(err))
	}
	h.Oldest, err = s.oldestTransaction(ctx)
	if err != nil {
		return h, fmt.Errorf("horizon: %w", err)
	}
	return h, nil
}

func (s *Store) oldestTransaction(ctx context.Context) (*OpenTransaction, error) {
	var t OpenTransaction
	var secs float64
	err := s.pool.QueryRow(ctx, oldestSQL).Scan(&t.PID, &t.Application, &t.State, &secs, &t.Query)
	if err == pgx.ErrNoRows {
		return nil, nil
	}
	if err != nil {
		return nil, classify(err)
	}
	t.Age = time.Duration(secs * float64(time.Second))
	return &t, nil
}

// WaitCommitSafe returns once the events up to p are commit-safe, so that
// ReadAll returns them, or with ctx's error. The horizon is cluster-wide:
// any transaction anywhere in the cluster that began before p committed
// delays it, which is why a reader of a token just returned may have to wait.
func (s *Store) WaitCommitSafe(ctx context.Context, p Position) error {
	delay := time.Millisecond
	for {
		var xmin uint64
		if err := s.pool.QueryRow(ctx, `SELECT pg_snapshot_xmin(pg_current_snapshot())`).Scan(&xmin); err != nil {
			return fmt.Errorf("wait for %s: %w", p.Token(), classify(err))
		}
		if p.TxID < xmin {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("wait for %s: %w", p.Token(), failure.Wrap(failure.Unavailable, "commit-safe horizon held back", ctx.Err()))
		case <-time.After(delay):
		}
		delay = min(2*delay, 50*time.Millisecond)
	}
}
