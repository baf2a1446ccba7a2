package eventstore

import (
	"context"
	"errors"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/eventfn/eventfn/shared/failure"
)

// SQLSTATEs the store tells apart.
const (
	codeAppendOnly      = "EF403" // raised by the events table's trigger
	codeUniqueViolation = "23505"
)

// isVersionConflict reports whether err says another writer took a version
// this append wanted.
func isVersionConflict(err error) bool {
	var pg *pgconn.PgError
	return errors.As(err, &pg) && pg.Code == codeUniqueViolation && pg.ConstraintName == "events_pkey"
}

// classify gives a database error its failure kind. Anything the database
// refuses because of the input is the caller's; lost connections, timeouts
// and an overloaded server are worth retrying later.
func classify(err error) error {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return classifyPg(pg, err)
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) || pgconn.Timeout(err) {
		return failure.Wrap(failure.Unavailable, "event store timed out", err)
	}
	return failure.Wrap(failure.Unavailable, "event store unavailable", err)
}

func classifyPg(pg *pgconn.PgError, err error) error {
	switch {
	case pg.Code == codeAppendOnly:
		return failure.Wrap(failure.Rejected, pg.Message, err)
	case pg.Code == codeUniqueViolation && pg.ConstraintName == "events_id_key":
		return failure.Wrap(failure.Rejected, "an event with this id is already in the log", err)
	case strings.HasPrefix(pg.Code, "22"), strings.HasPrefix(pg.Code, "23"):
		return failure.Wrap(failure.Invalid, pg.Message, err)
	case strings.HasPrefix(pg.Code, "40"):
		return failure.Wrap(failure.Conflict, "concurrent update", err)
	case strings.HasPrefix(pg.Code, "08"), strings.HasPrefix(pg.Code, "53"), strings.HasPrefix(pg.Code, "57"):
		return failure.Wrap(failure.Unavailable, "event store unavailable", err)
	}
	return err
}
