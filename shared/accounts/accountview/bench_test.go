package accountview

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/eventfn/eventfn/shared/pgtest"
	"github.com/eventfn/eventfn/shared/projection"
)

// benchEvents is the size of the log BenchmarkRebuild rebuilds from: big
// enough to dwarf per-transaction costs, small enough for a shared machine.
// `eventfn bench rebuild` runs the full 1,000,000-event figure.
const benchEvents = 200_000

// seedAccounts writes events $1..$2 straight into the log: 10,000 accounts
// interleaved, as a busy log would have them, so that each batch touches
// many accounts and most of it updates accounts of earlier batches.
const seedAccounts = `
INSERT INTO events (stream, version, id, type, data)
SELECT 'account-' || (g % 10000), g / 10000 + 1, gen_random_uuid(),
	CASE WHEN g < 10000 THEN 'accounts.account.created'
	     WHEN g < 20000 THEN 'accounts.account.confirmed'
	     WHEN (g / 10000) % 2 = 1 THEN 'accounts.account.suspended'
	     ELSE 'accounts.account.activated' END,
	CASE WHEN g < 10000 THEN jsonb_build_object('accountNumber', (g % 10000)::text,
	                                            'userId', g % 1000 + 1, 'defaultAccount', g % 2 = 0)
	     WHEN g >= 20000 AND (g / 10000) % 2 = 1 THEN jsonb_build_object('accountNumber', (g % 10000)::text, 'reason', 'audit')
	     ELSE jsonb_build_object('accountNumber', (g % 10000)::text) END
FROM generate_series($1::bigint, $2::bigint) g`

// copyAccounts is the physical baseline: one INSERT … SELECT of a row per
// event into a table shaped like the read model's.
const copyAccounts = `
INSERT INTO bench_baseline (account_number, user_id, default_account, status, created_at, last_modified, version)
SELECT stream || ':' || version, 1, false, type, recorded_at, recorded_at, version FROM events`

// BenchmarkRebuild rebuilds the accounts view from the log through the real
// runner and reports its rate against the INSERT … SELECT baseline:
//
//	go test -run XXX -bench Rebuild -benchtime 3x ./shared/accounts/accountview
func BenchmarkRebuild(b *testing.B) {
	ctx := context.Background()
	pool := pgtest.NewDatabase(b)
	for from := 0; from < benchEvents; from += 50_000 {
		if _, err := pool.Exec(ctx, seedAccounts, from, min(from+50_000, benchEvents)-1); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := pool.Exec(ctx, `VACUUM ANALYZE events`); err != nil {
		b.Fatal(err)
	}
	r, err := projection.NewRunner(pool, New(), projection.Options{})
	if err != nil {
		b.Fatal(err)
	}
	if err := r.Ensure(ctx); err != nil {
		b.Fatal(err)
	}
	base := baseline(b, pool)
	b.ResetTimer()
	start := time.Now()
	for b.Loop() {
		res, err := r.Rebuild(ctx, nil)
		if err != nil || res.Events != benchEvents {
			b.Fatalf("Rebuild = %+v, %v; want %d events", res, err, benchEvents)
		}
	}
	perRebuild := time.Since(start) / time.Duration(b.N)
	rate := float64(benchEvents) / perRebuild.Seconds()
	b.ReportMetric(rate, "events/s")
	b.ReportMetric(rate/(float64(benchEvents)/base.Seconds()), "x-baseline")
}

// baseline times the copy into a fresh table twice and keeps the faster.
func baseline(b *testing.B, pool *pgxpool.Pool) time.Duration {
	ctx := context.Background()
	like := projection.LiveSchema(Name) + ".accounts"
	best := time.Duration(0)
	for range 2 {
		if _, err := pool.Exec(ctx, `DROP TABLE IF EXISTS bench_baseline; CREATE TABLE bench_baseline (LIKE `+like+` INCLUDING ALL)`); err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		if _, err := pool.Exec(ctx, copyAccounts); err != nil {
			b.Fatal(err)
		}
		if d := time.Since(start); best == 0 || d < best {
			best = d
		}
	}
	return best
}
