package projection

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// A rebuild fills an empty shadow schema with every row at once, where
// building a plain index from the finished table is several times cheaper
// than maintaining it row by row. So the indexes that only serve queries
// (neither unique nor backing a constraint: Apply's upserts and key lookups
// never need them) are dropped after CreateTables and built again before
// the swap, and the tables are analysed so that the first queries after
// the swap get sound plans.

// deferredIndex is an index dropped for the bulk load: its name and the
// statement that creates it again.
type deferredIndex struct {
	name, def string
}

// dropQueryIndexes drops schema's query-only indexes and returns them.
func dropQueryIndexes(ctx context.Context, tx pgx.Tx, schema string) ([]deferredIndex, error) {
	const sql = `
SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
FROM pg_index i
JOIN pg_class t ON t.oid = i.indrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
WHERE n.nspname = $1 AND NOT i.indisunique AND NOT i.indisprimary
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
ORDER BY 1`
	rows, _ := tx.Query(ctx, sql, schema)
	indexes, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (deferredIndex, error) {
		var ix deferredIndex
		return ix, row.Scan(&ix.name, &ix.def)
	})
	if err != nil {
		return nil, unavailable("list indexes of "+schema, err)
	}
	for _, ix := range indexes {
		if _, err := tx.Exec(ctx, `DROP INDEX `+ix.name); err != nil {
			return nil, unavailable("drop index "+ix.name+" for the bulk load", err)
		}
	}
	return indexes, nil
}

// restoreIndexes builds the dropped indexes again and analyses schema's
// tables.
func restoreIndexes(ctx context.Context, q pgxExecer, schema string, indexes []deferredIndex) error {
	for _, ix := range indexes {
		if _, err := q.Exec(ctx, ix.def); err != nil {
			return fmt.Errorf("build index %s after the bulk load: %w", ix.name, err)
		}
	}
	rows, _ := q.Query(ctx, `SELECT format('%I.%I', schemaname, tablename) FROM pg_tables WHERE schemaname = $1`, schema)
	tables, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return unavailable("list tables of "+schema, err)
	}
	for _, t := range tables {
		if _, err := q.Exec(ctx, `ANALYZE `+t); err != nil {
			return unavailable("analyze "+t, err)
		}
	}
	return nil
}

// pgxExecer is a connection or a transaction.
type pgxExecer interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}
