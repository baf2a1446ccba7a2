package orderview

import (
	"testing"

	"github.com/eventfn/eventfn/shared/pgtest"
	"github.com/eventfn/eventfn/shared/readmodel/readmodeltest"
)

func TestTheRunnerAndARebuildBothConvergeOnTheFold(t *testing.T) {
	t.Parallel()
	pool := pgtest.NewDatabase(t)
	h, states := randomLog(t, 40, 3)
	live := readmodeltest.CatchUpAndRebuild(t, pool, New(), 64, h.Events, func(schema string) []Order {
		return listAll(t, pool, schema, Filter{})
	})
	checkFold(t, live, states)
	for _, o := range live {
		if o.Version != h.Versions["order-"+o.OrderID] || o.UpdatedAt.Before(o.CreatedAt) {
			t.Errorf("order %s: version %d, times %v %v", o.OrderID, o.Version, o.CreatedAt, o.UpdatedAt)
		}
	}
}
