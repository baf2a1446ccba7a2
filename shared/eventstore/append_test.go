package eventstore_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/uuid"

	"github.com/eventfn/eventfn/shared/eventstore"
	"github.com/eventfn/eventfn/shared/failure"
)

func TestAppendedEventsLoadBackInVersionOrder(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	in := events("thing.happened", 3)
	res := mustAppend(t, s, "thing-1", eventstore.NoStream(), in...)
	if res.Version != 3 || len(res.Events) != 3 || res.Duplicate || res.Token.IsZero() {
		t.Fatalf("result = %+v, want version 3, 3 events, a token", res)
	}
	mustAppend(t, s, "thing-1", eventstore.Exact(3), event("thing.changed", 4))
	got, err := s.Load(context.Background(), "thing-1", 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 4 {
		t.Fatalf("loaded %d events, want 4", len(got))
	}
	for i, e := range got[:3] {
		want := eventstore.RecordedEvent{Stream: "thing-1", Version: int64(i + 1), ID: in[i].ID, Type: in[i].Type,
			Data: in[i].Data, Metadata: in[i].Metadata}
		e.Position, e.TxID, e.RecordedAt = 0, 0, want.RecordedAt
		if diff := cmp.Diff(want, e, jsonEqual); diff != "" {
			t.Errorf("event %d (-want +got):\n%s", i, diff)
		}
	}
}

func TestLoadFromAVersionReturnsOnlyLaterEvents(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	mustAppend(t, s, "s", eventstore.NoStream(), events("e", 5)...)
	got, err := s.Load(context.Background(), "s", 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Version != 4 || got[1].Version != 5 {
		t.Fatalf("loaded %+v, want versions 4 and 5", got)
	}
}

func TestLoadingAnUnknownStreamGivesNoEvents(t *testing.T) {
	t.Parallel()
	got, err := newStore(t).Load(context.Background(), "nobody-here", 0)
	if err != nil || len(got) != 0 {
		t.Fatalf("got %v, %v; want no events and no error", got, err)
	}
}

func TestTheTokenIsTheLastEventsCommitSafePosition(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	res := mustAppend(t, s, "s", eventstore.Any(), events("e", 2)...)
	all := readEverything(t, s, eventstore.Filter{})
	if len(all) != 2 || all[1].Checkpoint() != res.Token {
		t.Fatalf("token %v, log %+v; want the token to be the second event's checkpoint", res.Token, all)
	}
	tok, err := eventstore.ParseToken(res.Token.Token())
	if err != nil || tok != res.Token {
		t.Fatalf("token round trip: %v, %v", tok, err)
	}
}

func TestAppendingAtAStaleVersionIsAConflictNamingTheActualVersion(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	mustAppend(t, s, "s", eventstore.NoStream(), events("e", 2)...)
	cases := []eventstore.Expected{eventstore.Exact(1), eventstore.Exact(5), eventstore.NoStream(), eventstore.Exact(0)}
	for _, exp := range cases {
		_, err := s.Append(context.Background(), "s", exp, events("e", 1), nil)
		var ce *eventstore.ConflictError
		if !errors.As(err, &ce) || !errors.Is(err, failure.ErrConflict) {
			t.Fatalf("expected %s: err = %v, want a conflict", exp, err)
		}
		if ce.Stream != "s" || ce.Actual != 2 || ce.Expected != exp {
			t.Errorf("conflict = %+v, want stream s, actual 2, expected %s", ce, exp)
		}
	}
	if n := countEvents(t, s); n != 2 {
		t.Fatalf("%d events stored, want 2", n)
	}
}

func TestExpectingAVersionOfAMissingStreamIsAConflict(t *testing.T) {
	t.Parallel()
	_, err := newStore(t).Append(context.Background(), "new", eventstore.Exact(1), events("e", 1), nil)
	var ce *eventstore.ConflictError
	if !errors.As(err, &ce) || ce.Actual != 0 {
		t.Fatalf("err = %v, want a conflict with actual version 0", err)
	}
}

func TestAnyAppendsAtTheEndOfTheStream(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	mustAppend(t, s, "s", eventstore.Any(), events("e", 2)...)
	res := mustAppend(t, s, "s", eventstore.Any(), events("e", 3)...)
	if res.Version != 5 || res.Events[0].Version != 3 {
		t.Fatalf("result = %+v, want versions 3..5", res)
	}
}

func TestARepeatedCommandReturnsTheFirstOutcomeAndAppendsNothing(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	ctx := context.Background()
	cmd := &eventstore.Command{Source: "/client", ID: "cmd-1", Payload: []byte(`{"amount":5}`)}
	first, err := s.Append(ctx, "s", eventstore.NoStream(), events("e", 2), cmd)
	if err != nil {
		t.Fatal(err)
	}
	mustAppend(t, s, "s", eventstore.Exact(2), event("later", 3))
	again, err := s.Append(ctx, "s", eventstore.NoStream(), events("e", 2), cmd)
	if err != nil {
		t.Fatalf("retry: %v", err)
	}
	first.Duplicate = true
	if diff := cmp.Diff(first, again); diff != "" {
		t.Fatalf("retry result (-first +retry):\n%s", diff)
	}
	if n := countEvents(t, s); n != 3 {
		t.Fatalf("%d events stored, want 3", n)
	}
}

func TestReusingACommandIDWithOtherDataIsRejected(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	ctx := context.Background()
	cmd := eventstore.Command{Source: "/client", ID: "cmd-1", Payload: []byte(`{"amount":5}`)}
	if _, err := s.Append(ctx, "s", eventstore.NoStream(), events("e", 1), &cmd); err != nil {
		t.Fatal(err)
	}
	cmd.Payload = []byte(`{"amount":6}`)
	_, err := s.Append(ctx, "s", eventstore.Exact(1), events("e", 1), &cmd)
	if !errors.Is(err, failure.ErrRejected) || !strings.Contains(err.Error(), "different payload") {
		t.Fatalf("err = %v, want a rejection about a different payload", err)
	}
	if n := countEvents(t, s); n != 1 {
		t.Fatalf("%d events stored, want 1", n)
	}
}

func TestTheSameCommandIDFromAnotherSourceIsAnotherCommand(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	ctx := context.Background()
	for _, src := range []string{"/a", "/b"} {
		res, err := s.Append(ctx, "s", eventstore.Any(), events("e", 1), &eventstore.Command{Source: src, ID: "1"})
		if err != nil || res.Duplicate {
			t.Fatalf("source %s: %+v, %v; want a fresh append", src, res, err)
		}
	}
}

func TestReusingAnEventIDIsRejected(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	e := event("e", 1)
	mustAppend(t, s, "a", eventstore.NoStream(), e)
	_, err := s.Append(context.Background(), "b", eventstore.NoStream(), []eventstore.NewEvent{e}, nil)
	if !errors.Is(err, failure.ErrRejected) {
		t.Fatalf("err = %v, want rejected", err)
	}
}

func TestBadInputIsInvalidAndWritesNothing(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	big := json.RawMessage(`"` + strings.Repeat("x", 1<<20) + `"`)
	withData := func(d string) []eventstore.NewEvent {
		e := event("e", 1)
		e.Data = json.RawMessage(d)
		return []eventstore.NewEvent{e}
	}
	cases := []struct {
		name   string
		stream string
		exp    eventstore.Expected
		events []eventstore.NewEvent
		cmd    *eventstore.Command
		want   string
	}{
		{"empty stream", "", eventstore.Any(), events("e", 1), nil, "empty stream"},
		{"over-long stream", strings.Repeat("s", 256), eventstore.Any(), events("e", 1), nil, "over the 255-byte limit"},
		{"empty type", "s", eventstore.Any(), events("", 1), nil, "empty event type"},
		{"data not JSON", "s", eventstore.Any(), withData(`{"a":`), nil, "not JSON"},
		{"empty data", "s", eventstore.Any(), withData(``), nil, "not JSON"},
		{"event over 1 MiB", "s", eventstore.Any(), []eventstore.NewEvent{{ID: uuid.NewString(), Type: "e", Data: big}}, nil, "over the 1048576-byte limit"},
		{"negative expected version", "s", eventstore.Exact(-1), events("e", 1), nil, "negative expected version"},
		{"no events", "s", eventstore.Any(), nil, nil, "no events"},
		{"id not a UUID", "s", eventstore.Any(), []eventstore.NewEvent{{ID: "42", Type: "e", Data: json.RawMessage(`1`)}}, nil, "not a UUID"},
		{"command without id", "s", eventstore.Any(), events("e", 1), &eventstore.Command{Source: "/x"}, "source and an id"},
		{"NUL in JSON text", "s", eventstore.Any(), withData(`{"a":"\u0000"}`), nil, "unsupported Unicode escape"},
	}
	for _, c := range cases {
		_, err := s.Append(context.Background(), c.stream, c.exp, c.events, c.cmd)
		if !errors.Is(err, failure.ErrInvalid) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want invalid mentioning %q", c.name, err, c.want)
		}
	}
	if n := countEvents(t, s); n != 0 {
		t.Fatalf("%d events stored, want none", n)
	}
}

func TestBadReadArgumentsAreInvalid(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	ctx := context.Background()
	if _, err := s.Load(ctx, "s", -1); !errors.Is(err, failure.ErrInvalid) {
		t.Errorf("load from -1: err = %v, want invalid", err)
	}
	if _, err := s.Load(ctx, "", 0); !errors.Is(err, failure.ErrInvalid) {
		t.Errorf("load empty stream: err = %v, want invalid", err)
	}
	if _, err := s.ReadAll(ctx, eventstore.Position{}, 0, eventstore.Filter{}); !errors.Is(err, failure.ErrInvalid) {
		t.Errorf("read all limit 0: err = %v, want invalid", err)
	}
}

func TestTheDatabaseRefusesToChangeTheLog(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	mustAppend(t, s, "s", eventstore.NoStream(), events("e", 2)...)
	for _, sql := range []string{
		`UPDATE events SET type = 'changed'`,
		`UPDATE events SET type = 'changed' WHERE false`,
		`DELETE FROM events`,
		`TRUNCATE events`,
		`TRUNCATE events CASCADE`,
	} {
		_, err := s.Pool().Exec(context.Background(), sql)
		if err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: err = %v, want an append-only refusal", sql, err)
		}
	}
	if n := countEvents(t, s); n != 2 {
		t.Fatalf("%d events left, want 2", n)
	}
}

