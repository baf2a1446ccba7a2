package accountview

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/eventfn/eventfn/shared/accounts"
	"github.com/eventfn/eventfn/shared/eventstore"
	"github.com/eventfn/eventfn/shared/readmodel"
)

// Name is the projection's name: its checkpoint and its live schema
// (projection.LiveSchema(Name)).
const Name = "accounts"

// Model is the accounts read model, a projection.ReadModel.
type Model struct{}

// New returns the accounts read model.
func New() *Model { return &Model{} }

// Name implements projection.ReadModel.
func (*Model) Name() string { return Name }

// EventTypes implements projection.ReadModel: every account event.
func (*Model) EventTypes() []string { return accounts.EventTypes() }

// CreateTables implements projection.ReadModel. Account numbers sort
// bytewise (COLLATE "C") so that keyset pages do not depend on the
// server's locale.
func (*Model) CreateTables(ctx context.Context, tx pgx.Tx, schema string) error {
	t := table(schema)
	_, err := tx.Exec(ctx, `
CREATE TABLE `+t+` (
	account_number  text COLLATE "C" PRIMARY KEY,
	user_id         bigint      NOT NULL,
	default_account boolean     NOT NULL,
	status          text        NOT NULL,
	created_at      timestamptz NOT NULL,
	last_modified   timestamptz NOT NULL,
	version         bigint      NOT NULL
);
CREATE INDEX accounts_by_user ON `+t+` (user_id, account_number);
CREATE INDEX accounts_by_status ON `+t+` (status, account_number);`)
	if err != nil {
		return fmt.Errorf("create accounts tables in %s: %w", schema, err)
	}
	return nil
}

func table(schema string) string { return pgx.Identifier{schema, "accounts"}.Sanitize() }

// Apply implements projection.ReadModel. It folds the batch into one change
// per account in memory, then writes all of them in one round trip: new
// accounts with one INSERT, changes to older accounts with one UPDATE.
func (*Model) Apply(ctx context.Context, tx pgx.Tx, schema string, events []eventstore.RecordedEvent) error {
	changes, err := fold(events)
	if err != nil {
		return err
	}
	batch := &pgx.Batch{}
	changes.queueInserts(batch, table(schema))
	changes.queueUpdates(batch, table(schema))
	if batch.Len() == 0 {
		return nil
	}
	if err := tx.SendBatch(ctx, batch).Close(); err != nil {
		return fmt.Errorf("apply %d account events: %w", len(events), err)
	}
	return nil
}

// row is the net effect of a batch on one account. A row whose Created
// event is in the batch is complete; otherwise only the status, the time
// and the version changed.
type row struct {
	number         string
	complete       bool
	userID         int64
	defaultAccount bool
	status         accounts.Status
	createdAt      time.Time
	lastModified   time.Time
	version        int64
}

// changes are the rows a batch touches, in the order first touched.
type changes []*row

func fold(events []eventstore.RecordedEvent) (changes, error) {
	return readmodel.Fold(events, accounts.DecodeEvent, newRow, (*row).apply)
}

func newRow(number string) *row { return &row{number: number} }

func (r *row) apply(ev accounts.Event, e eventstore.RecordedEvent) {
	if created, ok := ev.(accounts.Created); ok {
		r.complete, r.userID, r.defaultAccount = true, created.UserID, created.DefaultAccount
		r.createdAt = e.RecordedAt
	}
	// Every account event sets the status outright, so the status before
	// it, unknown here for an older account, does not matter.
	r.status = accounts.Evolve(accounts.State{}, ev).Status
	r.lastModified, r.version = e.RecordedAt, e.Version
}
