// Package function is the deadletter Knative Function: the Broker's
// dead-letter sink. It stores every event the broker gave up on, with the
// broker's reason, for `eventfn deadletters list` and `redrive`.
package function

import (
	"context"
	"log/slog"
	"sync/atomic"

	"github.com/cloudevents/sdk-go/v2/event"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/eventfn/eventfn/shared/cloudevent"
	"github.com/eventfn/eventfn/shared/deadletter"
	"github.com/eventfn/eventfn/shared/failure"
	"github.com/eventfn/eventfn/shared/funcdb"
)

// Function stores dead letters.
type Function struct {
	db   funcdb.DB
	pool atomic.Pointer[pgxpool.Pool]
	log  *slog.Logger
}

// New returns the function; func-go calls Start before routing events to it.
func New() *Function {
	return &Function{log: slog.Default().With("function", "deadletter")}
}

// Start connects to the database named in cfg.
func (f *Function) Start(ctx context.Context, cfg map[string]string) error {
	pool, err := f.db.Start(ctx, cfg)
	if err != nil {
		return err
	}
	f.pool.Store(pool)
	return nil
}

// Handle stores the dead letter e and answers 200 with no body. A failure
// to store it answers 503, so the broker keeps the event.
func (f *Function) Handle(ctx context.Context, e event.Event) (*event.Event, error) {
	pool := f.pool.Load()
	if pool == nil {
		return nil, cloudevent.Fail(ctx, f.log, e, failure.Wrap(failure.Unavailable, "not started", nil))
	}
	id, err := deadletter.Record(ctx, pool, e)
	if err != nil {
		return nil, cloudevent.Fail(ctx, f.log, e, err)
	}
	f.log.WarnContext(ctx, "dead letter stored", "id", id, "type", e.Type(), "event", e.ID())
	return nil, nil
}

// Ready reports whether the database answers.
func (f *Function) Ready(ctx context.Context) (bool, error) { return f.db.Ready(ctx) }

// Stop closes the pool.
func (f *Function) Stop(ctx context.Context) error { return f.db.Stop(ctx) }
