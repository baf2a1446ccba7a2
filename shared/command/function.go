package command

import (
	"context"
	"fmt"
	"log/slog"
	"sync/atomic"

	"github.com/cloudevents/sdk-go/v2/event"

	"github.com/eventfn/eventfn/shared/cloudevent"
	"github.com/eventfn/eventfn/shared/eventstore"
	"github.com/eventfn/eventfn/shared/failure"
	"github.com/eventfn/eventfn/shared/funcdb"
)

// Function is a context's command function in the instanced form func-go
// serves: Start, Handle, Ready, Stop. A function folder's New returns one.
type Function[S any, C Command, E Event] struct {
	name    string
	domain  Domain[S, C, E]
	db      funcdb.DB
	handler atomic.Pointer[Handler[S, C, E]]
	log     *slog.Logger
}

// NewFunction returns the command function called name for domain.
func NewFunction[S any, C Command, E Event](name string, domain Domain[S, C, E]) *Function[S, C, E] {
	return &Function[S, C, E]{name: name, domain: domain, log: slog.Default().With("function", name)}
}

// Start connects to the database named in cfg.
func (f *Function[S, C, E]) Start(ctx context.Context, cfg map[string]string) error {
	pool, err := f.db.Start(ctx, cfg)
	if err != nil {
		return fmt.Errorf("%s: %w", f.name, err)
	}
	f.handler.Store(NewHandler(f.domain, eventstore.New(pool), "/eventfn/"+f.name))
	return nil
}

// Handle executes the command e carries.
func (f *Function[S, C, E]) Handle(ctx context.Context, e event.Event) (*event.Event, error) {
	h := f.handler.Load()
	if h == nil {
		return nil, cloudevent.Fail(ctx, f.log, e, failure.Wrap(failure.Unavailable, "not started", nil))
	}
	reply, err := h.Handle(ctx, e)
	if err != nil {
		return nil, cloudevent.Fail(ctx, f.log, e, err)
	}
	return reply, nil
}

// Ready reports whether the database answers.
func (f *Function[S, C, E]) Ready(ctx context.Context) (bool, error) { return f.db.Ready(ctx) }

// Stop closes the pool.
func (f *Function[S, C, E]) Stop(ctx context.Context) error { return f.db.Stop(ctx) }
