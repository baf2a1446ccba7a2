package command

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/cloudevents/sdk-go/v2/event"
	"github.com/google/uuid"

	"github.com/eventfn/eventfn/shared/cloudevent"
	"github.com/eventfn/eventfn/shared/eventstore"
	"github.com/eventfn/eventfn/shared/failure"
)

// Command is what a context's commands have in common.
type Command interface {
	AggregateID() string
	CommandType() string
}

// Event is what a context's events have in common.
type Event interface {
	EventType() string
}

// Domain describes a bounded context to the handler: how to read its
// commands and events, where its aggregates live, and its decider.
type Domain[S any, C Command, E Event] struct {
	DecodeCommand func(ceType string, data []byte) (C, error)
	DecodeEvent   func(eventType string, data []byte) (E, error)
	StreamID      func(aggregateID string) string
	Decide        func(S, C) ([]E, error)
	Evolve        func(S, E) S
}

// MaxAttempts bounds how often a command is decided again after losing a
// race for its stream before the conflict is returned to the caller.
const MaxAttempts = 3

// eventNamespace scopes the deterministic ids of appended events.
var eventNamespace = uuid.MustParse("0b6f3f4e-8d0a-4a7e-9c55-2f1d8e7a6c31")

// Handler executes one context's commands.
type Handler[S any, C Command, E Event] struct {
	domain Domain[S, C, E]
	store  *eventstore.Store
	source string
}

// NewHandler returns a handler for domain's commands that appends to store
// and signs its replies with source.
func NewHandler[S any, C Command, E Event](domain Domain[S, C, E], store *eventstore.Store, source string) *Handler[S, C, E] {
	return &Handler[S, C, E]{domain: domain, store: store, source: source}
}

// Handle executes the command e carries and returns its accepted reply.
func (h *Handler[S, C, E]) Handle(ctx context.Context, e event.Event) (*event.Event, error) {
	cmd, identity, err := h.decode(e)
	if err != nil {
		return nil, err
	}
	res, err := h.execute(ctx, e, cmd, identity)
	if err != nil {
		return nil, err
	}
	return cloudevent.Accepted(h.source, e, cmd.AggregateID(), res)
}

// decode reads the command and its identity. The identity's payload is the
// type and the re-encoded command, so a redelivery matches whatever its
// JSON whitespace or field order.
func (h *Handler[S, C, E]) decode(e event.Event) (C, eventstore.Command, error) {
	var zero C
	data, err := cloudevent.Data(e)
	if err != nil {
		return zero, eventstore.Command{}, err
	}
	cmd, err := h.domain.DecodeCommand(e.Type(), data)
	if err != nil {
		return zero, eventstore.Command{}, err
	}
	canonical, err := json.Marshal(cmd)
	if err != nil {
		return zero, eventstore.Command{}, fmt.Errorf("encode %s: %w", e.Type(), err)
	}
	payload := append([]byte(e.Type()+"\n"), canonical...)
	return cmd, eventstore.Command{Source: e.Source(), ID: e.ID(), Payload: payload}, nil
}

func (h *Handler[S, C, E]) execute(ctx context.Context, e event.Event, cmd C, id eventstore.Command) (eventstore.Result, error) {
	var err error
	for range MaxAttempts {
		var res eventstore.Result
		res, err = h.attempt(ctx, e, cmd, id)
		if !errors.Is(err, failure.ErrConflict) {
			return res, err
		}
	}
	return eventstore.Result{}, err
}

// attempt replays a command seen before, or decides it on the stream's
// current state and appends at the version it was decided on.
func (h *Handler[S, C, E]) attempt(ctx context.Context, e event.Event, cmd C, id eventstore.Command) (eventstore.Result, error) {
	if res, seen, err := h.store.Replay(ctx, id); err != nil || seen {
		return res, err
	}
	stream := h.domain.StreamID(cmd.AggregateID())
	state, version, err := h.load(ctx, stream)
	if err != nil {
		return eventstore.Result{}, err
	}
	decided, err := h.domain.Decide(state, cmd)
	if err != nil {
		return eventstore.Result{}, err
	}
	events, err := h.encode(e, decided)
	if err != nil {
		return eventstore.Result{}, err
	}
	return h.store.Append(ctx, stream, expect(version), events, &id)
}

// load folds stream into the state commands are decided on.
func (h *Handler[S, C, E]) load(ctx context.Context, stream string) (S, int64, error) {
	var state S
	recorded, err := h.store.Load(ctx, stream, 0)
	if err != nil {
		return state, 0, err
	}
	for _, r := range recorded {
		ev, err := h.domain.DecodeEvent(r.Type, r.Data)
		if err != nil {
			return state, 0, fmt.Errorf("load %s version %d: %w", stream, r.Version, err)
		}
		state = h.domain.Evolve(state, ev)
	}
	return state, int64(len(recorded)), nil
}

// encode turns decided events into events to append. Their ids derive from
// the command's identity, so the same decision always has the same ids.
func (h *Handler[S, C, E]) encode(e event.Event, decided []E) ([]eventstore.NewEvent, error) {
	meta := metadata(e)
	out := make([]eventstore.NewEvent, len(decided))
	for i, d := range decided {
		data, err := json.Marshal(d)
		if err != nil {
			return nil, fmt.Errorf("encode %s: %w", d.EventType(), err)
		}
		key := fmt.Sprintf("%s\x00%s\x00%d", e.Source(), e.ID(), i)
		out[i] = eventstore.NewEvent{
			ID:       uuid.NewSHA1(eventNamespace, []byte(key)).String(),
			Type:     d.EventType(),
			Data:     data,
			Metadata: meta,
		}
	}
	return out, nil
}

func expect(version int64) eventstore.Expected {
	if version == 0 {
		return eventstore.NoStream()
	}
	return eventstore.Exact(version)
}

// metadata records where a command came from: its source, the command's id
// as the cause, the correlation id it carried (or its own id to start one),
// and its trace context.
func metadata(e event.Event) eventstore.Metadata {
	ext := e.Extensions()
	correlation, _ := ext["correlationid"].(string)
	if correlation == "" {
		correlation = e.ID()
	}
	traceparent, _ := ext[cloudevent.ExtTraceparent].(string)
	return eventstore.Metadata{
		Source:      e.Source(),
		Causation:   e.ID(),
		Correlation: correlation,
		Traceparent: traceparent,
	}
}
