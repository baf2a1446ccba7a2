package accountview

import (
	"time"

	"github.com/jackc/pgx/v5"
)

// queueInserts queues one INSERT of every account created in the batch.
// ON CONFLICT makes a replayed batch overwrite rather than fail, though the
// checkpoint already keeps batches from being applied twice.
func (c changes) queueInserts(b *pgx.Batch, table string) {
	var (
		numbers, statuses []string
		users, versions   []int64
		defaults          []bool
		created, modified []time.Time
	)
	for _, r := range c {
		if !r.complete {
			continue
		}
		numbers, users, defaults = append(numbers, r.number), append(users, r.userID), append(defaults, r.defaultAccount)
		statuses, versions = append(statuses, string(r.status)), append(versions, r.version)
		created, modified = append(created, r.createdAt), append(modified, r.lastModified)
	}
	if len(numbers) == 0 {
		return
	}
	b.Queue(`INSERT INTO `+table+` AS a
	(account_number, user_id, default_account, status, created_at, last_modified, version)
SELECT * FROM unnest($1::text[], $2::bigint[], $3::boolean[], $4::text[], $5::timestamptz[], $6::timestamptz[], $7::bigint[])
ON CONFLICT (account_number) DO UPDATE SET
	user_id = excluded.user_id, default_account = excluded.default_account, status = excluded.status,
	created_at = excluded.created_at, last_modified = excluded.last_modified, version = excluded.version`,
		numbers, users, defaults, statuses, created, modified, versions)
}

// queueUpdates queues one UPDATE of every older account the batch changed.
func (c changes) queueUpdates(b *pgx.Batch, table string) {
	var (
		numbers, statuses []string
		modified          []time.Time
		versions          []int64
	)
	for _, r := range c {
		if r.complete {
			continue
		}
		numbers, statuses = append(numbers, r.number), append(statuses, string(r.status))
		modified, versions = append(modified, r.lastModified), append(versions, r.version)
	}
	if len(numbers) == 0 {
		return
	}
	b.Queue(`UPDATE `+table+` AS a SET status = u.status, last_modified = u.last_modified, version = u.version
FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::bigint[]) AS u(account_number, status, last_modified, version)
WHERE a.account_number = u.account_number`,
		numbers, statuses, modified, versions)
}
