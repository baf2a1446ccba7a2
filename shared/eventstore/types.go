package eventstore

import (
	"encoding/json"
	"fmt"
	"github.com/eventfn/eventfn/shared/failure"
	"strconv"
	"strings"
	"time"
)

// Position is a commit-safe position in the log: the id of the transaction
// that wrote an event and the event's global position. Positions order
// events as readers see them: by TxID, then by Pos. A checkpoint is the
// Position of the last event a reader has taken; the zero Position is the
// start of the log.
type Position struct {
	TxID uint64
	Pos  int64
}

// Less reports whether p comes before q in commit-safe order.
func (p Position) Less(q Position) bool {
	if p.TxID != q.TxID {
		return p.TxID < q.TxID
	}
	return p.Pos < q.Pos
}

// IsZero reports whether p is the start of the log.
func (p Position) IsZero() bool { return p == Position{} }

// Expected is the version a stream must be at for an append to succeed.
// Build one with Exact, NoStream or Any.
type Expected struct {
	kind    expectedKind
	version int64
}

type expectedKind int

const (
	expectExact expectedKind = iota
	expectNoStream
	expectAny
)

// Exact expects the stream to be at version v (v ≥ 1; use NoStream for a
// stream that must not exist yet). A negative v makes Append fail as invalid.
func Exact(v int64) Expected { return Expected{kind: expectExact, version: v} }

// NoStream expects the stream not to exist.
func NoStream() Expected { return Expected{kind: expectNoStream} }

// Any appends whatever the stream's version.
func Any() Expected { return Expected{kind: expectAny} }

func (e Expected) String() string {
	switch e.kind {
	case expectNoStream:
		return "no stream"
	case expectAny:
		return "any"
	}
	return fmt.Sprintf("version %d", e.version)
}

// Metadata travels with every event; it is what a CloudEvent carried when
// the command that produced the event arrived.
type Metadata struct {
	Source      string `json:"source,omitempty"`
	Correlation string `json:"correlation,omitempty"`
	Causation   string `json:"causation,omitempty"`
	Traceparent string `json:"traceparent,omitempty"`
}

// NewEvent is an event to append. ID is a UUID chosen by the caller, so a
// retried append can be recognised.
type NewEvent struct {
	ID       string
	Type     string
	Data     json.RawMessage
	Metadata Metadata
}

// Command identifies the command that produced an append: a CloudEvent's
// source and id, and its payload (hashed by the store). Appending twice with
// the same Source and ID returns the first Result and writes nothing; the
// same Source and ID with a different Payload is rejected.
type Command struct {
	Source  string
	ID      string
	Payload []byte
}

// Result is the outcome of an append.
type Result struct {
	Stream  string
	Version int64 // the stream's version after the append
	Events  []Appended
	// Token is the commit-safe position of the last appended event: a
	// read model that has passed it reflects this append.
	Token Position
	// Duplicate is true when the command had been handled before and this
	// Result is the first outcome, replayed.
	Duplicate bool
}

// Appended names one appended event.
type Appended struct {
	ID      string `json:"id"`
	Type    string `json:"type"`
	Version int64  `json:"version"`
}

// RecordedEvent is an event as stored in the log.
type RecordedEvent struct {
	Position   int64
	TxID       uint64
	Stream     string
	Version    int64
	ID         string
	Type       string
	Data       json.RawMessage
	Metadata   Metadata
	RecordedAt time.Time
}

// Checkpoint is the Position a reader records after taking e.
func (e RecordedEvent) Checkpoint() Position { return Position{TxID: e.TxID, Pos: e.Position} }

// ConflictError reports that a stream was not at the expected version.
// errors.Is(err, failure.ErrConflict) is true for it.
type ConflictError struct {
	Stream   string
	Expected Expected
	Actual   int64 // 0 when the stream does not exist
}

// Token is the wire form of a Position, as returned to clients in a
// command's reply and sent back in the consistencytoken extension.
func (p Position) Token() string { return fmt.Sprintf("%d.%d", p.TxID, p.Pos) }

// ParseToken reads a Token. A malformed token is a failure.Invalid error.
func ParseToken(s string) (Position, error) {
	tx, pos, ok := strings.Cut(s, ".")
	txID, err1 := strconv.ParseUint(tx, 10, 64)
	p, err2 := strconv.ParseInt(pos, 10, 64)
	if !ok || err1 != nil || err2 != nil || p < 0 {
		return Position{}, failure.Invalidf("malformed consistency token %q", s)
	}
	return Position{TxID: txID, Pos: p}, nil
}

func (e *ConflictError) Error() string {
	if e.Actual == 0 {
		return fmt.Sprintf("stream %s: expected %s, but it does not exist", e.Stream, e.Expected)
	}
	return fmt.Sprintf("stream %s: expected %s, but it is at version %d", e.Stream, e.Expected, e.Actual)
}

// Is makes errors.Is(err, failure.ErrConflict) true for a *ConflictError.
func (e *ConflictError) Is(target error) bool { return target == failure.ErrConflict }

// Filter narrows ReadAll. The zero Filter takes every event.
type Filter struct {
	Types  []string // only events of these types; empty means all types
	Stream string   // only this stream; empty means all streams
}

// HorizonStatus says how far the commit-safe horizon trails the log. Readers
// only see events below the horizon, and one long-running transaction that
// has written anything holds it back for everybody: this makes that visible.
type HorizonStatus struct {
	Newest  Position // the newest committed event, commit-safe or not
	Horizon Position // the newest commit-safe event (what Head returns)
	Behind  int64    // committed events not yet commit-safe
	// The oldest open transaction that holds an id, if any: the one holding
	// the horizon back.
	Oldest *OpenTransaction
}

// OpenTransaction describes a transaction that holds the horizon back.
type OpenTransaction struct {
	PID         int
	Application string
	State       string        // pg_stat_activity state, e.g. "idle in transaction"
	Age         time.Duration // how long it has been open
	Query       string        // its latest statement, cut to 200 characters
}

// NotifyChannel is the LISTEN/NOTIFY channel every append notifies, with the
// stream as payload. Notifications only wake readers early; readers must
// still poll, because a notification can be lost.
const NotifyChannel = "eventfn_events"

// json encodes m as stored in the metadata column. It cannot fail: every
// field is a string.
func (m Metadata) json() []byte {
	b, _ := json.Marshal(m)
	return b
}
