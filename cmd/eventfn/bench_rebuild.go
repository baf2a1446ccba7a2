package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/eventfn/eventfn/shared/accounts"
	"github.com/eventfn/eventfn/shared/accounts/accountview"
	"github.com/eventfn/eventfn/shared/eventstore"
	"github.com/eventfn/eventfn/shared/pgcluster"
	"github.com/eventfn/eventfn/shared/projection"
)

// rebuildTarget is the rebuild's minimum events/s as a fraction of the
// INSERT … SELECT baseline.
const rebuildTarget = 0.3

// benchRebuild measures `eventfn projections rebuild` over a log of -events
// events against a physical baseline measured in the same run, on the same
// database: one INSERT … SELECT copying every event into a plain table of
// the read model's shape. It runs in a database of its own, created and
// dropped on the server at -database-url (default DATABASE_URL), or on a
// throwaway cluster when there is none.
func benchRebuild(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("bench rebuild", flag.ContinueOnError)
	events := fs.Int("events", 1_000_000, "events in the log")
	url := fs.String("database-url", os.Getenv("DATABASE_URL"), "PostgreSQL server (default $DATABASE_URL, else a throwaway cluster)")
	batch := fs.Int("batch", projection.DefaultBatchSize, "events per rebuild transaction")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	if *events < 1 || *batch < 1 {
		return fmt.Errorf("%w: -events and -batch must be at least 1", errUsage)
	}
	return withBenchDatabase(ctx, *url, true, func(pool *pgxpool.Pool) error {
		return runRebuildBench(ctx, pool, accountsSubject(), *events, *batch)
	})
}

// rebuildSubject is a read model with what the bench needs around it: SQL
// that seeds the log with events it applies, and the INSERT … SELECT of
// the baseline.
type rebuildSubject struct {
	model projection.ReadModel
	table string // the model's main table, whose shape the baseline copies
	// seed inserts the events numbered $1 to $2 (inclusive, from 0) of a
	// log of $3 events straight into the log; seedArgs follow as $4….
	seed     string
	seedArgs []any
	// copyAll fills bench_baseline with one row per event.
	copyAll string
}

func runRebuildBench(ctx context.Context, pool *pgxpool.Pool, s rebuildSubject, events, batch int) error {
	if err := seedLog(ctx, pool, s.seed, events, append([]any{events}, s.seedArgs...)...); err != nil {
		return err
	}
	r, err := projection.NewRunner(pool, s.model, projection.Options{BatchSize: batch})
	if err != nil {
		return err
	}
	if err := r.Ensure(ctx); err != nil {
		return err
	}
	base, err := timeBaseline(ctx, pool, s)
	if err != nil {
		return err
	}
	bar := newProgressBar(os.Stderr)
	res, err := r.Rebuild(ctx, bar.update)
	bar.finish()
	if err != nil {
		return err
	}
	printRebuildBench(s.model.Name(), events, res, base)
	return nil
}

// seedLog appends events straight into the log in chunks, one transaction
// each, then vacuums so that what the bench measures reads a settled
// table. seed inserts the events numbered $1 to $2 (inclusive, from 0);
// args follow as $3….
func seedLog(ctx context.Context, pool *pgxpool.Pool, seed string, events int, args ...any) error {
	const chunk = 50_000
	start := time.Now()
	for from := 0; from < events; from += chunk {
		to := min(from+chunk, events) - 1
		if _, err := pool.Exec(ctx, seed, append([]any{from, to}, args...)...); err != nil {
			return fmt.Errorf("seed events %d-%d: %w", from, to, err)
		}
		fmt.Fprintf(os.Stderr, "\rseeding the log: %d/%d events", to+1, events)
	}
	fmt.Fprintf(os.Stderr, " in %s\n", time.Since(start).Round(time.Millisecond))
	_, err := pool.Exec(ctx, `VACUUM ANALYZE events`)
	return err
}

// timeBaseline copies every event into a plain table shaped like the read
// model's, twice, and returns the faster time: the ratio is then against
// the baseline at its best.
func timeBaseline(ctx context.Context, pool *pgxpool.Pool, s rebuildSubject) (time.Duration, error) {
	best := time.Duration(0)
	for range 2 {
		d, err := copyOnce(ctx, pool, s)
		if err != nil {
			return 0, fmt.Errorf("baseline: %w", err)
		}
		if best == 0 || d < best {
			best = d
		}
	}
	return best, nil
}

func copyOnce(ctx context.Context, pool *pgxpool.Pool, s rebuildSubject) (time.Duration, error) {
	like := pgx.Identifier{projection.LiveSchema(s.model.Name()), s.table}.Sanitize()
	_, err := pool.Exec(ctx, `DROP TABLE IF EXISTS bench_baseline; CREATE TABLE bench_baseline (LIKE `+like+` INCLUDING ALL)`)
	if err != nil {
		return 0, err
	}
	start := time.Now()
	if _, err := pool.Exec(ctx, s.copyAll); err != nil {
		return 0, err
	}
	d := time.Since(start)
	_, err = pool.Exec(ctx, `DROP TABLE bench_baseline`)
	return d, err
}

