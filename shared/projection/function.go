package projection

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"

	"github.com/cloudevents/sdk-go/v2/event"

	"github.com/eventfn/eventfn/shared/cloudevent"
	"github.com/eventfn/eventfn/shared/failure"
	"github.com/eventfn/eventfn/shared/funcdb"
)

// Function is a projector function in the instanced form func-go serves.
// Every event delivered to it, a domain event or a tick, is a wake-up: it
// answers once a catch-up that began after the event arrived has finished,
// so a 200 means the read model reflects everything committed before the
// delivery — unless another replica held the checkpoint: that replica
// usually applies it, and the periodic tick always does.
type Function struct {
	model  ReadModel
	db     funcdb.DB
	runner atomic.Pointer[Runner]
	log    *slog.Logger

	// Wake-ups that arrive while a catch-up runs share the next one.
	mu        sync.Mutex
	requested atomic.Uint64
	completed uint64
}

// NewFunction returns the projector function for model.
func NewFunction(model ReadModel) *Function {
	return &Function{model: model, log: slog.Default().With("projector", model.Name())}
}

// Start connects, creates the read model's tables if absent, and catches up.
func (f *Function) Start(ctx context.Context, cfg map[string]string) error {
	pool, err := f.db.Start(ctx, cfg)
	if err != nil {
		return err
	}
	r, err := NewRunner(pool, f.model, Options{Logger: f.log})
	if err != nil {
		return err
	}
	if err := r.Ensure(ctx); err != nil {
		return fmt.Errorf("projector %s: %w", f.model.Name(), err)
	}
	f.runner.Store(r)
	return nil
}

// Handle catches the read model up and answers 200 with no body, or 503
// when the database is unavailable, so the broker retries the wake-up.
func (f *Function) Handle(ctx context.Context, e event.Event) (*event.Event, error) {
	r := f.runner.Load()
	if r == nil {
		return nil, cloudevent.Fail(ctx, f.log, e, failure.Wrap(failure.Unavailable, "not started", nil))
	}
	if err := f.wake(ctx, r); err != nil {
		return nil, cloudevent.Fail(ctx, f.log, e, err)
	}
	return nil, nil
}

// wake returns after a catch-up that started after this call began.
func (f *Function) wake(ctx context.Context, r *Runner) error {
	ticket := f.requested.Add(1)
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.completed >= ticket {
		return nil
	}
	covers := f.requested.Load()
	p, err := r.CatchUp(ctx)
	if err != nil {
		return failure.Wrap(failure.Unavailable, "catch up", err)
	}
	if p.Stalled != nil {
		f.log.ErrorContext(ctx, "projection stalled on a poison event", "position", p.Stalled.Position, "err", p.Stalled.Error)
	}
	f.completed = covers
	return nil
}

// Ready reports whether the database answers.
func (f *Function) Ready(ctx context.Context) (bool, error) { return f.db.Ready(ctx) }

// Stop closes the pool.
func (f *Function) Stop(ctx context.Context) error { return f.db.Stop(ctx) }
