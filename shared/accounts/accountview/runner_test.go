package accountview

import (
	"testing"

	"github.com/eventfn/eventfn/shared/accounts"
	"github.com/eventfn/eventfn/shared/pgtest"
	"github.com/eventfn/eventfn/shared/readmodel/readmodeltest"
)

func TestTheRunnerAndARebuildBothConvergeOnTheFold(t *testing.T) {
	t.Parallel()
	pool := pgtest.NewDatabase(t)
	h, states := randomLog(t, 40, 3)
	live := readmodeltest.CatchUpAndRebuild(t, pool, New(), 64, h.Events, func(schema string) []Account {
		return listAll(t, pool, schema, Filter{})
	})
	checkAgainst(t, live, states, h.Versions)
}

func checkAgainst(t *testing.T, got []Account, states map[string]accounts.State, versions map[string]int64) {
	t.Helper()
	if len(got) != len(states) {
		t.Fatalf("%d accounts, fold has %d", len(got), len(states))
	}
	for _, a := range got {
		s := states[a.AccountNumber]
		if string(s.Status) != a.Status || s.UserID != a.UserID || s.DefaultAccount != a.DefaultAccount ||
			versions[accounts.StreamID(a.AccountNumber)] != a.Version {
			t.Errorf("account %+v, fold says %+v", a, s)
		}
		if a.CreatedAt.IsZero() || a.LastModified.Before(a.CreatedAt) || a.CreatedAt.Location().String() != "UTC" {
			t.Errorf("account %s has times %v, %v", a.AccountNumber, a.CreatedAt, a.LastModified)
		}
	}
}
