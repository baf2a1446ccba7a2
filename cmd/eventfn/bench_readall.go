package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/eventfn/eventfn/shared/eventstore"
)

// benchReadAll measures ReadAll, in commit-safe order from the start of a
// log of -events events in batches of -batch, against a plain keyset scan
// of a raw table holding the same rows in position order.
func benchReadAll(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("bench readall", flag.ContinueOnError)
	url := fs.String("database-url", os.Getenv("DATABASE_URL"), "PostgreSQL server (default $DATABASE_URL, else a throwaway cluster)")
	events := fs.Int("events", 1_000_000, "events in the log")
	batch := fs.Int("batch", 1000, "events per read")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	if *events < 1 || *batch < 1 || *batch > eventstore.MaxReadLimit {
		return fmt.Errorf("%w: -events must be at least 1, -batch within 1..%d", errUsage, eventstore.MaxReadLimit)
	}
	return withBenchDatabase(ctx, *url, true, func(pool *pgxpool.Pool) error {
		return runReadAllBench(ctx, pool, *events, *batch)
	})
}

// readAllSeed fills the log with events numbered $1 to $2 over 10,000
// streams, then copies them into the raw table.
const readAllSeed = `INSERT INTO events (stream, version, id, type, data, metadata)
	SELECT 'bench-' || (g % 10000), g / 10000 + 1, gen_random_uuid(), 'bench.thing.happened',
	       jsonb_build_object('accountNumber', g::text, 'userId', g % 977, 'defaultAccount', true),
	       jsonb_build_object('source', '/bench', 'correlation', g::text)
	FROM generate_series($1::bigint, $2::bigint) g`

const rawCopy = `INSERT INTO bench_raw (position, stream, version, id, type, data, metadata, recorded_at)
	SELECT position, stream, version, id, type, data, metadata, recorded_at FROM events ORDER BY position`

func runReadAllBench(ctx context.Context, pool *pgxpool.Pool, events, batch int) error {
	if err := seedLog(ctx, pool, readAllSeed, events); err != nil {
		return err
	}
	for _, sql := range []string{rawTable, rawCopy, `VACUUM ANALYZE bench_raw`} {
		if _, err := pool.Exec(ctx, sql); err != nil {
			return fmt.Errorf("seed baseline: %w", err)
		}
	}
	printSettings(ctx, pool, fmt.Sprintf("readall over %d events, batches of %d", events, batch))
	store := eventstore.New(pool)
	var base, safe time.Duration
	// Alternate and keep each one's best, so both see a warm cache.
	for range 3 {
		b, err := timeScan(ctx, events, func() (int, error) { return keysetScan(ctx, pool, batch) })
		if err != nil {
			return fmt.Errorf("keyset scan: %w", err)
		}
		s, err := timeScan(ctx, events, func() (int, error) { return commitSafeScan(ctx, store, batch) })
		if err != nil {
			return fmt.Errorf("read all: %w", err)
		}
		base, safe = best(base, b), best(safe, s)
	}
	printReadAll(events, base, safe)
	return nil
}

func best(a, b time.Duration) time.Duration {
	if a == 0 || b < a {
		return b
	}
	return a
}

func timeScan(ctx context.Context, want int, scan func() (int, error)) (time.Duration, error) {
	start := time.Now()
	n, err := scan()
	if err != nil {
		return 0, err
	}
	if n != want {
		return 0, fmt.Errorf("read %d rows, want %d", n, want)
	}
	return time.Since(start), nil
}

// keysetScan is the baseline: the raw table in position order, all
// columns, each batch starting after the last position of the one before.
func keysetScan(ctx context.Context, pool *pgxpool.Pool, batch int) (int, error) {
	var after int64
	total := 0
	for {
		rows, err := pool.Query(ctx, `SELECT position, stream, version, id, type, data, metadata, recorded_at
			FROM bench_raw WHERE position > $1 ORDER BY position LIMIT $2`, after, batch)
		if err != nil {
			return total, err
		}
		got, err := pgx.CollectRows(rows, scanRaw)
		if err != nil || len(got) == 0 {
			return total, err
		}
		total += len(got)
		after = got[len(got)-1].Position
	}
}

func scanRaw(row pgx.CollectableRow) (eventstore.RecordedEvent, error) {
	var e eventstore.RecordedEvent
	var id [16]byte
	var meta []byte
	err := row.Scan(&e.Position, &e.Stream, &e.Version, &id, &e.Type, &e.Data, &meta, &e.RecordedAt)
	return e, err
}

func commitSafeScan(ctx context.Context, store *eventstore.Store, batch int) (int, error) {
	var after eventstore.Position
	total := 0
	for {
		got, err := store.ReadAll(ctx, after, batch, eventstore.Filter{})
		if err != nil || len(got) == 0 {
			return total, err
		}
		total += len(got)
		after = got[len(got)-1].Checkpoint()
	}
}

func printReadAll(events int, base, safe time.Duration) {
	baseRate, safeRate := perSecond(int64(events), base), perSecond(int64(events), safe)
	fmt.Printf("  keyset scan of the raw table  %8.3fs  %10.0f events/s\n", base.Seconds(), baseRate)
	fmt.Printf("  commit-safe ReadAll           %8.3fs  %10.0f events/s\n", safe.Seconds(), safeRate)
	fmt.Print(verdictLine("commit-safe readall", safeRate/baseRate, readAllTarget))
}
