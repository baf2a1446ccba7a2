package projection

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/eventfn/eventfn/shared/eventstore"
)

// ReadModel is a read model a Runner keeps up to date from the log.
//
// A read model lives in its own PostgreSQL schema, so that a rebuild can
// fill a shadow schema while queries keep reading the live one, then swap
// the two in one transaction. Every SQL statement a ReadModel runs therefore
// names its tables through the schema it is given
// (pgx.Identifier{schema, "accounts"}.Sanitize()).
type ReadModel interface {
	// Name identifies the projection: its checkpoint row and its live
	// schema (LiveSchema(Name())).
	Name() string
	// EventTypes lists the event types Apply cares about; the runner reads
	// only those from the log.
	EventTypes() []string
	// CreateTables creates the model's tables and indexes in schema, which
	// exists and is empty. It runs inside the runner's transaction.
	// A rebuild builds the indexes that are neither unique nor behind a
	// constraint only after its bulk load, so Apply must find the rows it
	// changes through unique keys, as an upsert does anyway.
	CreateTables(ctx context.Context, tx pgx.Tx, schema string) error
	// Apply applies a batch of events, in commit-safe order, inside the
	// transaction that also moves the checkpoint. It must be deterministic:
	// applying the log from the start must always give the same tables.
	// An error that names one event (an *EventError) marks that event as
	// poison; any other error aborts the batch, which is retried later.
	Apply(ctx context.Context, tx pgx.Tx, schema string, events []eventstore.RecordedEvent) error
}

// LiveSchema is the PostgreSQL schema that queries read for the read model
// called name.
func LiveSchema(name string) string { return "rm_" + name }

// EventError blames one event for a failed Apply.
type EventError struct {
	Event eventstore.RecordedEvent
	Err   error
}

func (e *EventError) Error() string {
	return "apply " + e.Event.Type + " " + e.Event.ID + ": " + e.Err.Error()
}

func (e *EventError) Unwrap() error { return e.Err }
