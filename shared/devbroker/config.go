package devbroker

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"

	eventingduckv1 "knative.dev/eventing/pkg/apis/duck/v1"
	eventingv1 "knative.dev/eventing/pkg/apis/eventing/v1"
	duckv1 "knative.dev/pkg/apis/duck/v1"

	"github.com/eventfn/eventfn/config"
)

// Defaults for the optional Config fields.
const (
	DefaultQueueSize = 1024
	DefaultWorkers   = 4
)

// Config describes one broker: its name, its delivery spec, its Triggers and
// how to reach the destinations they name.
type Config struct {
	Namespace string
	Name      string
	// Delivery is the Broker's spec.delivery; a Trigger's own spec.delivery,
	// when set, replaces it for that Trigger, as Knative's reconciler does.
	Delivery *eventingduckv1.DeliverySpec
	Triggers []*eventingv1.Trigger
	// Resolve turns a subscriber or dead-letter destination into a URL.
	Resolve func(duckv1.Destination) (*url.URL, error)
	// Address is the URL clients post to; it is what knativeerrordest names
	// when a reply could not be put back into the broker. Optional.
	Address string
	Client  *http.Client // default: a client without a timeout of its own
	Logger  *slog.Logger // default: slog.Default()
	// QueueSize bounds the ingress queue and each Trigger's queue.
	QueueSize int
	// Workers is how many deliveries of one Trigger may be in flight.
	Workers int
}

// Validate reports the first missing or impossible setting.
func (c Config) Validate() error {
	switch {
	case c.Namespace == "" || c.Name == "":
		return errors.New("devbroker: namespace and name are required")
	case c.Resolve == nil:
		return errors.New("devbroker: a destination resolver is required")
	case c.QueueSize < 0 || c.Workers < 0:
		return errors.New("devbroker: queue size and workers must not be negative")
	}
	for _, t := range c.Triggers {
		if t.Namespace != c.Namespace || t.Spec.Broker != c.Name {
			return fmt.Errorf("devbroker: trigger %s/%s belongs to broker %s/%s, not %s/%s",
				t.Namespace, t.Name, t.Namespace, t.Spec.Broker, c.Namespace, c.Name)
		}
		if err := config.Validate(t.DeepCopy()); err != nil {
			return fmt.Errorf("devbroker: trigger %s: %w", t.Name, err)
		}
	}
	return nil
}

func (c Config) withDefaults() Config {
	if c.Client == nil {
		c.Client = &http.Client{}
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	if c.QueueSize == 0 {
		c.QueueSize = DefaultQueueSize
	}
	if c.Workers == 0 {
		c.Workers = DefaultWorkers
	}
	if c.Address == "" {
		c.Address = "/" + c.Namespace + "/" + c.Name
	}
	return c
}

// LoadManifests reads dir with the same strict decoding and Knative
// validation as the offline manifest tests, and returns its only Broker and
// the Triggers subscribed to it.
func LoadManifests(dir string) (*eventingv1.Broker, []*eventingv1.Trigger, error) {
	m, err := config.Load(dir)
	if err != nil {
		return nil, nil, fmt.Errorf("devbroker: %w", err)
	}
	if len(m.Brokers) != 1 {
		return nil, nil, fmt.Errorf("devbroker: %s holds %d brokers, want exactly one", dir, len(m.Brokers))
	}
	b := m.Brokers[0]
	return b, m.TriggersOf(b), nil
}

// ResolveByName resolves a destination whose ref names a function to that
// function's base URL in urls (function name → base URL); a destination's
// uri, if any, is taken relative to that URL, or as is when there is no ref.
func ResolveByName(urls map[string]string) func(duckv1.Destination) (*url.URL, error) {
	return func(d duckv1.Destination) (*url.URL, error) {
		if d.Ref == nil {
			return absolute(d)
		}
		raw, ok := urls[d.Ref.Name]
		if !ok {
			return nil, fmt.Errorf("no URL for %s %s", d.Ref.Kind, d.Ref.Name)
		}
		base, err := url.Parse(raw)
		if err != nil || !base.IsAbs() {
			return nil, fmt.Errorf("url of %s: %q is not an absolute URL", d.Ref.Name, raw)
		}
		if d.URI != nil {
			return base.ResolveReference(d.URI.URL()), nil
		}
		return base, nil
	}
}

func absolute(d duckv1.Destination) (*url.URL, error) {
	if d.URI == nil || !d.URI.URL().IsAbs() {
		return nil, errors.New("destination has neither a ref nor an absolute uri")
	}
	return d.URI.URL(), nil
}
