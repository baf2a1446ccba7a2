package orderview

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/eventfn/eventfn/shared/eventstore"
	"github.com/eventfn/eventfn/shared/orders"
	"github.com/eventfn/eventfn/shared/pgtest"
	"github.com/eventfn/eventfn/shared/readmodel/readmodeltest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// history is the log the tests record orders' events in.
type history = readmodeltest.Log[orders.Event]

func newHistory(t *testing.T) *history {
	return readmodeltest.NewLog[orders.Event](t, orders.StreamID)
}

// at is the time the n-th recorded event (from 1) was recorded.
func at(n int) time.Time { return readmodeltest.At(n) }

// project creates the model's live schema and applies batches, each as the
// runner would, inside one transaction.
func project(t *testing.T, pool *pgxpool.Pool, batches ...[]eventstore.RecordedEvent) string {
	t.Helper()
	return readmodeltest.Project(t, pool, New(), batches...)
}

// randomLog drives n orders through random commands with the domain's own
// Decide, keeping only what it accepts: a log the real system could write.
func randomLog(t *testing.T, n int, seed uint64) (*history, map[string]orders.State) {
	h := newHistory(t)
	rng := rand.New(rand.NewPCG(seed, 0))
	states := make(map[string]orders.State)
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("o%03d", i)
		create := orders.Create{OrderID: ids[i], Customer: customer(i), Items: randomItems(rng)}
		states[ids[i]] = decide(t, h, states[ids[i]], create)
	}
	for range n * 3 {
		id := ids[rng.IntN(n)]
		states[id] = decide(t, h, states[id], randomCommand(rng, id))
	}
	return h, states
}

func customer(i int) string { return fmt.Sprintf("customer-%d", i%4) }

func randomItems(rng *rand.Rand) []orders.Item {
	items := make([]orders.Item, 1+rng.IntN(3))
	for i := range items {
		items[i] = orders.Item{SKU: fmt.Sprintf("sku-%d", i), Quantity: 1 + rng.IntN(9)}
	}
	return items
}

func randomCommand(rng *rand.Rand, id string) orders.Command {
	switch rng.IntN(6) {
	case 0:
		c := customer(rng.IntN(4))
		return orders.Update{OrderID: id, Customer: &c}
	case 1, 2:
		return orders.Update{OrderID: id, Items: randomItems(rng)}
	case 3:
		c := customer(rng.IntN(4))
		return orders.Update{OrderID: id, Customer: &c, Items: randomItems(rng)}
	}
	if rng.IntN(3) == 0 {
		return orders.Delete{OrderID: id}
	}
	return orders.Update{OrderID: id, Items: randomItems(rng)}
}

func decide(t *testing.T, h *history, s orders.State, cmd orders.Command) orders.State {
	events, err := orders.Decide(s, cmd)
	if err != nil {
		return s
	}
	h.Record(events...)
	for _, e := range events {
		s = orders.Evolve(s, e)
	}
	return s
}
