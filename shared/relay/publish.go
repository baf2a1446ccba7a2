package relay

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/cloudevents/sdk-go/v2/binding"
	cehttp "github.com/cloudevents/sdk-go/v2/protocol/http"
	"golang.org/x/sync/errgroup"

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
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, r.cfg.Sink, nil)
	if err != nil {
		return err
	}
	if err := cehttp.WriteRequest(ctx, binding.ToMessage(&e), req); err != nil {
		return fmt.Errorf("encode %s: %w", ev.ID, err)
	}
	resp, err := r.cfg.Client.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("sink answered %s", resp.Status)
	}
	return nil
}
