// Package function is the relay Knative Function: it publishes the event
// log to the Broker (K_SINK, set by a SinkBinding) at least once, in order
// per batch. It runs as exactly one replica (min = max scale 1); a second
// one would only wait for the first's advisory lock.
//
// Events sent to it are wake-ups: each makes it read the log at once
// instead of at its next poll.
package function

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"

	"github.com/cloudevents/sdk-go/v2/event"

	"github.com/eventfn/eventfn/shared/funcdb"
	"github.com/eventfn/eventfn/shared/relay"
)

// Function runs the relay in the background of a func-go service.
type Function struct {
	db      funcdb.DB
	relay   atomic.Pointer[relay.Relay]
	cancel  context.CancelFunc
	running sync.WaitGroup
	log     *slog.Logger
}

// New returns the function; func-go calls Start, which starts publishing.
func New() *Function { return &Function{log: slog.Default().With("function", "relay")} }

// Start reads K_SINK and K_CE_OVERRIDES from cfg, connects, and starts
// publishing in the background until Stop.
func (f *Function) Start(ctx context.Context, cfg map[string]string) error {
	overrides, err := relay.ParseOverrides(cfg["K_CE_OVERRIDES"])
	if err != nil {
		return err
	}
	pool, err := f.db.Start(ctx, cfg)
	if err != nil {
		return err
	}
	r, err := relay.New(pool, relay.Config{Sink: cfg["K_SINK"], Overrides: overrides, Logger: f.log})
	if err != nil {
		return fmt.Errorf("relay: %w", err)
	}
	runCtx, cancel := context.WithCancel(context.Background())
	f.cancel = cancel
	f.relay.Store(r)
	f.running.Go(func() { _ = r.Run(runCtx) })
	return nil
}

// Handle treats any event as a wake-up and answers 200 with no body.
func (f *Function) Handle(context.Context, event.Event) (*event.Event, error) {
	if r := f.relay.Load(); r != nil {
		r.Wake()
	}
	return nil, nil
}

// Ready reports whether the database answers.
func (f *Function) Ready(ctx context.Context) (bool, error) { return f.db.Ready(ctx) }

// Stop ends publishing, waits for deliveries in flight, and closes the pool.
// Events whose batch was not checkpointed are published again by the next
// leader: at least once, never lost.
func (f *Function) Stop(ctx context.Context) error {
	if f.cancel != nil {
		f.cancel()
		f.running.Wait()
	}
	return f.db.Stop(ctx)
}
