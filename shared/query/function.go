package query

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/cloudevents/sdk-go/v2/event"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/eventfn/eventfn/shared/cloudevent"
	"github.com/eventfn/eventfn/shared/eventstore"
	"github.com/eventfn/eventfn/shared/failure"
	"github.com/eventfn/eventfn/shared/funcdb"
	"github.com/eventfn/eventfn/shared/projection"
)

// Answer is a query's reply: one event of Type about Subject.
type Answer struct {
	Type    string
	Subject string
	Data    any
}

// Route answers one query type from its JSON parameters.
type Route func(ctx context.Context, pool *pgxpool.Pool, params []byte) (Answer, error)

// Routes maps query types to their routes.
type Routes map[string]Route

// Waiter returns once the data a query reads reflects the write that
// returned token, or fails with failure.Unavailable after timeout.
type Waiter func(ctx context.Context, pool *pgxpool.Pool, token eventstore.Position, timeout time.Duration) error

// WaitForProjection waits for the read model called name.
func WaitForProjection(name string) Waiter {
	return func(ctx context.Context, pool *pgxpool.Pool, token eventstore.Position, timeout time.Duration) error {
		return projection.WaitFor(ctx, pool, name, token, timeout)
	}
}

// WaitTimeoutKey names the configuration entry bounding a consistency wait.
const WaitTimeoutKey = "QUERY_WAIT_TIMEOUT"

// Function serves one context's queries.
type Function struct {
	name    string
	wait    Waiter
	routes  Routes
	timeout time.Duration
	db      funcdb.DB
	pool    atomic.Pointer[pgxpool.Pool]
	log     *slog.Logger
	now     func() time.Time
}

// NewFunction returns the query function called name.
func NewFunction(name string, wait Waiter, routes Routes) *Function {
	return &Function{name: name, wait: wait, routes: routes, timeout: projection.DefaultWaitTimeout,
		log: slog.Default().With("function", name), now: time.Now}
}

// Start reads QUERY_WAIT_TIMEOUT (a Go duration) and connects.
func (f *Function) Start(ctx context.Context, cfg map[string]string) error {
	if s := cfg[WaitTimeoutKey]; s != "" {
		d, err := time.ParseDuration(s)
		if err != nil || d <= 0 {
			return fmt.Errorf("%s: %s=%q is not a positive duration", f.name, WaitTimeoutKey, s)
		}
		f.timeout = d
	}
	pool, err := f.db.Start(ctx, cfg)
	if err != nil {
		return err
	}
	f.pool.Store(pool)
	return nil
}

// Handle answers the query e carries.
func (f *Function) Handle(ctx context.Context, e event.Event) (*event.Event, error) {
	reply, err := f.answer(ctx, e)
	if err != nil {
		return nil, cloudevent.Fail(ctx, f.log, e, err)
	}
	return reply, nil
}

func (f *Function) answer(ctx context.Context, e event.Event) (*event.Event, error) {
	pool := f.pool.Load()
	if pool == nil {
		return nil, failure.Wrap(failure.Unavailable, "not started", nil)
	}
	route, ok := f.routes[e.Type()]
	if !ok {
		return nil, failure.Invalidf("unknown query type %q", e.Type())
	}
	params, err := cloudevent.Data(e)
	if err != nil {
		return nil, err
	}
	if err := f.awaitToken(ctx, pool, e); err != nil {
		return nil, err
	}
	a, err := route(ctx, pool, params)
	if err != nil {
		return nil, err
	}
	return cloudevent.Reply("/eventfn/"+f.name, a.Type, a.Subject, a.Data, f.now())
}

func (f *Function) awaitToken(ctx context.Context, pool *pgxpool.Pool, e event.Event) error {
	token, ok, err := cloudevent.ConsistencyToken(e)
	if err != nil || !ok {
		return err
	}
	return f.wait(ctx, pool, token, f.timeout)
}

// Ready reports whether the database answers.
func (f *Function) Ready(ctx context.Context) (bool, error) { return f.db.Ready(ctx) }

// Stop closes the pool.
func (f *Function) Stop(ctx context.Context) error { return f.db.Stop(ctx) }

// Decode reads query parameters strictly into v: one JSON object, known
// fields only, each of its declared type. Anything else is failure.Invalid.
func Decode(params []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(params))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return failure.Invalidf("query parameters: %s", describe(err))
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return failure.Invalidf("query parameters: trailing data after the object")
	}
	return nil
}

func describe(err error) string {
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		return fmt.Sprintf("%s must be a JSON %s", typeErr.Field, typeErr.Type.Kind())
	}
	return err.Error()
}

// Limit checks an optional page size: absent means 0 (the read model's
// default); present, it must be from 1 to max.
func Limit(limit *int, max int) (int, error) {
	if limit == nil {
		return 0, nil
	}
	if *limit < 1 || *limit > max {
		return 0, failure.Invalidf("limit %d is outside 1..%d", *limit, max)
	}
	return *limit, nil
}

// Required checks that a required string parameter is present.
func Required(name, value string) error {
	if value == "" {
		return failure.Invalidf("%s is required", name)
	}
	return nil
}