// jsonEqual compares JSON by meaning: jsonb does not keep the client's
// whitespace or key order.
var jsonEqual = cmp.Transformer("json", func(r json.RawMessage) any {
	var v any
	if err := json.Unmarshal(r, &v); err != nil {
		return string(r)
	}
	return v
})

func TestReplayReturnsAHandledCommandsFirstOutcome(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	ctx := context.Background()
	cmd := eventstore.Command{Source: "/client", ID: "cmd-1", Payload: []byte(`{"amount":5}`)}
	if _, seen, err := s.Replay(ctx, cmd); seen || err != nil {
		t.Fatalf("before handling: seen = %v, err = %v; want neither", seen, err)
	}
	first, err := s.Append(ctx, "s", eventstore.NoStream(), events("e", 2), &cmd)
	if err != nil {
		t.Fatal(err)
	}
	got, seen, err := s.Replay(ctx, cmd)
	first.Duplicate = true
	if !seen || err != nil || cmp.Diff(first, got) != "" {
		t.Fatalf("replay = %+v, %v, %v; want %+v", got, seen, err, first)
	}
	cmd.Payload = []byte(`{"amount":6}`)
	if _, _, err := s.Replay(ctx, cmd); !errors.Is(err, failure.ErrRejected) {
		t.Fatalf("replay with other payload: err = %v, want rejected", err)
	}
}
