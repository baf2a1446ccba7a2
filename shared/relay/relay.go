package relay

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/eventfn/eventfn/shared/eventstore"
)

// lockKey is the advisory lock the publishing replica holds. It is an
// arbitrary constant; only relays use it.
const lockKey int64 = 0x6576656e74666e // "eventfn"

// Config tunes a Relay. Only Sink is required.
type Config struct {
	// Sink is the URL events are POSTed to (K_SINK).
	Sink string
	// Overrides are CloudEvent extensions set on every event
	// (K_CE_OVERRIDES' "extensions").
	Overrides map[string]string
	// Name is the relay's checkpoint name; default "relay".
	Name string
	// BatchSize is how many events are read and published at once.
	BatchSize int
	// Concurrency bounds the deliveries in flight.
	Concurrency int
	// Poll is how often the log is read when no notification arrives.
	Poll time.Duration
	// MaxBackoff caps the wait between retries of one event.
	MaxBackoff time.Duration
	// Client sends the events; its timeout bounds one delivery.
	Client *http.Client
	Logger *slog.Logger
}

func (c *Config) setDefaults() {
	if c.Name == "" {
		c.Name = "relay"
	}
	if c.BatchSize == 0 {
		c.BatchSize = 256
	}
	if c.Concurrency == 0 {
		c.Concurrency = 16
	}
	if c.Poll == 0 {
		c.Poll = time.Second
	}
	if c.MaxBackoff == 0 {
		c.MaxBackoff = 5 * time.Second
	}
	if c.Client == nil {
		c.Client = &http.Client{Timeout: 10 * time.Second}
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
}

// Validate reports a configuration the relay cannot run with.
func (c Config) Validate() error {
	if c.Sink == "" {
		return errors.New("relay: no sink (K_SINK is not set)")
	}
	if c.BatchSize < 0 || c.Concurrency < 0 || c.Poll < 0 || c.MaxBackoff < 0 {
		return errors.New("relay: negative batch size, concurrency or interval")
	}
	return nil
}

// ParseOverrides reads K_CE_OVERRIDES: {"extensions": {"name": "value"}}.
func ParseOverrides(s string) (map[string]string, error) {
	if s == "" {
		return nil, nil
	}
	var o struct {
		Extensions map[string]string `json:"extensions"`
	}
	if err := json.Unmarshal([]byte(s), &o); err != nil {
		return nil, fmt.Errorf("K_CE_OVERRIDES: %w", err)
	}
	return o.Extensions, nil
}

// Relay tails the log and publishes it to a sink.
type Relay struct {
	pool *pgxpool.Pool
	cfg  Config
	wake chan struct{}
}

// New returns a relay reading the log in pool and publishing as cfg says.
func New(pool *pgxpool.Pool, cfg Config) (*Relay, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg.setDefaults()
	return &Relay{pool: pool, cfg: cfg, wake: make(chan struct{}, 1)}, nil
}

// Wake asks the relay to read the log now rather than at its next poll.
func (r *Relay) Wake() {
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// Run publishes until ctx ends. While another replica holds the lead it
// waits; when it loses the lead (its connection broke) it waits again.
func (r *Relay) Run(ctx context.Context) error {
	go r.listen(ctx)
	for ctx.Err() == nil {
		err := r.lead(ctx)
		if err != nil && ctx.Err() == nil {
			r.cfg.Logger.Warn("relay lost the lead or could not take it", "err", err)
			sleep(ctx, r.cfg.Poll)
		}
	}
	return nil
}

// listen turns log notifications into wake-ups until ctx ends; polling
// covers any it misses while reconnecting.
func (r *Relay) listen(ctx context.Context) {
	_ = eventstore.New(r.pool).Listen(ctx, r.Wake)
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
