package eventstore

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/eventfn/eventfn/shared/failure"
)

// anyRetries bounds how often an append with Any retries after losing a
// race for the next version; Any promises no conflict to the caller.
const anyRetries = 10

// Append appends events to stream if it is at the expected version, in one
// transaction with the command's identity (when cmd is not nil).
//
// A command seen before with the same payload returns the first Result with
// Duplicate set and appends nothing; with another payload it is a
// failure.Rejected error. A stream at another version is a *ConflictError
// (errors.Is(err, failure.ErrConflict)). Bad input is failure.Invalid and
// writes nothing.
func (s *Store) Append(ctx context.Context, stream string, exp Expected, events []NewEvent, cmd *Command) (Result, error) {
	args, err := newAppendArgs(stream, exp, events, cmd)
	if err != nil {
		return Result{}, fmt.Errorf("append: %w", err)
	}
	for attempt := 1; ; attempt++ {
		res, err := s.appendOnce(ctx, s.pool, args)
		if err == nil || exp.kind != expectAny || attempt == anyRetries || !errors.Is(err, failure.ErrConflict) {
			return res, err
		}
	}
}

// AppendTx is Append inside the caller's transaction: the events and the
// command's identity commit or roll back with tx, and the Result's token
// becomes reachable by readers once tx commits. Any is not retried here: a
// conflict aborts tx, so the caller retries the whole transaction.
func (s *Store) AppendTx(ctx context.Context, tx pgx.Tx, stream string, exp Expected, events []NewEvent, cmd *Command) (Result, error) {
	args, err := newAppendArgs(stream, exp, events, cmd)
	if err != nil {
		return Result{}, fmt.Errorf("append: %w", err)
	}
	return s.appendOnce(ctx, tx, args)
}

// appendArgs are Append's arguments in the form eventstore_append takes.
type appendArgs struct {
	stream   string
	exp      Expected
	expected int64
	ids      []uuid.UUID
	types    []string
	data     []json.RawMessage
	metadata []Metadata
	cmdSrc   *string
	cmdID    *string
	cmdHash  []byte
}

func newAppendArgs(stream string, exp Expected, events []NewEvent, cmd *Command) (appendArgs, error) {
	err := errors.Join(validateStream(stream), validateExpected(exp), validateEvents(events), validateCommand(cmd))
	if err != nil {
		return appendArgs{}, err
	}
	a := appendArgs{stream: stream, exp: exp, expected: sqlExpected(exp)}
	for _, e := range events {
		a.ids = append(a.ids, uuid.MustParse(e.ID))
		a.types = append(a.types, e.Type)
		a.data = append(a.data, e.Data)
		a.metadata = append(a.metadata, e.Metadata)
	}
	if cmd != nil {
		h := sha256.Sum256(cmd.Payload)
		a.cmdSrc, a.cmdID, a.cmdHash = &cmd.Source, &cmd.ID, h[:]
	}
	return a, nil
}

// sqlExpected encodes exp as eventstore_append's p_expected.
func sqlExpected(exp Expected) int64 {
	switch exp.kind {
	case expectAny:
		return -1
	case expectNoStream:
		return 0
	}
	return exp.version
}

const appendSQL = `SELECT duplicate, event_id, event_type, event_version, event_tx_id, event_position
FROM eventstore_append($1, $2, $3, $4, $5, $6, $7, $8, $9)`

func (s *Store) appendOnce(ctx context.Context, q Querier, a appendArgs) (Result, error) {
	rows, err := q.Query(ctx, appendSQL, a.stream, a.expected, a.ids, a.types, a.data, a.metadata,
		a.cmdSrc, a.cmdID, a.cmdHash)
	if err != nil {
		return Result{}, s.appendError(ctx, a, err)
	}
	res, err := collectResult(a.stream, rows)
	if err != nil {
		return Result{}, s.appendError(ctx, a, err)
	}
	return res, nil
}

type appendedRow struct {
	duplicate bool
	event     Appended
	token     Position
}

func collectResult(stream string, rows pgx.Rows) (Result, error) {
	got, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (appendedRow, error) {
		var a appendedRow
		var id uuid.UUID
		err := r.Scan(&a.duplicate, &id, &a.event.Type, &a.event.Version, &a.token.TxID, &a.token.Pos)
		a.event.ID = id.String()
		return a, err
	})
	if err != nil {
		return Result{}, err
	}
	if len(got) == 0 {
		return Result{}, fmt.Errorf("append to %s returned no events", stream)
	}
	sort.Slice(got, func(i, j int) bool { return got[i].event.Version < got[j].event.Version })
	res := Result{Stream: stream, Duplicate: got[0].duplicate}
	for _, g := range got {
		res.Events = append(res.Events, g.event)
	}
	last := got[len(got)-1]
	res.Version, res.Token = last.event.Version, last.token
	return res, nil
}

// appendError turns a failed append into the error its caller can act on.
func (s *Store) appendError(ctx context.Context, a appendArgs, err error) error {
	if isVersionConflict(err) {
		return s.conflict(ctx, a)
	}
	return fmt.Errorf("append to %s: %w", a.stream, classify(err))
}

// conflict reads the stream's actual version for the ConflictError. It
// asks the pool, not the appending transaction, which the failure aborted.
func (s *Store) conflict(ctx context.Context, a appendArgs) error {
	actual, err := s.version(ctx, a.stream)
	if err != nil {
		return fmt.Errorf("append to %s: version conflict: %w", a.stream, err)
	}
	return &ConflictError{Stream: a.stream, Expected: a.exp, Actual: actual}
}

// version returns the stream's current version, 0 when it does not exist.
func (s *Store) version(ctx context.Context, stream string) (int64, error) {
	var v int64
	err := s.pool.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM events WHERE stream = $1`, stream).Scan(&v)
	if err != nil {
		return 0, classify(err)
	}
	return v, nil
}

func itoa(i int) string { return strconv.Itoa(i) }
