package relay

import (
	"context"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/eventfn/eventfn/shared/cloudevent"
	"github.com/eventfn/eventfn/shared/eventstore"
)

// publish delivers every event of batch, concurrently, each retried until
// the sink acknowledges it. It returns only when all are acknowledged or
// ctx ends.
func (r *Relay) publish(ctx context.Context, batch []eventstore.RecordedEvent) error {
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(r.cfg.Concurrency)
	for _, ev := range batch {
		g.Go(func() error { return r.deliver(ctx, ev) })
	}
	return g.Wait()
}

// deliver sends one event until a 2xx, backing off while the sink fails.
func (r *Relay) deliver(ctx context.Context, ev eventstore.RecordedEvent) error {
	backoff := 50 * time.Millisecond
	for attempt := 1; ; attempt++ {
		err := r.send(ctx, ev)
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		r.cfg.Logger.Warn("relay delivery failed; retrying", "event", ev.ID, "type", ev.Type, "attempt", attempt, "err", err)
		sleep(ctx, backoff)
		backoff = min(2*backoff, r.cfg.MaxBackoff)
	}
}

func (r *Relay) send(ctx context.Context, ev eventstore.RecordedEvent) error {
	e := ToCloudEvent(ev)
	for k, v := range r.cfg.Overrides {
		e.SetExtension(k, v)
	}
	return cloudevent.Post(ctx, r.cfg.Client, r.cfg.Sink, e)
}
