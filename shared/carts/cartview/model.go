package cartview

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/eventfn/eventfn/shared/carts"
	"github.com/eventfn/eventfn/shared/eventstore"
	"github.com/eventfn/eventfn/shared/readmodel"
)

// Name is the projection's name: its checkpoint and its live schema
// (projection.LiveSchema(Name)).
const Name = "carts"

// Model is the carts read model, a projection.ReadModel.
type Model struct{}

// New returns the carts read model.
func New() *Model { return &Model{} }

// Name implements projection.ReadModel.
func (*Model) Name() string { return Name }

// EventTypes implements projection.ReadModel: every cart event.
func (*Model) EventTypes() []string { return carts.EventTypes() }

// CreateTables implements projection.ReadModel: carts holds each cart's
// version, cart_lines its lines. Skus sort bytewise (COLLATE "C"), as the
// domain sorts them.
func (*Model) CreateTables(ctx context.Context, tx pgx.Tx, schema string) error {
	_, err := tx.Exec(ctx, `
CREATE TABLE `+cartsTable(schema)+` (
	user_id text COLLATE "C" PRIMARY KEY,
	version bigint NOT NULL
);
CREATE TABLE `+linesTable(schema)+` (
	user_id  text COLLATE "C" NOT NULL,
	sku      text COLLATE "C" NOT NULL,
	quantity bigint NOT NULL,
	PRIMARY KEY (user_id, sku)
);`)
	if err != nil {
		return fmt.Errorf("create carts tables in %s: %w", schema, err)
	}
	return nil
}

func cartsTable(schema string) string { return pgx.Identifier{schema, "carts"}.Sanitize() }
func linesTable(schema string) string { return pgx.Identifier{schema, "cart_lines"}.Sanitize() }

// Apply implements projection.ReadModel. It folds the batch into one change
// per cart in memory, then writes all of them in one round trip: lines of
// checked-out carts and removed lines are deleted, the remaining lines and
// every cart's version upserted, one statement each.
func (*Model) Apply(ctx context.Context, tx pgx.Tx, schema string, events []eventstore.RecordedEvent) error {
	c, err := fold(events)
	if err != nil {
		return err
	}
	batch := &pgx.Batch{}
	c.queueClears(batch, linesTable(schema))
	c.queueLineDeletes(batch, linesTable(schema))
	c.queueLineUpserts(batch, linesTable(schema))
	c.queueVersions(batch, cartsTable(schema))
	if batch.Len() == 0 {
		return nil
	}
	if err := tx.SendBatch(ctx, batch).Close(); err != nil {
		return fmt.Errorf("apply %d cart events: %w", len(events), err)
	}
	return nil
}

// cart is the net effect of a batch on one user's cart.
type cart struct {
	user string
	// cleared: the cart was checked out, so every line stored before the
	// batch goes; lines then holds only what was put in after.
	cleared bool
	// lines maps a sku touched in the batch to its quantity after it, 0
	// when the line was removed; skus lists them in the order touched.
	lines   map[string]int
	skus    []string
	version int64
}

func (c *cart) set(sku string, quantity int) {
	if _, ok := c.lines[sku]; !ok {
		c.skus = append(c.skus, sku)
	}
	c.lines[sku] = quantity
}

// changes are the carts a batch touches, in the order first touched.
type changes []*cart

func fold(events []eventstore.RecordedEvent) (changes, error) {
	return readmodel.Fold(events, carts.DecodeEvent, newCart, (*cart).apply)
}

func newCart(user string) *cart { return &cart{user: user, lines: make(map[string]int)} }

func (k *cart) apply(ev carts.Event, e eventstore.RecordedEvent) {
	switch ev := ev.(type) {
	case carts.Added:
		k.set(ev.SKU, ev.LineQuantity)
	case carts.Updated:
		k.set(ev.SKU, ev.Quantity)
	case carts.Removed:
		k.set(ev.SKU, 0)
	case carts.CheckedOut:
		k.cleared, k.lines, k.skus = true, make(map[string]int), nil
	}
	k.version = e.Version
}
