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
