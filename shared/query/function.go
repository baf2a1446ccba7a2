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

// WaitFunc returns once the data a query reads reflects the write that
// returned token, or fails with failure.Unavailable after timeout.
type WaitFunc func(ctx context.Context, token eventstore.Position, timeout time.Duration) error

// Waiter makes the WaitFunc of a function's pool, once, at Start.
type Waiter func(pool *pgxpool.Pool) WaitFunc

// WaitForProjection waits for the read model called name. All the waits of
// one function share a single listening connection (projection.Waiter),
// so waiting queries never starve the pool.
func WaitForProjection(name string) Waiter {
	return func(pool *pgxpool.Pool) WaitFunc {
		w := projection.NewWaiter(pool)
		return func(ctx context.Context, token eventstore.Position, timeout time.Duration) error {
			return w.WaitFor(ctx, name, token, timeout)
		}
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
	conn    atomic.Pointer[conn]
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
	f.conn.Store(&conn{pool: pool, wait: f.wait(pool)})
	return nil
}

// conn is what Start connects: the pool and its consistency waits.
type conn struct {
	pool *pgxpool.Pool
	wait WaitFunc
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
	c := f.conn.Load()
	if c == nil {
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
	if err := f.awaitToken(ctx, c.wait, e); err != nil {
		return nil, err
	}
	replyType, data, err := f.answer(ctx, c.pool, q)
	if err != nil {
		return nil, err
	}
	return cloudevent.Reply("/eventfn/"+f.name, replyType, e.Subject(), data, f.now())
}

func (f *Function[Q]) awaitToken(ctx context.Context, wait WaitFunc, e event.Event) error {
	token, ok, err := cloudevent.ConsistencyToken(e)
	if err != nil || !ok {
		return err
	}
	return wait(ctx, token, f.timeout)
}

// Ready reports whether the database answers.
func (f *Function[Q]) Ready(ctx context.Context) (bool, error) { return f.db.Ready(ctx) }

// Stop closes the pool.
func (f *Function[Q]) Stop(ctx context.Context) error { return f.db.Stop(ctx) }
