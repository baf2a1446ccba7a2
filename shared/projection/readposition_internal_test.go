package projection

import (
	"testing"

	"github.com/eventfn/eventfn/shared/eventstore"
)

func TestTheCheckpointMovesToTheHorizonOnlyWhenTheScanReachedTheEnd(t *testing.T) {
	from := eventstore.Position{TxID: 10, Pos: 5}
	applied := []eventstore.RecordedEvent{{TxID: 12, Position: 7}, {TxID: 15, Position: 9}}
	tests := []struct {
		name    string
		applied []eventstore.RecordedEvent
		horizon uint64
		atEnd   bool
		want    eventstore.Position
	}{
		{"full batch stays at the last event", applied, 40, false, eventstore.Position{TxID: 15, Pos: 9}},
		{"end of log moves past ignored events", applied, 40, true, eventstore.Position{TxID: 40}},
		{"nothing new moves to the horizon", nil, 40, true, eventstore.Position{TxID: 40}},
		{"a horizon below the last event never moves back", applied, 15, true, eventstore.Position{TxID: 15, Pos: 9}},
		{"a horizon below the checkpoint never moves back", nil, 9, true, from},
		{"a stall keeps the last applied event", applied[:1], 40, false, eventstore.Position{TxID: 12, Pos: 7}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := readPosition(from, tt.applied, tt.horizon, tt.atEnd); got != tt.want {
				t.Errorf("readPosition = %+v, want %+v", got, tt.want)
			}
		})
	}
}
