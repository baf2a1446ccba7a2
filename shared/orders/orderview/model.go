package orderview

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/eventfn/eventfn/shared/eventstore"
	"github.com/eventfn/eventfn/shared/orders"
	"github.com/eventfn/eventfn/shared/readmodel"
)

// Name is the projection's name: its checkpoint and its live schema
// (projection.LiveSchema(Name)).
const Name = "orders"

// Model is the orders read model, a projection.ReadModel.
type Model struct{}

// New returns the orders read model.
func New() *Model { return &Model{} }

// Name implements projection.ReadModel.
func (*Model) Name() string { return Name }

// EventTypes implements projection.ReadModel: every order event.
func (*Model) EventTypes() []string { return orders.EventTypes() }

// CreateTables implements projection.ReadModel. Order ids sort bytewise
// (COLLATE "C") so that keyset pages do not depend on the server's locale.
func (*Model) CreateTables(ctx context.Context, tx pgx.Tx, schema string) error {
	t := table(schema)
	_, err := tx.Exec(ctx, `
CREATE TABLE `+t+` (
	order_id   text COLLATE "C" PRIMARY KEY,
	customer   text        NOT NULL,
	items      jsonb       NOT NULL,
	created_at timestamptz NOT NULL,
	updated_at timestamptz NOT NULL,
	version    bigint      NOT NULL
);
CREATE INDEX orders_by_customer ON `+t+` (customer, order_id);`)
	if err != nil {
		return fmt.Errorf("create orders tables in %s: %w", schema, err)
	}
	return nil
}

func table(schema string) string { return pgx.Identifier{schema, "orders"}.Sanitize() }

// Apply implements projection.ReadModel. It folds the batch into one change
// per order in memory, then writes all of them in one round trip: one
// DELETE of deleted orders, one INSERT of new orders, one UPDATE of older
// orders that changed.
func (*Model) Apply(ctx context.Context, tx pgx.Tx, schema string, events []eventstore.RecordedEvent) error {
	c, err := fold(events)
	if err != nil {
		return err
	}
	batch := &pgx.Batch{}
	c.queueDeletes(batch, table(schema))
	if err := c.queueInserts(batch, table(schema)); err != nil {
		return err
	}
	if err := c.queueUpdates(batch, table(schema)); err != nil {
		return err
	}
	if batch.Len() == 0 {
		return nil
	}
	if err := tx.SendBatch(ctx, batch).Close(); err != nil {
		return fmt.Errorf("apply %d order events: %w", len(events), err)
	}
	return nil
}

// row is the net effect of a batch on one order. A row whose Created event
// is in the batch is complete; otherwise its creation time is unknown here
// and kept from the table. Since every created and updated event carries
// the full customer and items, those are always known.
type row struct {
	id        string
	complete  bool
	deleted   bool
	customer  string
	items     []orders.Item
	createdAt time.Time
	updatedAt time.Time
	version   int64
}

// changes are the rows a batch touches, in the order first touched.
type changes []*row

func fold(events []eventstore.RecordedEvent) (changes, error) {
	return readmodel.Fold(events, orders.DecodeEvent, newRow, (*row).apply)
}

func newRow(id string) *row { return &row{id: id} }

func (r *row) apply(ev orders.Event, e eventstore.RecordedEvent) {
	switch ev := ev.(type) {
	case orders.Created:
		r.complete, r.createdAt = true, e.RecordedAt
		r.customer, r.items = ev.Customer, ev.Items
	case orders.Updated:
		r.customer, r.items = ev.Customer, ev.Items
	case orders.Deleted:
		r.deleted = true
	}
	r.updatedAt, r.version = e.RecordedAt, e.Version
}

// itemsJSON is the jsonb text of an order's items; never null, so that a
// reader always gets a list.
func itemsJSON(items []orders.Item) (string, error) {
	if items == nil {
		items = []orders.Item{}
	}
	data, err := json.Marshal(items)
	return string(data), err
}
