package eventstore_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/eventfn/eventfn/shared/eventstore"
	"github.com/eventfn/eventfn/shared/failure"
)

// TestConcurrentAppendsKeepTheirOwnOutcomes runs writers on distinct
// streams at once and mixes in what must only affect the append it belongs
// to: stale versions, repeated commands, reused commands with other data,
// and data the database refuses.
func TestConcurrentAppendsKeepTheirOwnOutcomes(t *testing.T) {
	t.Parallel()
	const writers, rounds = 32, 12
	s := storeWithConns(t, writers+2)
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() { writeMixed(t, s, fmt.Sprint("mixed-", w), rounds) })
	}
	wg.Wait()
	for w := range writers {
		got, err := s.Load(context.Background(), fmt.Sprint("mixed-", w), 0)
		if err != nil || len(got) != rounds {
			t.Fatalf("stream %d holds %d events (%v), want %d", w, len(got), err, rounds)
		}
	}
}

// writeMixed appends rounds events to stream, one per command, checking
// each kind of refusal along the way.
func writeMixed(t *testing.T, s *eventstore.Store, stream string, rounds int) {
	ctx := context.Background()
	for v := range rounds {
		cmd := &eventstore.Command{Source: "/" + stream, ID: fmt.Sprint(v), Payload: []byte(fmt.Sprint(v))}
		first, err := s.Append(ctx, stream, eventstore.Exact(int64(v)), events("e", 1), cmd)
		if err != nil || first.Version != int64(v+1) {
			t.Errorf("%s: append at %d = %+v, %v", stream, v, first, err)
			return
		}
		again, err := s.Append(ctx, stream, eventstore.Exact(int64(v)), events("e", 1), cmd)
		first.Duplicate = true
		if err != nil || cmp.Diff(first, again) != "" {
			t.Errorf("%s: repeated command = %+v, %v; want %+v", stream, again, err, first)
		}
		refusals(t, s, stream, int64(v+1), cmd)
	}
}

func refusals(t *testing.T, s *eventstore.Store, stream string, version int64, cmd *eventstore.Command) {
	ctx := context.Background()
	var ce *eventstore.ConflictError
	if _, err := s.Append(ctx, stream, eventstore.Exact(version-1), events("e", 1), nil); !errors.As(err, &ce) || ce.Actual != version {
		t.Errorf("%s: stale append: err = %v, want a conflict at %d", stream, err, version)
	}
	other := *cmd
	other.Payload = []byte("other")
	if _, err := s.Append(ctx, stream, eventstore.Exact(version), events("e", 1), &other); !errors.Is(err, failure.ErrRejected) {
		t.Errorf("%s: reused command: err = %v, want rejected", stream, err)
	}
	bad := events("e", 1)
	bad[0].Data = json.RawMessage(`"\u0000"`)
	if _, err := s.Append(ctx, stream, eventstore.Exact(version), bad, nil); !errors.Is(err, failure.ErrInvalid) {
		t.Errorf("%s: NUL in data: err = %v, want invalid", stream, err)
	}
}

// TestAppendsCombinedIntoOneStatementKeepTheirOwnOutcomes starts one-event
// appends of every kind at once, each on a stream of its own, so that the
// store combines them into shared statements, and checks that each gets
// the outcome it would get alone.
func TestAppendsCombinedIntoOneStatementKeepTheirOwnOutcomes(t *testing.T) {
	t.Parallel()
	s := storeWithConns(t, 8)
	for round := 0; round < 20 && eventstore.CombinedBatches(s) < 3; round++ {
		kinds := combinedKinds()
		seeds := make([]eventstore.Result, len(kinds)*8)
		for i := range seeds {
			seeds[i] = seed(t, s, round, i)
		}
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i := range seeds {
			wg.Go(func() {
				<-start
				kinds[i%len(kinds)](t, s, seeds[i])
			})
		}
		close(start)
		wg.Wait()
	}
	if n := eventstore.CombinedBatches(s); n < 3 {
		t.Fatalf("%d combined batches formed, want at least 3", n)
	}
}

