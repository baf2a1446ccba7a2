package eventstore

import (
	"context"
	"log/slog"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Querier runs SQL: a *pgxpool.Pool, a *pgx.Conn or a pgx.Tx. ReadAll takes
// one so that a projection can read the log inside the transaction that
// moves its checkpoint.
type Querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// Store is the event log in one PostgreSQL database.
type Store struct {
	pool     *pgxpool.Pool
	logger   *slog.Logger
	notifier *notifier
	combiner *combiner
}

// New returns a Store on pool, whose database Migrate has brought up to
// date.
func New(pool *pgxpool.Pool) *Store {
	return &Store{pool: pool, logger: slog.Default(), notifier: &notifier{pool: pool, logger: slog.Default()},
		combiner: &combiner{}}
}

// WithLogger returns a copy of s that logs to l (listener reconnects).
func (s *Store) WithLogger(l *slog.Logger) *Store {
	return &Store{pool: s.pool, logger: l, notifier: &notifier{pool: s.pool, logger: l},
		combiner: s.combiner}
}

// Pool is the connection pool s runs on.
func (s *Store) Pool() *pgxpool.Pool { return s.pool }
