package query

import (
	"context"
	"fmt"
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

// Decoder reads the parameters of a query of CloudEvent type ceType; an
// unknown type or bad parameters are failure.Invalid.
type Decoder[Q any] func(ceType string, params []byte) (Q, error)

// Answerer answers a decoded query with its reply type and data; a missing
// subject is failure.NotFound.
type Answerer[Q any] func(ctx context.Context, pool *pgxpool.Pool, query Q) (replyType string, data any, err error)

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
type Function[Q any] struct {
	name    string
	wait    Waiter
	decode  Decoder[Q]
	answer  Answerer[Q]
	timeout time.Duration
	db      funcdb.DB
	pool    atomic.Pointer[pgxpool.Pool]
	log     *slog.Logger
	now     func() time.Time
}

// NewFunction returns the query function called name, which waits for
// consistency tokens with wait, reads queries with decode and answers them
// with answer.
func NewFunction[Q any](name string, wait Waiter, decode Decoder[Q], answer Answerer[Q]) *Function[Q] {
	return &Function[Q]{name: name, wait: wait, decode: decode, answer: answer,
		timeout: projection.DefaultWaitTimeout, log: slog.Default().With("function", name), now: time.Now}
}

// Start reads QUERY_WAIT_TIMEOUT (a Go duration) and connects.
func (f *Function[Q]) Start(ctx context.Context, cfg map[string]string) error {
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
func (f *Function[Q]) Handle(ctx context.Context, e event.Event) (*event.Event, error) {
	reply, err := f.respond(ctx, e)
	if err != nil {
		return nil, cloudevent.Fail(ctx, f.log, e, err)
	}
	return reply, nil
}

func (f *Function[Q]) respond(ctx context.Context, e event.Event) (*event.Event, error) {
	pool := f.pool.Load()
	if pool == nil {
		return nil, failure.Wrap(failure.Unavailable, "not started", nil)
	}
	params, err := cloudevent.Data(e)
	if err != nil {
		return nil, err
	}
	q, err := f.decode(e.Type(), params)
	if err != nil {
		return nil, err
	}
	if err := f.awaitToken(ctx, pool, e); err != nil {
		return nil, err
	}
	replyType, data, err := f.answer(ctx, pool, q)
	if err != nil {
		return nil, err
	}
	return cloudevent.Reply("/eventfn/"+f.name, replyType, e.Subject(), data, f.now())
}

func (f *Function[Q]) awaitToken(ctx context.Context, pool *pgxpool.Pool, e event.Event) error {
	token, ok, err := cloudevent.ConsistencyToken(e)
	if err != nil || !ok {
		return err
	}
	return f.wait(ctx, pool, token, f.timeout)
}

// Ready reports whether the database answers.
func (f *Function[Q]) Ready(ctx context.Context) (bool, error) { return f.db.Ready(ctx) }

// Stop closes the pool.
func (f *Function[Q]) Stop(ctx context.Context) error { return f.db.Stop(ctx) }
