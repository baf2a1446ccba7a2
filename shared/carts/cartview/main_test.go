package cartview

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/eventfn/eventfn/shared/carts"
	"github.com/eventfn/eventfn/shared/eventstore"
	"github.com/eventfn/eventfn/shared/pgtest"
	"github.com/eventfn/eventfn/shared/readmodel/readmodeltest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// history is the log the tests record carts' events in.
type history = readmodeltest.Log[carts.Event]

func newHistory(t *testing.T) *history {
	return readmodeltest.NewLog[carts.Event](t, carts.StreamID)
}

// project creates the model's live schema and applies batches, each as the
// runner would, inside one transaction.
func project(t *testing.T, pool *pgxpool.Pool, batches ...[]eventstore.RecordedEvent) string {
	t.Helper()
	return readmodeltest.Project(t, pool, New(), batches...)
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
	h.Record(events...)
	for _, e := range events {
		s = carts.Evolve(s, e)
	}
	return s
}
