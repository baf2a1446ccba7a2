package cloudevent

import (
	"context"
	"errors"
	"log/slog"
	"net/http"

	"github.com/cloudevents/sdk-go/v2/event"
	cehttp "github.com/cloudevents/sdk-go/v2/protocol/http"

	"github.com/eventfn/eventfn/shared/failure"
)

// errTooLarge marks a body over MaxDataBytes; it is invalid input with its
// own status so a client can tell it apart.
var errTooLarge = errors.New("event data over 1 MiB")

// Status is the single mapping from a failure to an HTTP status code. The
// broker retries 404, 408, 409, 429 and 5xx and dead-letters the rest, so
// the kinds map onto exactly the retry behaviour each needs.
func Status(err error) int {
	if errors.Is(err, errTooLarge) {
		return http.StatusRequestEntityTooLarge
	}
	switch failure.KindOf(err) {
	case failure.Invalid:
		return http.StatusBadRequest
	case failure.Rejected:
		return http.StatusUnprocessableEntity
	case failure.NotFound:
		return http.StatusNotFound
	case failure.Conflict:
		return http.StatusConflict
	case failure.Unavailable:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// Fail turns err into the result a handler returns: its status, and a
// one-line body. Failures of the caller's making carry their message;
// server-side ones carry a fixed text and are logged with the event's
// identity, so nothing internal leaks.
func Fail(ctx context.Context, log *slog.Logger, e event.Event, err error) error {
	status := Status(err)
	attrs := []any{"type", e.Type(), "source", e.Source(), "id", e.ID(), "status", status}
	if status >= 500 {
		log.ErrorContext(ctx, "event handling failed", append(attrs, "err", err)...)
		return cehttp.NewResult(status, "%s", serverMessage(status))
	}
	log.InfoContext(ctx, "event refused", append(attrs, "reason", err.Error())...)
	return cehttp.NewResult(status, "%s", clientMessage(err))
}

func serverMessage(status int) string {
	if status == http.StatusServiceUnavailable {
		return "service unavailable, retry later"
	}
	return "internal error"
}

func clientMessage(err error) string {
	if msg := failure.Message(err); msg != "" {
		return msg
	}
	return err.Error()
}
