package cartview

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/eventfn/eventfn/shared/carts"
	"github.com/eventfn/eventfn/shared/eventstore"
	"github.com/eventfn/eventfn/shared/pgtest"
	"github.com/eventfn/eventfn/shared/projection"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// history records domain events as the log would: per-stream versions and
// a global position.
type history struct {
	t        *testing.T
	versions map[string]int64
	events   []eventstore.RecordedEvent
}

func newHistory(t *testing.T) *history {
	return &history{t: t, versions: make(map[string]int64)}
}

func (h *history) record(events ...carts.Event) []eventstore.RecordedEvent {
	start := len(h.events)
	for _, e := range events {
		data, err := json.Marshal(e)
		if err != nil {
			h.t.Fatal(err)
		}
		stream := carts.StreamID(e.AggregateID())
		h.versions[stream]++
		n := int64(len(h.events) + 1)
		h.events = append(h.events, eventstore.RecordedEvent{
			Position: n, TxID: uint64(n), Stream: stream, Version: h.versions[stream],
			ID: fmt.Sprintf("%s/%d", stream, h.versions[stream]), Type: e.EventType(), Data: data,
			RecordedAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC).Add(time.Duration(n) * time.Second),
		})
	}
	return h.events[start:]
}

// project creates the model's live schema and applies batches, each as
// the runner would, inside one transaction.
func project(t *testing.T, pool *pgxpool.Pool, batches ...[]eventstore.RecordedEvent) string {
	t.Helper()
	ctx := context.Background()
	schema := projection.LiveSchema(Name)
	tx, err := pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `CREATE SCHEMA `+schema); err != nil {
		t.Fatal(err)
	}
	m := New()
	if err := m.CreateTables(ctx, tx, schema); err != nil {
		t.Fatal(err)
	}
	for _, b := range batches {
		if err := m.Apply(ctx, tx, schema, b); err != nil {
			t.Fatalf("Apply: %v", err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	return schema
}

// randomLog drives the carts of n users through random commands with the
// domain's own Decide, keeping only what it accepts: a log the real system
// could write. It returns each cart's state and version.
func randomLog(t *testing.T, n int, seed uint64) (*history, map[string]carts.State) {
	h := newHistory(t)
	rng := rand.New(rand.NewPCG(seed, 0))
	states := make(map[string]carts.State)
	for range n * 12 {
		user := fmt.Sprintf("u%02d", rng.IntN(n))
		states[user] = decide(h, states[user], randomCommand(rng, user))
	}
	return h, states
}

func randomCommand(rng *rand.Rand, user string) carts.Command {
	sku := fmt.Sprintf("sku-%d", rng.IntN(5))
	switch rng.IntN(10) {
	case 0, 1, 2, 3:
		return carts.Add{UserID: user, SKU: sku, Quantity: 1 + rng.IntN(3)}
	case 4, 5:
		return carts.Update{UserID: user, SKU: sku, Quantity: 1 + rng.IntN(9)}
	case 6, 7:
		return carts.Remove{UserID: user, SKU: sku}
	}
	return carts.Checkout{UserID: user, OrderID: fmt.Sprintf("%s-%d", user, rng.Int())}
}

func decide(h *history, s carts.State, cmd carts.Command) carts.State {
	events, err := carts.Decide(s, cmd)
	if err != nil {
		return s
	}
	h.record(events...)
	for _, e := range events {
		s = carts.Evolve(s, e)
	}
	return s
}
