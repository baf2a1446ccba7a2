package eventstore

import (
	"context"
	"crypto/sha256"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/eventfn/eventfn/shared/failure"
)

const replaySQL = `SELECT c.payload_hash = $3, c.stream, e.id, e.type, e.version, e.tx_id, e.position
FROM commands c JOIN events e ON e.stream = c.stream AND e.version BETWEEN c.first_version AND c.last_version
WHERE c.source = $1 AND c.id = $2 ORDER BY e.version`

// Replay returns the first outcome of a command handled before, with
// Duplicate set, and true; or false when the command is new. The same
// identity with another payload is a failure.Rejected error.
//
// A command handler calls it before deciding, because a redelivered
// command must get its first answer even when deciding it again would now
// fail ("account 42 already exists"). Append repeats the check atomically
// for redeliveries that race each other.
func (s *Store) Replay(ctx context.Context, cmd Command) (Result, bool, error) {
	if err := validateCommand(&cmd); err != nil {
		return Result{}, false, fmt.Errorf("replay: %w", err)
	}
	hash := sha256.Sum256(cmd.Payload)
	res, found, err := s.lookup(ctx, cmd.Source, cmd.ID, hash[:])
	if err != nil {
		return Result{}, found, fmt.Errorf("replay %s: %w", cmd.ID, err)
	}
	return res, found, nil
}

// lookup finds the first outcome of the command source/id; a stored
// payload hash other than hash is a failure.Rejected error.
func (s *Store) lookup(ctx context.Context, source, id string, hash []byte) (Result, bool, error) {
	rows, err := s.pool.Query(ctx, replaySQL, source, id, hash)
	if err != nil {
		return Result{}, false, classify(err)
	}
	res := Result{Duplicate: true}
	same, err := scanReplay(rows, &res)
	switch {
	case err != nil:
		return Result{}, false, classify(err)
	case len(res.Events) == 0:
		return Result{}, false, nil
	case !same:
		return Result{}, true, failure.Rejectedf("command %s from %s was already handled with a different payload", id, source)
	}
	return res, true, nil
}

// scanReplay reads the rows of replaySQL into res; same reports whether
// the stored payload hash matched.
func scanReplay(rows pgx.Rows, res *Result) (same bool, err error) {
	defer rows.Close()
	same = true
	for rows.Next() {
		var a Appended
		var id uuid.UUID
		var match bool
		if err := rows.Scan(&match, &res.Stream, &id, &a.Type, &a.Version, &res.Token.TxID, &res.Token.Pos); err != nil {
			return false, err
		}
		a.ID = id.String()
		same = same && match
		res.Events = append(res.Events, a)
		res.Version = a.Version
	}
	return same, rows.Err()
}
