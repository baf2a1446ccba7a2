package devbroker

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"time"

	cloudevents "github.com/cloudevents/sdk-go/v2"
	"github.com/cloudevents/sdk-go/v2/event"
	"go.uber.org/zap"
	eventingduckv1 "knative.dev/eventing/pkg/apis/duck/v1"
	eventingv1 "knative.dev/eventing/pkg/apis/eventing/v1"
	knbroker "knative.dev/eventing/pkg/broker"
	"knative.dev/eventing/pkg/eventfilter"
	"knative.dev/eventing/pkg/kncloudevents"
	"knative.dev/pkg/logging"

	"github.com/eventfn/eventfn/config"
)

// defaultTTL is the knativebrokerttl Knative's broker ingress gives an event
// that arrives without one.
const defaultTTL = 255

// Broker is a running in-process broker. It is an http.Handler for ingress.
type Broker struct {
	cfg   Config
	subs  []*subscription
	queue chan *event.Event
	ttl   func(context.Context, event.Event) event.Event

	// inflight counts accepted events not yet delivered to every matching
	// Trigger, replies included, so that Close knows when all is drained.
	inflight sync.WaitGroup
	workers  sync.WaitGroup
	mu       sync.RWMutex
	closing  bool

	ctx    context.Context // cancelled when Close gives up draining
	cancel context.CancelFunc
}

// subscription is one Trigger, resolved and materialized.
type subscription struct {
	name       string
	filter     eventfilter.Filter
	target     *url.URL
	deadLetter *url.URL // nil when no dead-letter sink is configured
	retry      kncloudevents.RetryConfig
	structured bool
	pending    chan *event.Event
}

// New validates cfg, resolves every Trigger's subscriber and dead-letter
// sink, and starts delivering.
func New(cfg Config) (*Broker, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg = cfg.withDefaults()
	b := &Broker{
		cfg:   cfg,
		queue: make(chan *event.Event, cfg.QueueSize),
		ttl:   knbroker.TTLDefaulter(zap.NewNop(), defaultTTL),
	}
	for _, t := range cfg.Triggers {
		s, err := b.subscribe(t)
		if err != nil {
			return nil, fmt.Errorf("devbroker: trigger %s: %w", t.Name, err)
		}
		b.subs = append(b.subs, s)
	}
	b.ctx, b.cancel = context.WithCancel(logging.WithLogger(context.Background(), zap.NewNop().Sugar()))
	b.start()
	return b, nil
}

func (b *Broker) subscribe(t *eventingv1.Trigger) (*subscription, error) {
	delivery := b.cfg.Delivery
	if t.Spec.Delivery != nil {
		delivery = t.Spec.Delivery
	}
	target, err := b.cfg.Resolve(t.Spec.Subscriber)
	if err != nil {
		return nil, fmt.Errorf("resolve subscriber: %w", err)
	}
	filter, err := config.Filter(t.Spec.Filters)
	if err != nil {
		return nil, fmt.Errorf("filters: %w", err)
	}
	s := &subscription{
		name:    t.Name,
		filter:  filter,
		target:  target,
		retry:   kncloudevents.NoRetries(),
		pending: make(chan *event.Event, b.cfg.QueueSize),
	}
	return s, b.applyDelivery(s, delivery)
}

// applyDelivery sets retries, timeout, format and dead-letter sink.
func (b *Broker) applyDelivery(s *subscription, d *eventingduckv1.DeliverySpec) error {
	if d == nil {
		return nil
	}
	rc, err := kncloudevents.RetryConfigFromDeliverySpec(*d)
	if err != nil {
		return err
	}
	s.retry = rc
	s.structured = d.Format != nil && *d.Format == eventingduckv1.DeliveryFormatJson
	if d.DeadLetterSink != nil {
		if s.deadLetter, err = b.cfg.Resolve(*d.DeadLetterSink); err != nil {
			return fmt.Errorf("resolve dead-letter sink: %w", err)
		}
	}
	return nil
}

func (b *Broker) start() {
	b.workers.Add(1)
	go b.fanOut()
	for _, s := range b.subs {
		for range b.cfg.Workers {
			b.workers.Add(1)
			go b.work(s)
		}
	}
}

// fanOut hands each accepted event to every Trigger whose filter passes it.
// A full Trigger queue holds it here, which in turn fills the ingress queue:
// the backpressure ends as 503 at ingress, never as a lost event.
func (b *Broker) fanOut() {
	defer b.workers.Done()
	defer b.closeSubscriptions()
	for e := range b.queue {
		for _, s := range b.subs {
			if s.filter.Filter(b.ctx, *e) != eventfilter.FailFilter {
				b.inflight.Add(1)
				s.pending <- e
			}
		}
		b.inflight.Done()
	}
}

func (b *Broker) closeSubscriptions() {
	for _, s := range b.subs {
		close(s.pending)
	}
}

func (b *Broker) work(s *subscription) {
	defer b.workers.Done()
	for e := range s.pending {
		b.deliver(s, e)
		b.inflight.Done()
	}
}

// accept is Knative's ingress step: stamp the arrival time, default or
// decrement the TTL, refuse a spent one, and enqueue. It answers with the
// status ingress would.
func (b *Broker) accept(e event.Event, external bool) int {
	if err := e.Validate(); err != nil {
		return http.StatusBadRequest
	}
	e.SetExtension(knbroker.EventArrivalTime, cloudevents.Timestamp{Time: time.Now()})
	e = b.ttl(b.ctx, e)
	if ttl, err := knbroker.GetTTL(e.Context); err != nil || ttl <= 0 {
		return http.StatusBadRequest
	}
	return b.enqueue(&e, external)
}

// enqueue never blocks. Once Close has begun only replies of events still in
// flight get in; they are counted before their parent is, so the drain
// cannot finish under them.
func (b *Broker) enqueue(e *event.Event, external bool) int {
	b.mu.RLock()
	defer b.mu.RUnlock()
	if external && b.closing {
		return http.StatusServiceUnavailable
	}
	b.inflight.Add(1)
	select {
	case b.queue <- e:
		return http.StatusAccepted
	default:
		b.inflight.Done()
		return http.StatusServiceUnavailable
	}
}

// Close stops accepting events, waits until every accepted event (and every
// reply it led to) has been delivered or dead-lettered, then stops. If ctx
// ends first, deliveries still running are cancelled and ctx's error is
// returned.
func (b *Broker) Close(ctx context.Context) error {
	b.mu.Lock()
	already := b.closing
	b.closing = true
	b.mu.Unlock()
	if already {
		return nil
	}
	err := b.drain(ctx)
	close(b.queue)
	b.workers.Wait()
	for _, s := range b.subs {
		s.filter.Cleanup()
	}
	b.cancel()
	return err
}

func (b *Broker) drain(ctx context.Context) error {
	drained := make(chan struct{})
	go func() {
		b.inflight.Wait()
		close(drained)
	}()
	select {
	case <-drained:
		return nil
	case <-ctx.Done():
		b.cancel()
		<-drained
		return fmt.Errorf("devbroker: close: %w", ctx.Err())
	}
}
