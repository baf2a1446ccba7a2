package readmodel

import (
	"github.com/eventfn/eventfn/shared/eventstore"
	"github.com/eventfn/eventfn/shared/projection"
)

// Fold folds a batch for a ReadModel's Apply into one change per aggregate,
// in the order first touched, so that the statements Apply sends are the
// same for the same batch. decode reads each event (the domain's
// DecodeEvent); an event it refuses is blamed with a projection.EventError,
// so that the runner holds it as poison rather than retrying the batch.
// fresh makes the change of an aggregate the first time it is touched, and
// apply folds one event into it.
func Fold[E interface{ AggregateID() string }, C any](
	events []eventstore.RecordedEvent,
	decode func(eventType string, data []byte) (E, error),
	fresh func(aggregateID string) *C,
	apply func(change *C, ev E, e eventstore.RecordedEvent),
) ([]*C, error) {
	var touched []*C
	index := make(map[string]*C)
	for _, e := range events {
		ev, err := decode(e.Type, e.Data)
		if err != nil {
			return nil, &projection.EventError{Event: e, Err: err}
		}
		c, ok := index[ev.AggregateID()]
		if !ok {
			c = fresh(ev.AggregateID())
			index[ev.AggregateID()] = c
			touched = append(touched, c)
		}
		apply(c, ev, e)
	}
	return touched, nil
}
