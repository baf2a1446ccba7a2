package accountview

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/eventfn/eventfn/shared/accounts"
	"github.com/eventfn/eventfn/shared/eventstore"
	"github.com/eventfn/eventfn/shared/pgtest"
	"github.com/eventfn/eventfn/shared/readmodel/readmodeltest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// history is the log the tests record accounts' events in.
type history = readmodeltest.Log[accounts.Event]

func newHistory(t *testing.T) *history {
	return readmodeltest.NewLog[accounts.Event](t, accounts.StreamID)
}

// at is the time the n-th recorded event (from 1) was recorded.
func at(n int) time.Time { return readmodeltest.At(n) }

// project creates the model's live schema and applies batches, each as the
// runner would, inside one transaction.
func project(t *testing.T, pool *pgxpool.Pool, batches ...[]eventstore.RecordedEvent) string {
	t.Helper()
	return readmodeltest.Project(t, pool, New(), batches...)
}

// randomLog drives n accounts through random commands with the domain's own
// Decide, keeping only what it accepts: a log the real system could write.
func randomLog(t *testing.T, n int, seed uint64) (*history, map[string]accounts.State) {
	h := newHistory(t)
	rng := rand.New(rand.NewPCG(seed, 0))
	states := make(map[string]accounts.State)
	numbers := make([]string, n)
	for i := range numbers {
		numbers[i] = fmt.Sprintf("%c%03d", 'a'+rune(i%26), i)
		create := accounts.Create{AccountNumber: numbers[i], UserID: int64(i%4 + 1), DefaultAccount: i%3 == 0}
		states[numbers[i]] = decide(t, h, states[numbers[i]], create)
	}
	for range n * 4 {
		number := numbers[rng.IntN(n)]
		states[number] = decide(t, h, states[number], randomCommand(rng, number))
	}
	return h, states
}

func randomCommand(rng *rand.Rand, number string) accounts.Command {
	switch rng.IntN(5) {
	case 0:
		return accounts.Confirm{AccountNumber: number}
	case 1, 2:
		return accounts.Activate{AccountNumber: number}
	case 3:
		return accounts.Suspend{AccountNumber: number, Reason: "audit"}
	}
	if rng.IntN(4) == 0 {
		return accounts.Archive{AccountNumber: number}
	}
	return accounts.Confirm{AccountNumber: number}
}

func decide(t *testing.T, h *history, s accounts.State, cmd accounts.Command) accounts.State {
	events, err := accounts.Decide(s, cmd)
	if err != nil {
		return s
	}
	h.Record(events...)
	for _, e := range events {
		s = accounts.Evolve(s, e)
	}
	return s
}
