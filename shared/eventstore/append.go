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
//
// Concurrent one-event appends on distinct streams share one statement and
// one commit (combine.go); each still gets its own outcome.
func (s *Store) Append(ctx context.Context, stream string, exp Expected, events []NewEvent, cmd *Command) (Result, error) {
	args, err := newAppendArgs(stream, exp, events, cmd)
	if err != nil {
		return Result{}, fmt.Errorf("append: %w", err)
	}
	for attempt := 1; ; attempt++ {
		var res Result
		if len(events) == 1 {
			res, err = s.appendCombined(ctx, args)
		} else {
			res, err = s.appendOnce(ctx, s.pool, args)
		}
		if err == nil && !res.Duplicate {
			s.notifier.poke(stream)
		}
		if err == nil || exp.kind != expectAny || attempt == anyRetries || !errors.Is(err, failure.ErrConflict) {
			return res, err
		}
	}
}

// AppendTx is Append inside the caller's transaction: the events and the
// command's identity commit or roll back with tx, and the Result's token
// becomes reachable by readers once tx commits. Any is not retried here: a
// concurrent writer's conflict aborts tx, so the caller retries the whole
// transaction. Its NOTIFY rides in tx, so tx's commit queues on PostgreSQL's
// notification lock; Append, which notifies after committing, does not.
func (s *Store) AppendTx(ctx context.Context, tx pgx.Tx, stream string, exp Expected, events []NewEvent, cmd *Command) (Result, error) {
	args, err := newAppendArgs(stream, exp, events, cmd)
	if err != nil {
		return Result{}, fmt.Errorf("append: %w", err)
	}
	res, err := s.appendOnce(ctx, tx, args)
	if err != nil || res.Duplicate {
		return res, err
	}
	// Delivered when tx commits, and dropped if it rolls back.
	if _, err := tx.Exec(ctx, `SELECT pg_notify($1, $2)`, NotifyChannel, stream); err != nil {
		return Result{}, fmt.Errorf("append to %s: notify: %w", stream, classify(err))
	}
	return res, nil
}

// appendArgs are Append's arguments in the form the append statement takes.
type appendArgs struct {
	stream   string
	exp      Expected
	expected int64
	ids      []uuid.UUID
	types    []string
	data     []json.RawMessage
	metadata [][]byte // JSON
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
		a.metadata = append(a.metadata, e.Metadata.json())
	}
	if cmd != nil {
		h := sha256.Sum256(cmd.Payload)
		a.cmdSrc, a.cmdID, a.cmdHash = &cmd.Source, &cmd.ID, h[:]
	}
	return a, nil
}

// sqlExpected encodes exp as the append statement's $2.
func sqlExpected(exp Expected) int64 {
	switch exp.kind {
	case expectAny:
		return -1
	case expectNoStream:
		return 0
	}
	return exp.version
}

