package failure_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/eventfn/eventfn/shared/failure"
)

func TestEveryKindIsFoundThroughWrapping(t *testing.T) {
	cases := map[failure.Kind]error{
		failure.Invalid:     failure.Invalidf("bad %s", "data"),
		failure.Rejected:    failure.Rejectedf("account %d is archived", 42),
		failure.NotFound:    failure.NotFoundf("no order o1"),
		failure.Conflict:    failure.Conflictf("stream moved"),
		failure.Unavailable: failure.Wrap(failure.Unavailable, "event store", errors.New("connection refused")),
	}
	sentinels := map[failure.Kind]error{failure.Invalid: failure.ErrInvalid, failure.Rejected: failure.ErrRejected,
		failure.NotFound: failure.ErrNotFound, failure.Conflict: failure.ErrConflict, failure.Unavailable: failure.ErrUnavailable}
	for kind, err := range cases {
		wrapped := fmt.Errorf("handle command: %w", err)
		if got := failure.KindOf(wrapped); got != kind {
			t.Errorf("KindOf(%v) = %v, want %v", wrapped, got, kind)
		}
		for other, sentinel := range sentinels {
			if errors.Is(wrapped, sentinel) != (other == kind) {
				t.Errorf("errors.Is(%v, %v) = %v", wrapped, sentinel, other != kind)
			}
		}
	}
}

func TestAnUnclassifiedErrorHasNoKindAndNoMessage(t *testing.T) {
	err := errors.New("boom")
	if failure.KindOf(err) != 0 || failure.Message(err) != "" || failure.KindOf(nil) != 0 {
		t.Errorf("KindOf = %v, Message = %q", failure.KindOf(err), failure.Message(err))
	}
}

func TestTheMessageIsTheCallersLineWithoutTheCause(t *testing.T) {
	err := fmt.Errorf("query: %w", failure.Wrap(failure.Unavailable, "event store", errors.New("dial tcp: refused")))
	if got := failure.Message(err); got != "event store" {
		t.Errorf("Message = %q", got)
	}
	if got := err.Error(); got != "query: event store: dial tcp: refused" {
		t.Errorf("Error = %q", got)
	}
}
