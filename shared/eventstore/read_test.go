package eventstore_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/eventfn/eventfn/shared/eventstore"
)

func TestReadAllNarrowsByTypeAndStream(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	mustAppend(t, s, "a", eventstore.NoStream(), event("x", 1), event("y", 2))
	mustAppend(t, s, "b", eventstore.NoStream(), event("x", 3), event("z", 4))
	cases := []struct {
		f    eventstore.Filter
		want string
	}{
		{eventstore.Filter{}, "a1 a2 b1 b2"},
		{eventstore.Filter{Types: []string{"x"}}, "a1 b1"},
		{eventstore.Filter{Types: []string{"y", "z"}}, "a2 b2"},
		{eventstore.Filter{Stream: "b"}, "b1 b2"},
		{eventstore.Filter{Stream: "b", Types: []string{"x"}}, "b1"},
		{eventstore.Filter{Stream: "c"}, ""},
	}
	for _, c := range cases {
		if got := streamVersions(readEverything(t, s, c.f)); got != c.want {
			t.Errorf("filter %+v: got %q, want %q", c.f, got, c.want)
		}
	}
}

func streamVersions(evs []eventstore.RecordedEvent) string {
	var parts []string
	for _, e := range evs {
		parts = append(parts, e.Stream+string(rune('0'+e.Version)))
	}
	return strings.Join(parts, " ")
}

func TestAnOpenTransactionHoldsTheHorizonBackVisibly(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	ctx := context.Background()
	first := mustAppend(t, s, "early", eventstore.NoStream(), event("e", 1))
	// Other tests' transactions in the cluster hold the horizon too.
	waitCommitSafe(t, s)
	tx, err := s.Pool().Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if _, err := s.AppendTx(ctx, tx, "slow", eventstore.NoStream(), events("e", 1), nil); err != nil {
		t.Fatal(err)
	}
	late := mustAppend(t, s, "late", eventstore.NoStream(), events("e", 2)...)
	time.Sleep(20 * time.Millisecond)

	h, err := s.Horizon(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if h.Newest != late.Token || h.Horizon.Less(first.Token) || !h.Horizon.Less(late.Token) || h.Behind < 2 {
		t.Fatalf("horizon = %+v; want newest %v, horizon at least %v and before it, 2+ behind", h, late.Token, first.Token)
	}
	if h.Oldest == nil || h.Oldest.Age < 20*time.Millisecond || h.Oldest.Application != "eventfn" {
		t.Fatalf("oldest open transaction = %+v, want the eventfn session open for 20ms+", h.Oldest)
	}
	got, err := s.ReadAll(ctx, eventstore.Position{}, 10, eventstore.Filter{Stream: "late"})
	if err != nil || len(got) != 0 {
		t.Fatalf("read %d events committed after the open transaction began (%v), want none yet", len(got), err)
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if got := readEverything(t, s, eventstore.Filter{}); len(got) != 4 {
		t.Fatalf("after commit read %d events, want 4", len(got))
	}
}

func TestHeadIsTheNewestCommitSafeEvent(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	ctx := context.Background()
	if h, err := s.Head(ctx); err != nil || !h.IsZero() {
		t.Fatalf("empty log head = %v, %v; want zero", h, err)
	}
	res := mustAppend(t, s, "s", eventstore.NoStream(), events("e", 3)...)
	waitCommitSafe(t, s)
	if h, err := s.Head(ctx); err != nil || h != res.Token {
		t.Fatalf("head = %v, %v; want %v", h, err, res.Token)
	}
}

func TestListenersAreWokenByAppends(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	wake := s.Wakeups(ctx)
	waitFor(t, wake, "the wake-up on connect")
	mustAppend(t, s, "s", eventstore.NoStream(), event("e", 1))
	waitFor(t, wake, "a wake-up after an append")
}

func waitFor(t *testing.T, ch <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(10 * time.Second):
		t.Fatalf("no %s", what)
	}
}

func TestListenReturnsWhenItsContextEnds(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	ctx, cancel := context.WithCancel(context.Background())
	returned := make(chan error, 1)
	go func() { returned <- s.Listen(ctx, func() {}) }()
	time.Sleep(50 * time.Millisecond)
	cancel()
	select {
	case err := <-returned:
		if err != nil {
			t.Fatalf("listen returned %v, want nil", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("listen did not return after cancel")
	}
}

func TestListenersReconnectAfterLosingTheirConnection(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	wake := s.Wakeups(ctx)
	waitFor(t, wake, "the wake-up on connect")
	if _, err := s.Pool().Exec(ctx, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
		WHERE datname = current_database() AND query LIKE 'LISTEN%'`); err != nil {
		t.Fatal(err)
	}
	waitFor(t, wake, "the wake-up on reconnect")
	mustAppend(t, s, "s", eventstore.NoStream(), event("e", 1))
	waitFor(t, wake, "a wake-up after an append on the new connection")
}
