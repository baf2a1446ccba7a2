package orderview

import (
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// queueDeletes queues one DELETE of every order deleted in the batch.
func (c changes) queueDeletes(b *pgx.Batch, table string) {
	var ids []string
	for _, r := range c {
		if r.deleted {
			ids = append(ids, r.id)
		}
	}
	if len(ids) > 0 {
		b.Queue(`DELETE FROM `+table+` WHERE order_id = ANY($1::text[])`, ids)
	}
}

// queueInserts queues one INSERT of every order created and not deleted in
// the batch. ON CONFLICT makes a replayed batch overwrite rather than fail,
// though the checkpoint already keeps batches from being applied twice.
func (c changes) queueInserts(b *pgx.Batch, table string) error {
	var (
		ids, customers, items []string
		created, updated      []time.Time
		versions              []int64
	)
	for _, r := range c {
		if !r.complete || r.deleted {
			continue
		}
		js, err := itemsJSON(r.items)
		if err != nil {
			return fmt.Errorf("encode items of order %s: %w", r.id, err)
		}
		ids, customers, items = append(ids, r.id), append(customers, r.customer), append(items, js)
		created, updated, versions = append(created, r.createdAt), append(updated, r.updatedAt), append(versions, r.version)
	}
	if len(ids) == 0 {
		return nil
	}
	b.Queue(`INSERT INTO `+table+` (order_id, customer, items, created_at, updated_at, version)
SELECT id, customer, items::jsonb, created_at, updated_at, version
FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[], $6::bigint[])
	AS u(id, customer, items, created_at, updated_at, version)
ON CONFLICT (order_id) DO UPDATE SET
	customer = excluded.customer, items = excluded.items, created_at = excluded.created_at,
	updated_at = excluded.updated_at, version = excluded.version`,
		ids, customers, items, created, updated, versions)
	return nil
}

// queueUpdates queues one UPDATE of every older order the batch changed
// and did not delete.
func (c changes) queueUpdates(b *pgx.Batch, table string) error {
	var (
		ids, customers, items []string
		updated               []time.Time
		versions              []int64
	)
	for _, r := range c {
		if r.complete || r.deleted {
			continue
		}
		js, err := itemsJSON(r.items)
		if err != nil {
			return fmt.Errorf("encode items of order %s: %w", r.id, err)
		}
		ids, customers, items = append(ids, r.id), append(customers, r.customer), append(items, js)
		updated, versions = append(updated, r.updatedAt), append(versions, r.version)
	}
	if len(ids) == 0 {
		return nil
	}
	b.Queue(`UPDATE `+table+` AS o
SET customer = u.customer, items = u.items::jsonb, updated_at = u.updated_at, version = u.version
FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::bigint[])
	AS u(id, customer, items, updated_at, version)
WHERE o.order_id = u.id`,
		ids, customers, items, updated, versions)
	return nil
}
