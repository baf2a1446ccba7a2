package accountview

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/eventfn/eventfn/shared/accounts"
	"github.com/eventfn/eventfn/shared/eventstore"
	"github.com/eventfn/eventfn/shared/pgtest"
	"github.com/eventfn/eventfn/shared/projection"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// history records domain events as the log would: per-stream versions, a
// global position and a clock a minute apart per event.
type history struct {
	t        *testing.T
	versions map[string]int64
	events   []eventstore.RecordedEvent
}

func newHistory(t *testing.T) *history {
	return &history{t: t, versions: make(map[string]int64)}
}

func (h *history) record(events ...accounts.Event) []eventstore.RecordedEvent {
	start := len(h.events)
	for _, e := range events {
		data, err := json.Marshal(e)
		if err != nil {
			h.t.Fatal(err)
		}
		stream := accounts.StreamID(e.AggregateID())
		h.versions[stream]++
		n := int64(len(h.events) + 1)
		h.events = append(h.events, eventstore.RecordedEvent{
			Position: n, TxID: uint64(n), Stream: stream, Version: h.versions[stream],
			ID: stream + "/" + e.EventType(), Type: e.EventType(), Data: data,
			RecordedAt: at(int(n)),
		})
	}
	return h.events[start:]
}

// at is the time the n-th recorded event (from 1) was recorded.
func at(n int) time.Time {
	return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC).Add(time.Duration(n) * time.Minute)
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
	h.record(events...)
	for _, e := range events {
		s = accounts.Evolve(s, e)
	}
	return s
}
