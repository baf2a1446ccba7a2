package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/uuid"

	"github.com/eventfn/eventfn/shared/cloudevent"
	"github.com/eventfn/eventfn/shared/devstack"
	"github.com/eventfn/eventfn/shared/functest"
)

// benchE2E measures, on a whole `eventfn dev` stack, how long a write takes
// to become visible through its query function: the time from a command's
// 200 to the 200 of a query that carries its consistency token (which the
// query function answers as soon as the projector has applied the write).
// The command's own round trip, measured in the same run, is the baseline.
func benchE2E(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("bench e2e", flag.ContinueOnError)
	rates := fs.String("rates", "100,500", "open-loop command rates (commands/s)")
	duration := fs.Duration("duration", 10*time.Second, "how long each rate runs")
	workers := fs.Int("workers", 32, "concurrent clients for the saturation run")
	warmup := fs.Duration("warmup", 3*time.Second, "unmeasured writes at the first rate, to fill pools and caches")
	url := fs.String("database-url", os.Getenv("DATABASE_URL"), "a dedicated PostgreSQL database (default: a throwaway local cluster)")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	rs, err := positiveInts(*rates)
	if err != nil || *duration <= 0 || *workers < 1 {
		return fmt.Errorf("%w: bench e2e wants positive rates, duration and workers", errUsage)
	}
	return withStack(ctx, *url, func(urls map[string]string) error {
		fmt.Printf("bench e2e: command 200 → effect visible through accounts-query, %s per rate\n", *duration)
		openLoop(ctx, urls, rs[0], *warmup)
		for _, r := range rs {
			if err := openLoop(ctx, urls, r, *duration).print(fmt.Sprintf("%d commands/s", r)); err != nil {
				return err
			}
		}
		return saturate(ctx, urls, *workers, *duration)
	})
}

// withStack runs fn on a stack of its own, on free ports.
func withStack(ctx context.Context, url string, fn func(urls map[string]string) error) error {
	dir, err := devstack.TempDataDir("eventfn-bench-e2e-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	port, err := devstack.FreePort()
	if err != nil {
		return err
	}
	quiet := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	slog.SetDefault(quiet)
	s, err := devstack.Start(ctx, devstack.Config{DataDir: dir, DatabaseURL: url, Port: port, Logger: quiet})
	if err != nil {
		return err
	}
	defer func() {
		stopCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
		defer cancel()
		_ = s.Close(stopCtx)
	}()
	urls := map[string]string{}
	for _, f := range s.Functions() {
		urls[f.Name] = f.URL
	}
	return fn(urls)
}

// sample is one write: its command round trip and the wait until visible.
type sample struct {
	command, visible time.Duration
}

type results struct {
	samples []sample
	failed  int64
	elapsed time.Duration
}

// openLoop starts rate writes per second for d, each independent of how
// fast earlier ones finished, so queueing shows up in the latencies.
func openLoop(ctx context.Context, urls map[string]string, rate int, d time.Duration) results {
	var (
		mu  sync.Mutex
		res results
		wg  sync.WaitGroup
	)
	tick := time.NewTicker(time.Second / time.Duration(rate))
	defer tick.Stop()
	start := time.Now()
	for time.Since(start) < d && ctx.Err() == nil {
		<-tick.C
		wg.Go(func() {
			s, err := write(ctx, urls)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				res.failed++
				return
			}
			res.samples = append(res.samples, s)
		})
	}
	wg.Wait()
	res.elapsed = time.Since(start)
	return res
}

// write creates an account, then reads it back with the reply's token.
func write(ctx context.Context, urls map[string]string) (sample, error) {
	number := uuid.NewString()
	begin := time.Now()
	res, err := functest.Deliver(ctx, urls["accounts-command"], functest.Event("accounts.account.create",
		map[string]any{"accountNumber": number, "userId": 1, "defaultAccount": false}))
	if err != nil || res.Status != http.StatusOK {
		return sample{}, fmt.Errorf("command: %v (status %d)", err, res.Status)
	}
	acked := time.Now()
	var data cloudevent.AcceptedData
	if err := decode(res, &data); err != nil {
		return sample{}, err
	}
	q := functest.Event("accounts.account.get", map[string]any{"accountNumber": number})
	q.SetExtension(cloudevent.ExtConsistencyToken, data.Token)
	res, err = functest.Deliver(ctx, urls["accounts-query"], q)
	if err != nil || res.Status != http.StatusOK {
		return sample{}, fmt.Errorf("query: %v (status %d)", err, res.Status)
	}
	return sample{command: acked.Sub(begin), visible: time.Since(acked)}, nil
}

func decode(res functest.Response, v any) error {
	if res.Event == nil {
		return errors.New("no reply event")
	}
	return res.Event.DataAs(v)
}

func (r results) print(label string) error {
	if len(r.samples) == 0 {
		return fmt.Errorf("%s: no write succeeded (%d failed)", label, r.failed)
	}
	cmd, vis := make([]time.Duration, len(r.samples)), make([]time.Duration, len(r.samples))
	for i, s := range r.samples {
		cmd[i], vis[i] = s.command, s.visible
	}
	fmt.Printf("  %-16s %5d writes (%d failed)  visible p50 %6s p99 %6s   baseline command p50 %6s p99 %6s   p99 ratio %.2fx\n",
		label, len(r.samples), r.failed, pct(vis, 50), pct(vis, 99), pct(cmd, 50), pct(cmd, 99),
		float64(pct(vis, 99))/float64(pct(cmd, 99)))
	return nil
}

func pct(ds []time.Duration, p int) time.Duration {
	slices.Sort(ds)
	i := (len(ds) - 1) * p / 100
	return ds[i].Round(100 * time.Microsecond)
}

// saturate runs workers clients sending commands back to back and reports
// the accepted commands per second.
func saturate(ctx context.Context, urls map[string]string, workers int, d time.Duration) error {
	var done, failed atomic.Int64
	var wg sync.WaitGroup
	stop := time.Now().Add(d)
	for range workers {
		wg.Go(func() {
			for time.Now().Before(stop) && ctx.Err() == nil {
				res, err := functest.Deliver(ctx, urls["accounts-command"], functest.Event("accounts.account.create",
					map[string]any{"accountNumber": uuid.NewString(), "userId": 1, "defaultAccount": false}))
				if err != nil || res.Status != http.StatusOK {
					failed.Add(1)
					continue
				}
				done.Add(1)
			}
		})
	}
	wg.Wait()
	fmt.Printf("  saturation       %d clients: %.0f commands/s accepted (%d failed)\n", workers, float64(done.Load())/d.Seconds(), failed.Load())
	return nil
}
