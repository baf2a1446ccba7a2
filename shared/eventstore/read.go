package eventstore

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/eventfn/eventfn/shared/failure"
)

// MaxReadLimit bounds one ReadAll batch.
const MaxReadLimit = 100_000

// eventColumns are the columns scanEvent reads. Metadata comes out field by
// field because decoding a JSON object per row would dominate a log scan.
const eventColumns = `position, tx_id, stream, version, id, type, data,
	coalesce(metadata->>'source', ''), coalesce(metadata->>'correlation', ''),
	coalesce(metadata->>'causation', ''), coalesce(metadata->>'traceparent', ''), recorded_at`

// commitSafe admits only events whose transaction is older than every
// transaction still running: nothing can commit below that line any more,
// so a reader that moves past an event never skips a late committer.
const commitSafe = `tx_id < pg_snapshot_xmin(pg_current_snapshot())`

func scanEvent(row pgx.CollectableRow) (RecordedEvent, error) {
	var e RecordedEvent
	var id uuid.UUID
	m := &e.Metadata
	err := row.Scan(&e.Position, &e.TxID, &e.Stream, &e.Version, &id, &e.Type, &e.Data,
		&m.Source, &m.Correlation, &m.Causation, &m.Traceparent, &e.RecordedAt)
	e.ID = id.String()
	return e, err
}

// Load returns the events of stream with versions above fromVersion, in
// version order. A stream that does not exist has no events.
func (s *Store) Load(ctx context.Context, stream string, fromVersion int64) ([]RecordedEvent, error) {
	if err := validateStream(stream); err != nil {
		return nil, fmt.Errorf("load: %w", err)
	}
	if fromVersion < 0 {
		return nil, fmt.Errorf("load %s: %w", stream, failure.Invalidf("negative version %d", fromVersion))
	}
	rows, err := s.pool.Query(ctx, `SELECT `+eventColumns+` FROM events
		WHERE stream = $1 AND version > $2 ORDER BY version`, stream, fromVersion)
	events, err := collectEvents(rows, err)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", stream, err)
	}
	return events, nil
}

// ReadAll returns up to limit events after the position after, in
// commit-safe order (see Position), narrowed by f. It runs on q, so a
// caller can read inside its own transaction. The last event's Checkpoint
// is where the next call continues.
func ReadAll(ctx context.Context, q Querier, after Position, limit int, f Filter) ([]RecordedEvent, error) {
	if limit < 1 || limit > MaxReadLimit {
		return nil, fmt.Errorf("read all: %w", failure.Invalidf("limit %d outside 1..%d", limit, MaxReadLimit))
	}
	sql, args := readAllQuery(after, limit, f)
	rows, err := q.Query(ctx, sql, args...)
	events, err := collectEvents(rows, err)
	if err != nil {
		return nil, fmt.Errorf("read all after %s: %w", after.Token(), err)
	}
	return events, nil
}

// ReadAll is ReadAll on the store's pool.
func (s *Store) ReadAll(ctx context.Context, after Position, limit int, f Filter) ([]RecordedEvent, error) {
	return ReadAll(ctx, s.pool, after, limit, f)
}

// readAllQuery builds the query for f. Each filter shape gets its own SQL
// text, so every shape keeps a plan of its own instead of one generic plan.
func readAllQuery(after Position, limit int, f Filter) (string, []any) {
	args := []any{after.TxID, after.Pos, limit}
	where := []string{`(tx_id, position) > ($1, $2)`, commitSafe}
	if len(f.Types) > 0 {
		args = append(args, f.Types)
		where = append(where, `type = ANY($`+strconv.Itoa(len(args))+`)`)
	}
	if f.Stream != "" {
		args = append(args, f.Stream)
		where = append(where, `stream = $`+strconv.Itoa(len(args)))
	}
	return `SELECT ` + eventColumns + ` FROM events WHERE ` + strings.Join(where, " AND ") +
		` ORDER BY tx_id, position LIMIT $3`, args
}

func collectEvents(rows pgx.Rows, err error) ([]RecordedEvent, error) {
	if err != nil {
		return nil, classify(err)
	}
	events, err := pgx.CollectRows(rows, scanEvent)
	if err != nil {
		return nil, classify(err)
	}
	return events, nil
}

// Head returns the position of the newest commit-safe event: a reader whose
// checkpoint is there has seen everything it can see. The zero Position
// means the log has no commit-safe event yet.
func (s *Store) Head(ctx context.Context) (Position, error) {
	var p Position
	err := s.pool.QueryRow(ctx, `SELECT tx_id, position FROM events WHERE `+commitSafe+`
		ORDER BY tx_id DESC, position DESC LIMIT 1`).Scan(&p.TxID, &p.Pos)
	if err == pgx.ErrNoRows {
		return Position{}, nil
	}
	if err != nil {
		return Position{}, fmt.Errorf("head: %w", classify(err))
	}
	return p, nil
}
