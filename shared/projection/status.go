package projection

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/eventfn/eventfn/shared/eventstore"
	"github.com/eventfn/eventfn/shared/failure"
)

// Status is where one projection stands.
type Status struct {
	Name       string
	Checkpoint eventstore.Position
	UpdatedAt  time.Time // when the checkpoint last moved
	// Behind counts the committed events of the model's types after the
	// checkpoint (including those not yet commit-safe).
	Behind int64
	// Lag is how long the oldest of those events has been waiting: zero
	// when Behind is zero.
	Lag time.Duration
	// NewestUnapplied is when the newest of them was recorded; zero when
	// Behind is zero.
	NewestUnapplied time.Time
	// Stalled is the poison event the projection is stopped in front of.
	Stalled *Failure
}

// ReadStatus reads the status of the projection of model m.
func ReadStatus(ctx context.Context, q Querier, m ReadModel) (Status, error) {
	s, err := readLag(ctx, q, m)
	if err != nil {
		return s, err
	}
	s.Stalled, err = Stalled(ctx, q, m.Name())
	return s, err
}

func readLag(ctx context.Context, q Querier, m ReadModel) (Status, error) {
	// The row comparison lets PostgreSQL walk the (tx_id, position) index
	// from the checkpoint on.
	const sql = `
SELECT c.tx_id, c.position, c.updated_at, count(e.position),
       coalesce(extract(epoch FROM now() - min(e.recorded_at)), 0)::float8,
       max(e.recorded_at)
FROM checkpoints c
LEFT JOIN events e ON (e.tx_id, e.position) > (c.tx_id, c.position)
     AND (coalesce(cardinality($2::text[]), 0) = 0 OR e.type = ANY($2))
WHERE c.name = $1
GROUP BY c.tx_id, c.position, c.updated_at`
	s := Status{Name: m.Name()}
	var lagSeconds float64
	var newest *time.Time
	err := q.QueryRow(ctx, sql, m.Name(), m.EventTypes()).Scan(&s.Checkpoint.TxID, &s.Checkpoint.Pos,
		&s.UpdatedAt, &s.Behind, &lagSeconds, &newest)
	if errors.Is(err, pgx.ErrNoRows) {
		return s, failure.NotFoundf("projection %s has no checkpoint: run eventfn migrate", m.Name())
	}
	if err != nil {
		return s, unavailable("read status of "+m.Name(), err)
	}
	s.Lag = time.Duration(lagSeconds * float64(time.Second))
	if newest != nil {
		s.NewestUnapplied = *newest
	}
	return s, nil
}