// seed appends one event with a command to a fresh stream.
func seed(t *testing.T, s *eventstore.Store, round, i int) eventstore.Result {
	t.Helper()
	stream := fmt.Sprintf("combined-%d-%d", round, i)
	res, err := s.Append(context.Background(), stream, eventstore.NoStream(), events("e", 1), seedCommand(stream, "p"))
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func seedCommand(stream, payload string) *eventstore.Command {
	return &eventstore.Command{Source: "/combined", ID: stream, Payload: []byte(payload)}
}

// combinedKinds are the appends the test mixes; each checks its own
// outcome on a stream at version 1 whose first command was
// seedCommand(stream, "p").
func combinedKinds() []func(*testing.T, *eventstore.Store, eventstore.Result) {
	ctx := context.Background()
	wantVersion := func(t *testing.T, what string, res eventstore.Result, err error, v int64) {
		if err != nil || res.Version != v || res.Duplicate || len(res.Events) != 1 {
			t.Errorf("%s: %+v, %v; want version %d", what, res, err, v)
		}
	}
	wantConflict := func(t *testing.T, what string, err error) {
		var ce *eventstore.ConflictError
		if !errors.As(err, &ce) || ce.Actual != 1 {
			t.Errorf("%s: err = %v, want a conflict at 1", what, err)
		}
	}
	return []func(*testing.T, *eventstore.Store, eventstore.Result){
		func(t *testing.T, s *eventstore.Store, r eventstore.Result) {
			cmd := &eventstore.Command{Source: "/combined", ID: r.Stream + "/2", Payload: []byte("q")}
			res, err := s.Append(ctx, r.Stream, eventstore.Exact(1), events("e", 1), cmd)
			wantVersion(t, "exact with a new command", res, err, 2)
		},
		func(t *testing.T, s *eventstore.Store, r eventstore.Result) {
			res, err := s.Append(ctx, r.Stream, eventstore.Any(), events("e", 1), nil)
			wantVersion(t, "any", res, err, 2)
		},
		func(t *testing.T, s *eventstore.Store, r eventstore.Result) {
			res, err := s.Append(ctx, r.Stream+"/new", eventstore.NoStream(), events("e", 1), nil)
			wantVersion(t, "no stream on a new stream", res, err, 1)
		},
		func(t *testing.T, s *eventstore.Store, r eventstore.Result) {
			_, err := s.Append(ctx, r.Stream, eventstore.Exact(0), events("e", 1), nil)
			wantConflict(t, "stale", err)
		},
		func(t *testing.T, s *eventstore.Store, r eventstore.Result) {
			_, err := s.Append(ctx, r.Stream, eventstore.NoStream(), events("e", 1), nil)
			wantConflict(t, "no stream on an existing stream", err)
		},
		func(t *testing.T, s *eventstore.Store, r eventstore.Result) {
			res, err := s.Append(ctx, r.Stream, eventstore.Exact(1), events("e", 1), seedCommand(r.Stream, "p"))
			r.Duplicate = true
			if err != nil || cmp.Diff(r, res) != "" {
				t.Errorf("repeated command = %+v, %v; want %+v", res, err, r)
			}
		},
		func(t *testing.T, s *eventstore.Store, r eventstore.Result) {
			_, err := s.Append(ctx, r.Stream, eventstore.Exact(1), events("e", 1), seedCommand(r.Stream, "other"))
			if !errors.Is(err, failure.ErrRejected) {
				t.Errorf("reused command: err = %v, want rejected", err)
			}
		},
		func(t *testing.T, s *eventstore.Store, r eventstore.Result) {
			bad := events("e", 1)
			bad[0].Data = json.RawMessage(`"\u0000"`)
			_, err := s.Append(ctx, r.Stream, eventstore.Exact(1), bad, nil)
			if !errors.Is(err, failure.ErrInvalid) {
				t.Errorf("NUL in data: err = %v, want invalid", err)
			}
			if got, err := s.Load(ctx, r.Stream, 0); err != nil || len(got) != 1 {
				t.Errorf("after NUL in data the stream holds %d events (%v), want 1", len(got), err)
			}
		},
	}
}
