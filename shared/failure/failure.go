// Package failure names the few kinds of failure eventfn distinguishes, so
// that domain code can say what went wrong without knowing about HTTP, and
// the edge (shared/cloudevent) can map each kind to one status code.
//
//	if state.Status == Archived {
//		return nil, failure.Rejectedf("account %s is archived", number)
//	}
//	...
//	errors.Is(err, failure.ErrRejected) // true
//
// The kinds are deliberately few: a caller should be able to decide what to
// do (fix the input, give up, retry, retry later) from the kind alone.
package failure

import (
	"errors"
	"fmt"
)

// Kind classifies a failure by what the caller can do about it.
type Kind int

// The kinds of failure. The zero Kind means "not classified": an internal
// error that the edge reports as unavailable without leaking its text.
const (
	// Invalid input: the request can never succeed as written.
	Invalid Kind = iota + 1
	// Rejected by a business rule, or a command id reused with other data.
	Rejected
	// NotFound: the subject of a query does not exist.
	NotFound
	// Conflict: a concurrent writer won; retrying may succeed.
	Conflict
	// Unavailable: a dependency is down or too slow; retry later.
	Unavailable
)

var kindNames = [...]string{"internal", "invalid", "rejected", "not found", "conflict", "unavailable"}

func (k Kind) String() string {
	if k < 0 || int(k) >= len(kindNames) {
		return fmt.Sprintf("kind(%d)", int(k))
	}
	return kindNames[k]
}

// Sentinels for errors.Is: errors.Is(err, failure.ErrRejected) reports
// whether err, or anything it wraps, is a failure of kind Rejected.
var (
	ErrInvalid     error = sentinel(Invalid)
	ErrRejected    error = sentinel(Rejected)
	ErrNotFound    error = sentinel(NotFound)
	ErrConflict    error = sentinel(Conflict)
	ErrUnavailable error = sentinel(Unavailable)
)

type sentinel Kind

func (s sentinel) Error() string { return Kind(s).String() }

// Error is a failure of a known kind with a message fit for the caller.
type Error struct {
	Kind Kind
	Msg  string
	Err  error // the cause, if any; never shown to callers of Unavailable
}

func (e *Error) Error() string {
	if e.Err != nil && e.Msg == "" {
		return e.Err.Error()
	}
	if e.Err != nil {
		return e.Msg + ": " + e.Err.Error()
	}
	return e.Msg
}

func (e *Error) Unwrap() error { return e.Err }

// Is makes errors.Is(err, ErrRejected) and friends work.
func (e *Error) Is(target error) bool {
	s, ok := target.(sentinel)
	return ok && Kind(s) == e.Kind
}

// Invalidf reports input that can never succeed as written.
func Invalidf(format string, args ...any) error {
	return &Error{Kind: Invalid, Msg: fmt.Sprintf(format, args...)}
}

// Rejectedf reports a command refused by a business rule.
func Rejectedf(format string, args ...any) error {
	return &Error{Kind: Rejected, Msg: fmt.Sprintf(format, args...)}
}

// NotFoundf reports a query subject that does not exist.
func NotFoundf(format string, args ...any) error {
	return &Error{Kind: NotFound, Msg: fmt.Sprintf(format, args...)}
}

// Conflictf reports a lost race with a concurrent writer.
func Conflictf(format string, args ...any) error {
	return &Error{Kind: Conflict, Msg: fmt.Sprintf(format, args...)}
}

// Wrap classifies err as kind k with a caller-facing message, keeping err
// as the cause: failure.Wrap(failure.Unavailable, "event store", err).
func Wrap(k Kind, msg string, err error) error {
	return &Error{Kind: k, Msg: msg, Err: err}
}

// KindOf returns the kind of the first classified failure in err's chain,
// or 0 when err is nil or carries no kind.
func KindOf(err error) Kind {
	for _, k := range []Kind{Invalid, Rejected, NotFound, Conflict, Unavailable} {
		if errors.Is(err, sentinel(k)) {
			return k
		}
	}
	return 0
}

// Message returns the caller-facing message of the first *Error in err's
// chain, or "" when there is none.
func Message(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Msg
	}
	return ""
}
