package eventstore

import (
	"encoding/json"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/eventfn/eventfn/shared/failure"
)

// Limits on what Append accepts.
const (
	MaxStreamLen  = 255     // bytes in a stream name
	MaxTypeLen    = 255     // bytes in an event type
	MaxEventBytes = 1 << 20 // bytes of one event's data
	MaxBatch      = 1000    // events in one append
)

func validateStream(stream string) error {
	switch {
	case stream == "":
		return failure.Invalidf("empty stream name")
	case len(stream) > MaxStreamLen:
		return failure.Invalidf("stream name of %d bytes is over the %d-byte limit", len(stream), MaxStreamLen)
	case !utf8.ValidString(stream):
		return failure.Invalidf("stream name is not valid UTF-8")
	}
	return nil
}

func validateExpected(exp Expected) error {
	if exp.kind == expectExact && exp.version < 0 {
		return failure.Invalidf("negative expected version %d", exp.version)
	}
	return nil
}

func validateEvents(events []NewEvent) error {
	if len(events) == 0 {
		return failure.Invalidf("no events to append")
	}
	if len(events) > MaxBatch {
		return failure.Invalidf("%d events in one append, over the limit of %d", len(events), MaxBatch)
	}
	for i, e := range events {
		if err := validateEvent(e); err != nil {
			return failure.Wrap(failure.Invalid, "event "+itoa(i), err)
		}
	}
	return nil
}

func validateEvent(e NewEvent) error {
	if _, err := uuid.Parse(e.ID); err != nil {
		return failure.Invalidf("id %q is not a UUID", e.ID)
	}
	switch {
	case e.Type == "":
		return failure.Invalidf("empty event type")
	case len(e.Type) > MaxTypeLen || !utf8.ValidString(e.Type):
		return failure.Invalidf("event type is over %d bytes or not UTF-8", MaxTypeLen)
	case len(e.Data) > MaxEventBytes:
		return failure.Invalidf("data of %d bytes is over the %d-byte limit", len(e.Data), MaxEventBytes)
	case !json.Valid(e.Data):
		return failure.Invalidf("data is not JSON")
	}
	return nil
}

func validateCommand(c *Command) error {
	if c != nil && (c.Source == "" || c.ID == "") {
		return failure.Invalidf("command needs both a source and an id")
	}
	return nil
}