// The append statement: one round trip, one implicit transaction. It
// inserts nothing, and returns no row, when the stream is not at the
// expected version or the command was handled before; settle then finds out
// which. A writer that took the version concurrently makes the primary key
// on (stream, version) fail it.
//
// $1 stream, $2 expected version (-1: any), $3–$6 the events' ids, types,
// data and metadata, $7–$9 the command's source, id and payload hash (NULL:
// no command).
//
// Every branch on a parameter is a filter on a one-row input, never a
// choice between subqueries: then PostgreSQL's generic plan costs what a
// custom one does, and it stops re-planning the statement on every call
// (which measured at more than half of an append's cost).
const (
	appendHead = `
WITH cur AS (
	SELECT coalesce(max(version), 0) AS v FROM events WHERE stream = $1
), at_expected AS (
	SELECT v FROM cur WHERE $2::bigint < 0 OR v = $2::bigint
), cmd AS (
	INSERT INTO commands (source, id, payload_hash, stream, first_version, last_version)
	SELECT $7, $8, $9, $1, v + 1, v + `
	appendMiddle = ` FROM at_expected WHERE $8::text IS NOT NULL
	ON CONFLICT (source, id) DO NOTHING
	RETURNING 1
)
INSERT INTO events (stream, version, id, type, data, metadata)
SELECT $1, at_expected.v + u.n, u.id, u.type, u.data, u.metadata
FROM at_expected, `
	appendTail = `
WHERE $8::text IS NULL OR EXISTS (SELECT 1 FROM cmd)
RETURNING id, type, version, tx_id, position`

	// appendManySQL takes the events as arrays.
	appendManySQL = appendHead + `cardinality($3::uuid[])` + appendMiddle +
		`unnest($3::uuid[], $4::text[], $5::jsonb[], $6::jsonb[]) WITH ORDINALITY AS u(id, type, data, metadata, n)` +
		appendTail
	// appendOneSQL takes a single event as plain values: most commands
	// produce one event, and arrays cost both ends more to encode and unpack.
	appendOneSQL = appendHead + `1` + appendMiddle +
		`(VALUES ($3::uuid, $4::text, $5::jsonb, $6::jsonb, 1)) AS u(id, type, data, metadata, n)` +
		appendTail
)

// query returns the append statement for a and its arguments.
func (a appendArgs) query() (string, []any) {
	if len(a.ids) == 1 {
		return appendOneSQL, []any{a.stream, a.expected, a.ids[0], a.types[0], a.data[0], a.metadata[0],
			a.cmdSrc, a.cmdID, a.cmdHash}
	}
	return appendManySQL, []any{a.stream, a.expected, a.ids, a.types, a.data, a.metadata,
		a.cmdSrc, a.cmdID, a.cmdHash}
}

func (s *Store) appendOnce(ctx context.Context, q Querier, a appendArgs) (Result, error) {
	sql, args := a.query()
	rows, err := q.Query(ctx, sql, args...)
	if err != nil {
		return Result{}, s.appendError(ctx, a, err)
	}
	got, err := pgx.CollectRows(rows, scanAppended)
	if err != nil {
		return Result{}, s.appendError(ctx, a, err)
	}
	if len(got) == 0 {
		return s.settle(ctx, a)
	}
	return newResult(a.stream, got, false), nil
}

// settle explains an append that inserted nothing: the command's first
// outcome if it was handled before, else a version conflict. It reads
// through the pool because a transaction of the caller's would not see a
// concurrent first attempt that committed meanwhile.
func (s *Store) settle(ctx context.Context, a appendArgs) (Result, error) {
	if a.cmdID != nil {
		res, found, err := s.firstOutcome(ctx, a)
		if found || err != nil {
			return res, err
		}
	}
	return Result{}, s.conflict(ctx, a)
}

func (s *Store) firstOutcome(ctx context.Context, a appendArgs) (Result, bool, error) {
	res, found, err := s.lookup(ctx, *a.cmdSrc, *a.cmdID, a.cmdHash)
	if err != nil {
		return Result{}, found, fmt.Errorf("append to %s: %w", a.stream, err)
	}
	return res, found, nil
}

type appendedRow struct {
	event Appended
	token Position
}

func scanAppended(r pgx.CollectableRow) (appendedRow, error) {
	var a appendedRow
	var id uuid.UUID
	err := r.Scan(&id, &a.event.Type, &a.event.Version, &a.token.TxID, &a.token.Pos)
	a.event.ID = id.String()
	return a, err
}

func newResult(stream string, got []appendedRow, duplicate bool) Result {
	sort.Slice(got, func(i, j int) bool { return got[i].event.Version < got[j].event.Version })
	res := Result{Stream: stream, Duplicate: duplicate, Events: make([]Appended, len(got))}
	for i, g := range got {
		res.Events[i] = g.event
	}
	last := got[len(got)-1]
	res.Version, res.Token = last.event.Version, last.token
	return res
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
