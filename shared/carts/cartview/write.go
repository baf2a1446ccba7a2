package cartview

import "github.com/jackc/pgx/v5"

// queueClears queues one DELETE of every line of the carts checked out in
// the batch.
func (c changes) queueClears(b *pgx.Batch, lines string) {
	var users []string
	for _, k := range c {
		if k.cleared {
			users = append(users, k.user)
		}
	}
	if len(users) > 0 {
		b.Queue(`DELETE FROM `+lines+` WHERE user_id = ANY($1::text[])`, users)
	}
}

// queueLineDeletes queues one DELETE of every line the batch removed.
func (c changes) queueLineDeletes(b *pgx.Batch, lines string) {
	users, skus, _ := c.lineRows(func(q int) bool { return q == 0 })
	if len(users) > 0 {
		b.Queue(`DELETE FROM `+lines+` AS l USING unnest($1::text[], $2::text[]) AS d(user_id, sku)
WHERE l.user_id = d.user_id AND l.sku = d.sku`, users, skus)
	}
}

// queueLineUpserts queues one upsert of every line the batch left in a
// cart.
func (c changes) queueLineUpserts(b *pgx.Batch, lines string) {
	users, skus, quantities := c.lineRows(func(q int) bool { return q > 0 })
	if len(users) > 0 {
		b.Queue(`INSERT INTO `+lines+` (user_id, sku, quantity)
SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[])
ON CONFLICT (user_id, sku) DO UPDATE SET quantity = excluded.quantity`, users, skus, quantities)
	}
}

// lineRows lists the lines touched in the batch whose quantity keep
// accepts, as columns.
func (c changes) lineRows(keep func(quantity int) bool) (users, skus []string, quantities []int64) {
	for _, k := range c {
		for _, sku := range k.skus {
			if q := k.lines[sku]; keep(q) {
				users, skus, quantities = append(users, k.user), append(skus, sku), append(quantities, int64(q))
			}
		}
	}
	return users, skus, quantities
}

// queueVersions queues one upsert of the version of every cart the batch
// touched.
func (c changes) queueVersions(b *pgx.Batch, table string) {
	users := make([]string, 0, len(c))
	versions := make([]int64, 0, len(c))
	for _, k := range c {
		users, versions = append(users, k.user), append(versions, k.version)
	}
	if len(users) > 0 {
		b.Queue(`INSERT INTO `+table+` (user_id, version)
SELECT * FROM unnest($1::text[], $2::bigint[])
ON CONFLICT (user_id) DO UPDATE SET version = excluded.version`, users, versions)
	}
}