func printRebuildBench(name string, events int, res projection.RebuildResult, base time.Duration) {
	rebuildRate := perSecond(res.Events, res.Elapsed)
	baseRate := perSecond(int64(events), base)
	ratio := rebuildRate / baseRate
	verdict := "meets"
	if ratio < rebuildTarget {
		verdict = "BELOW"
	}
	fmt.Printf("rebuild %s over %d events\n", name, events)
	fmt.Printf("  baseline INSERT … SELECT   %8.3fs  %10.0f events/s\n", base.Seconds(), baseRate)
	fmt.Printf("  projection rebuild         %8.3fs  %10.0f events/s  (swap %s)\n",
		res.Elapsed.Seconds(), rebuildRate, res.Swap.Round(time.Millisecond))
	fmt.Printf("  ratio %.2fx — %s the %.1fx target\n", ratio, verdict, rebuildTarget)
}

// withBenchDatabase runs fn on a fresh, migrated database of its own, on
// the server at url or else on a throwaway cluster, and drops it
// afterwards. The throwaway cluster is durable unless ephemeral: every real
// deployment flushes its WAL at commit, and that is what bounds writers
// there; reads and rebuilds measure CPU, where ephemeral is fine.
func withBenchDatabase(ctx context.Context, url string, ephemeral bool, fn func(*pgxpool.Pool) error) error {
	if url == "" {
		dir, err := os.MkdirTemp("", "eventfn-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		c, err := pgcluster.Start(ctx, dir, pgcluster.Options{Ephemeral: ephemeral})
		if err != nil {
			return err
		}
		defer c.Stop()
		url = c.URL("postgres")
	}
	return onFreshDatabase(ctx, url, fn)
}

func onFreshDatabase(ctx context.Context, url string, fn func(*pgxpool.Pool) error) error {
	admin, err := eventstore.Connect(ctx, url)
	if err != nil {
		return err
	}
	defer admin.Close()
	name, err := benchDatabaseName()
	if err != nil {
		return err
	}
	id := pgx.Identifier{name}.Sanitize()
	if _, err := admin.Exec(ctx, `CREATE DATABASE `+id); err != nil {
		return fmt.Errorf("create bench database: %w", err)
	}
	defer admin.Exec(context.WithoutCancel(ctx), `DROP DATABASE `+id+` WITH (FORCE)`)
	pool, err := connectTo(ctx, url, name)
	if err != nil {
		return err
	}
	defer pool.Close()
	if err := eventstore.Migrate(ctx, pool); err != nil {
		return err
	}
	return fn(pool)
}

func connectTo(ctx context.Context, url, database string) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("%w: database url: %v", errUsage, err)
	}
	cfg.ConnConfig.Database = database
	return pgxpool.NewWithConfig(ctx, cfg)
}

func benchDatabaseName() (string, error) {
	b := make([]byte, 4)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return "eventfn_bench_" + hex.EncodeToString(b), nil
}

// accountsSubject rebuilds the accounts read model. A quarter of the events
// create accounts; then each account is confirmed, activated and suspended,
// all accounts' events of one kind in a row, so that a batch never folds an
// account's events into one row: every batch writes one row per event, as
// the baseline does.
func accountsSubject() rebuildSubject {
	return rebuildSubject{
		model: accountview.New(),
		table: "accounts",
		seed: `WITH n AS (SELECT ($3::bigint + 3) / 4 AS accounts)
			INSERT INTO events (stream, version, id, type, data)
			SELECT 'account-' || a, k + 1, gen_random_uuid(), (ARRAY[$4, $5, $6, $7]::text[])[k + 1],
			       CASE k WHEN 0 THEN jsonb_build_object('accountNumber', a::text, 'userId', a % 1000, 'defaultAccount', a % 2 = 0)
			              WHEN 3 THEN jsonb_build_object('accountNumber', a::text, 'reason', 'bench')
			              ELSE jsonb_build_object('accountNumber', a::text) END
			FROM n, generate_series($1::bigint, $2::bigint) g,
			     LATERAL (SELECT g % n.accounts AS a, g / n.accounts AS k) x`,
		seedArgs: []any{accounts.AccountCreated, accounts.AccountConfirmed, accounts.AccountActivated, accounts.AccountSuspended},
		copyAll: `INSERT INTO bench_baseline
			(account_number, user_id, default_account, status, created_at, last_modified, version)
			SELECT (data->>'accountNumber') || ':' || version, coalesce((data->>'userId')::bigint, 0),
			       coalesce((data->>'defaultAccount')::boolean, false), type, recorded_at, recorded_at, version
			FROM events`,
	}
}
