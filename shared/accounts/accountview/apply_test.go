package accountview

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/eventfn/eventfn/shared/accounts"
	"github.com/eventfn/eventfn/shared/eventstore"
	"github.com/eventfn/eventfn/shared/failure"
	"github.com/eventfn/eventfn/shared/pgtest"
	"github.com/eventfn/eventfn/shared/projection"
	"github.com/eventfn/eventfn/shared/readmodel/readmodeltest"
)

func TestApplyShowsEachAccountAsItsEventsLeftIt(t *testing.T) {
	t.Parallel()
	pool := pgtest.NewDatabase(t)
	h := newHistory(t)
	first := h.Record(
		accounts.Created{AccountNumber: "1", UserID: 7, DefaultAccount: true},
		accounts.Created{AccountNumber: "2", UserID: 8},
		accounts.Confirmed{AccountNumber: "2"},
	)
	second := h.Record(
		accounts.Confirmed{AccountNumber: "1"},
		accounts.Activated{AccountNumber: "1"},
		accounts.Suspended{AccountNumber: "1", Reason: "audit"},
		accounts.Created{AccountNumber: "3", UserID: 7},
		accounts.Archived{AccountNumber: "2"},
	)
	schema := project(t, pool, first, second)

	want := []Account{
		{AccountNumber: "1", UserID: 7, DefaultAccount: true, Status: "ACCOUNT_SUSPENDED",
			CreatedAt: at(1), LastModified: at(6), Version: 4},
		{AccountNumber: "2", UserID: 8, Status: "ACCOUNT_ARCHIVED", CreatedAt: at(2), LastModified: at(8), Version: 3},
		{AccountNumber: "3", UserID: 7, Status: "ACCOUNT_PENDING", CreatedAt: at(7), LastModified: at(7), Version: 1},
	}
	for _, w := range want {
		got, err := Get(context.Background(), pool, schema, w.AccountNumber)
		if err != nil {
			t.Fatalf("Get(%s): %v", w.AccountNumber, err)
		}
		if diff := cmp.Diff(w, got); diff != "" {
			t.Errorf("account %s (-want +got):\n%s", w.AccountNumber, diff)
		}
	}
}

func TestApplyGivesTheSameTableHoweverTheLogIsBatched(t *testing.T) {
	t.Parallel()
	h, states := randomLog(t, 60, 1)
	want := make([]Account, 0, len(states))
	for _, size := range []int{1, 7, 100, len(h.Events)} {
		pool := pgtest.NewDatabase(t)
		schema := project(t, pool, slices.Collect(slices.Chunk(h.Events, size))...)
		got := listAll(t, pool, schema, Filter{Limit: MaxLimit})
		if len(got) != len(states) {
			t.Fatalf("batches of %d: %d accounts, want %d", size, len(got), len(states))
		}
		for _, a := range got {
			if s := states[a.AccountNumber]; string(s.Status) != a.Status || s.UserID != a.UserID {
				t.Errorf("batches of %d: account %s is %s of user %d, fold says %s of %d",
					size, a.AccountNumber, a.Status, a.UserID, s.Status, s.UserID)
			}
		}
		if size == 1 {
			want = got
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("batches of %d differ from batches of 1 (-want +got):\n%s", size, diff)
		}
	}
}

func TestApplyBlamesTheEventItCannotRead(t *testing.T) {
	t.Parallel()
	pool := pgtest.NewDatabase(t)
	h := newHistory(t)
	events := h.Record(accounts.Created{AccountNumber: "1", UserID: 7}, accounts.Confirmed{AccountNumber: "1"})
	events[1].Data = []byte(`{"accountNumber": 1}`)
	err := readmodeltest.TryApply(t, pool, New(), events)
	var blamed *projection.EventError
	if !errors.As(err, &blamed) || blamed.Event.ID != events[1].ID || !errors.Is(err, failure.ErrInvalid) {
		t.Fatalf("Apply error = %v, want an EventError naming %s", err, events[1].ID)
	}
}

func TestApplyOfAnEmptyBatchWritesNothing(t *testing.T) {
	t.Parallel()
	pool := pgtest.NewDatabase(t)
	schema := project(t, pool, []eventstore.RecordedEvent{})
	if got := listAll(t, pool, schema, Filter{}); len(got) != 0 {
		t.Errorf("accounts = %v, want none", got)
	}
}

func TestModelReadsEveryAccountEvent(t *testing.T) {
	m := New()
	if m.Name() != "accounts" || !slices.Equal(m.EventTypes(), accounts.EventTypes()) {
		t.Errorf("Name = %q, EventTypes = %v", m.Name(), m.EventTypes())
	}
}
