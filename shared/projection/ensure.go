package projection

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Ensure creates the read model's live schema, its tables and its
// checkpoint when they are absent. It is idempotent and safe to call from
// every replica at once; projectors call it at Start and `eventfn migrate`
// calls it through EnsureAll.
//
// A schema without a checkpoint, or a checkpoint without a schema, cannot
// be trusted, so either case starts the model afresh from the log's start.
func (r *Runner) Ensure(ctx context.Context) error {
	return pgx.BeginFunc(ctx, r.pool, func(tx pgx.Tx) error {
		if err := lockProjection(ctx, tx, r.Name()); err != nil {
			return err
		}
		fresh, err := needsFreshStart(ctx, tx, r.Name())
		if err != nil || !fresh {
			return err
		}
		if err := createSchema(ctx, tx, r.model, LiveSchema(r.Name())); err != nil {
			return err
		}
		return resetCheckpoint(ctx, tx, r.Name())
	})
}

// EnsureAll runs Ensure for each model, in order.
func EnsureAll(ctx context.Context, pool *pgxpool.Pool, models ...ReadModel) error {
	for _, m := range models {
		r, err := NewRunner(pool, m, Options{})
		if err != nil {
			return err
		}
		if err := r.Ensure(ctx); err != nil {
			return fmt.Errorf("ensure projection %s: %w", m.Name(), err)
		}
	}
	return nil
}

// lockProjection serialises schema changes of one projection (Ensure,
// rebuild setup) for the rest of tx.
func lockProjection(ctx context.Context, tx pgx.Tx, name string) error {
	_, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, "eventfn.projection."+name)
	if err != nil {
		return unavailable("lock projection "+name, err)
	}
	return nil
}

func needsFreshStart(ctx context.Context, tx pgx.Tx, name string) (bool, error) {
	const sql = `SELECT NOT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $2)
	                 OR NOT EXISTS (SELECT 1 FROM checkpoints WHERE name = $1)`
	var fresh bool
	if err := tx.QueryRow(ctx, sql, name, LiveSchema(name)).Scan(&fresh); err != nil {
		return false, unavailable("inspect projection "+name, err)
	}
	return fresh, nil
}

// createSchema (re)creates schema empty and lets the model create its
// tables in it.
func createSchema(ctx context.Context, tx pgx.Tx, m ReadModel, schema string) error {
	id := pgx.Identifier{schema}.Sanitize()
	if _, err := tx.Exec(ctx, `DROP SCHEMA IF EXISTS `+id+` CASCADE; CREATE SCHEMA `+id); err != nil {
		return unavailable("create schema "+schema, err)
	}
	if err := m.CreateTables(ctx, tx, schema); err != nil {
		return fmt.Errorf("create tables of %s in %s: %w", m.Name(), schema, err)
	}
	return nil
}

// resetCheckpoint puts name's checkpoint at the start of the log.
func resetCheckpoint(ctx context.Context, tx pgx.Tx, name string) error {
	const sql = `
WITH reset AS (
    INSERT INTO checkpoints (name, tx_id, position, updated_at) VALUES ($1, '0', 0, now())
    ON CONFLICT (name) DO UPDATE SET tx_id = '0', position = 0, updated_at = now()
), resolved AS (
    UPDATE projection_failures SET resolved_at = now(), resolution = $2
    WHERE name = $1 AND resolved_at IS NULL
)
SELECT pg_notify($3, $1)`
	if _, err := tx.Exec(ctx, sql, name, resolvedRebuilt, NotifyChannel); err != nil {
		return unavailable("reset checkpoint "+name, err)
	}
	return nil
}
