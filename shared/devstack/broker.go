package devstack

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/cloudevents/sdk-go/v2/event"
	"github.com/google/uuid"
	sourcesv1 "knative.dev/eventing/pkg/apis/sources/v1"

	"github.com/eventfn/eventfn/config"
	"github.com/eventfn/eventfn/shared/cloudevent"
	"github.com/eventfn/eventfn/shared/devbroker"
)

// tickType is the type a PingSource gives every event it sends; the
// projector Triggers match it (config/triggers.yaml).
const (
	tickType = sourcesv1.PingSourceEventType
	tickData = `{"reason":"tick"}`
)

// startBroker runs the devbroker on the first listener, routing by the
// manifests to the functions on the others.
func (s *Stack) startBroker(ls []net.Listener) error {
	m, err := config.Load(s.cfg.ManifestDir)
	if err != nil {
		return err
	}
	if len(m.Brokers) != 1 {
		return fmt.Errorf("%s: want exactly one Broker, found %d", s.cfg.ManifestDir, len(m.Brokers))
	}
	b := m.Brokers[0]
	urls := map[string]string{}
	for i, f := range catalogue() {
		urls[f.name] = urlOf(ls[i+1])
	}
	s.brokerURL = urlOf(ls[0]) + "/" + b.Namespace + "/" + b.Name
	broker, err := devbroker.New(devbroker.Config{
		Namespace: b.Namespace, Name: b.Name, Delivery: b.Spec.Delivery, Triggers: m.TriggersOf(b),
		Resolve: devbroker.ResolveByName(urls), Address: s.brokerURL, Logger: s.cfg.Logger,
	})
	if err != nil {
		return err
	}
	s.broker = broker
	s.serve(ls[0], broker)
	s.tick, err = tickEvent(m)
	return err
}

// tickEvent is what the PingSource of the manifests would send.
func tickEvent(m *config.Manifests) (event.Event, error) {
	if len(m.PingSources) != 1 {
		return event.Event{}, fmt.Errorf("want exactly one PingSource, found %d", len(m.PingSources))
	}
	p := m.PingSources[0]
	e := event.New()
	e.SetType(tickType)
	e.SetSource(sourcesv1.PingSourceSource(p.Namespace, p.Name))
	return e, e.SetData(p.Spec.ContentType, []byte(p.Spec.Data))
}

// startTicks sends the tick to the broker every Config.Tick, as the
// PingSource does in the cluster, so a projector whose wake-up was lost
// still catches up.
func (s *Stack) startTicks() error {
	ctx, cancel := context.WithCancel(context.Background())
	s.stopTick = cancel
	s.ticking.Go(func() {
		t := time.NewTicker(s.cfg.Tick)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				s.sendTick(ctx)
			}
		}
	})
	return nil
}

func (s *Stack) sendTick(ctx context.Context) {
	e := s.tick.Clone()
	e.SetID(uuid.NewString())
	e.SetTime(time.Now())
	if err := cloudevent.Post(ctx, http.DefaultClient, s.brokerURL, e); err != nil && ctx.Err() == nil {
		s.cfg.Logger.Warn("tick not accepted by the broker", "err", err)
	}
}

// Functions lists every function with its URL and an example curl line.
func (s *Stack) Functions() []Endpoint {
	out := make([]Endpoint, 0, len(s.instances))
	for _, r := range s.instances {
		out = append(out, Endpoint{Name: r.name, URL: r.url, Curl: curl(r.url, r.example)})
	}
	return out
}

// BrokerURL is the broker's ingress.
func (s *Stack) BrokerURL() string { return s.brokerURL }

// DatabaseURL is the database the stack runs on.
func (s *Stack) DatabaseURL() string { return s.dbURL }

func curl(url string, ex example) string {
	var b bytes.Buffer
	fmt.Fprintf(&b, `curl -si %s -H 'ce-specversion: 1.0' -H "ce-id: $(date +%%s%%N)" -H 'ce-source: /curl'`, url)
	fmt.Fprintf(&b, ` -H 'ce-type: %s' -H 'content-type: application/json' -d '%s'`, ex.ceType, ex.data)
	return b.String()
}
