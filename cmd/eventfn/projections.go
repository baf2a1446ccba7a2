package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/eventfn/eventfn/shared/accounts/accountview"
	"github.com/eventfn/eventfn/shared/carts/cartview"
	"github.com/eventfn/eventfn/shared/eventstore"
	"github.com/eventfn/eventfn/shared/failure"
	"github.com/eventfn/eventfn/shared/orders/orderview"
	"github.com/eventfn/eventfn/shared/projection"
)

const projectionsUsage = "eventfn projections <status | catchup <name> | rebuild <name> | skip <name>> [-database-url URL]"

// runProjections inspects and operates the read models' projections:
// status (checkpoints, lag, stalls, commit-safe horizon), rebuild (afresh
// from the log, then swapped in while queries keep answering) and skip
// (move a stalled projection past its poison event).
func runProjections(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: %s", errUsage, projectionsUsage)
	}
	switch args[0] {
	case "status":
		return projectionsStatus(ctx, args[1:])
	case "rebuild":
		return projectionsRebuild(ctx, args[1:])
	case "skip":
		return projectionsSkip(ctx, args[1:])
	case "catchup":
		return projectionsCatchUp(ctx, args[1:])
	}
	return fmt.Errorf("%w: unknown projections command %q: %s", errUsage, args[0], projectionsUsage)
}

// projectionsArgs are the parsed flags and operands of a projections
// subcommand.
type projectionsArgs struct {
	url   string
	batch int
	names []string
}

func parseProjectionsArgs(cmd string, args []string, names int) (projectionsArgs, error) {
	var a projectionsArgs
	fs := flag.NewFlagSet("projections "+cmd, flag.ContinueOnError)
	fs.StringVar(&a.url, "database-url", databaseURL(), "PostgreSQL URL (default $DATABASE_URL)")
	fs.IntVar(&a.batch, "batch", projection.DefaultBatchSize, "events per transaction")
	if err := fs.Parse(args); err != nil {
		return a, fmt.Errorf("%w: %v", errUsage, err)
	}
	a.names = fs.Args()
	if len(a.names) != names {
		return a, fmt.Errorf("%w: %s", errUsage, projectionsUsage)
	}
	if a.url == "" {
		return a, fmt.Errorf("%w: set DATABASE_URL or -database-url", errUsage)
	}
	return a, nil
}

// readModels lists the read models the projections commands know.
func readModels() []projection.ReadModel {
	return []projection.ReadModel{accountview.New(), orderview.New(), cartview.New()}
}

func findReadModel(name string) (projection.ReadModel, error) {
	var known []string
	for _, m := range readModels() {
		if m.Name() == name {
			return m, nil
		}
		known = append(known, m.Name())
	}
	return nil, fmt.Errorf("%w: no projection %q (have %s)", errUsage, name, strings.Join(known, ", "))
}

// runnerFor connects and returns the runner of the named projection; the
// caller closes the pool.
func runnerFor(ctx context.Context, a projectionsArgs) (*projection.Runner, *pgxpool.Pool, error) {
	m, err := findReadModel(a.names[0])
	if err != nil {
		return nil, nil, err
	}
	pool, err := eventstore.Connect(ctx, a.url)
	if err != nil {
		return nil, nil, err
	}
	r, err := projection.NewRunner(pool, m, projection.Options{BatchSize: a.batch})
	if err != nil {
		pool.Close()
		return nil, nil, err
	}
	return r, pool, nil
}

func projectionsStatus(ctx context.Context, args []string) error {
	a, err := parseProjectionsArgs("status", args, 0)
	if err != nil {
		return err
	}
	pool, err := eventstore.Connect(ctx, a.url)
	if err != nil {
		return err
	}
	defer pool.Close()
	if err := printStatuses(ctx, os.Stdout, pool); err != nil {
		return err
	}
	h, err := eventstore.New(pool).Horizon(ctx)
	if err != nil {
		return err
	}
	printHorizon(os.Stdout, h)
	return nil
}

func printStatuses(ctx context.Context, w io.Writer, pool *pgxpool.Pool) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "PROJECTION\tCHECKPOINT\tMOVED\tBEHIND\tLAG\tSTATE")
	for _, m := range readModels() {
		s, err := projection.ReadStatus(ctx, pool, m)
		if errors.Is(err, failure.ErrNotFound) {
			fmt.Fprintf(tw, "%s\t-\t-\t-\t-\tnot created yet: its projector creates it at start\n", m.Name())
			continue
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\n", s.Name, s.Checkpoint.Token(),
			s.UpdatedAt.UTC().Format(time.RFC3339), s.Behind, s.Lag.Round(time.Millisecond), stateOf(s))
	}
	return tw.Flush()
}

func stateOf(s projection.Status) string {
	f := s.Stalled
	if f == nil {
		return "ok"
	}
	return fmt.Sprintf("STALLED at %s on %s %s (%d attempts since %s): %s", f.Position.Token(), f.EventType,
		f.EventID, f.Attempts, f.FirstSeen.UTC().Format(time.RFC3339), f.Error)
}

func projectionsSkip(ctx context.Context, args []string) error {
	a, err := parseProjectionsArgs("skip", args, 1)
	if err != nil {
		return err
	}
	r, pool, err := runnerFor(ctx, a)
	if err != nil {
		return err
	}
	defer pool.Close()
	f, err := r.Skip(ctx)
	if err != nil {
		return err
	}
	fmt.Printf("%s: skipped %s %s at %s (%s)\n", r.Name(), f.EventType, f.EventID, f.Position.Token(), f.Error)
	return nil
}

// projectionsCatchUp runs one catch-up, as a projector does on a wake-up.
func projectionsCatchUp(ctx context.Context, args []string) error {
	a, err := parseProjectionsArgs("catchup", args, 1)
	if err != nil {
		return err
	}
	r, pool, err := runnerFor(ctx, a)
	if err != nil {
		return err
	}
	defer pool.Close()
	if err := r.Ensure(ctx); err != nil {
		return err
	}
	p, err := r.CatchUp(ctx)
	if err != nil {
		return err
	}
	state := "caught up"
	switch {
	case p.Busy:
		state = "another runner holds the checkpoint"
	case p.Stalled != nil:
		state = stateOf(projection.Status{Stalled: p.Stalled})
	}
	fmt.Printf("%s: applied %d events, checkpoint %s, %s\n", r.Name(), p.Applied, p.Checkpoint.Token(), state)
	return nil
}

func projectionsRebuild(ctx context.Context, args []string) error {
	a, err := parseProjectionsArgs("rebuild", args, 1)
	if err != nil {
		return err
	}
	r, pool, err := runnerFor(ctx, a)
	if err != nil {
		return err
	}
	defer pool.Close()
	bar := newProgressBar(os.Stderr)
	res, err := r.Rebuild(ctx, bar.update)
	bar.finish()
	if err != nil {
		return err
	}
	fmt.Printf("%s: rebuilt from %d events in %s (%.0f events/s), swapped in %s, checkpoint %s\n", r.Name(),
		res.Events, res.Elapsed.Round(time.Millisecond), perSecond(res.Events, res.Elapsed),
		res.Swap.Round(time.Millisecond), res.Checkpoint.Token())
	return nil
}

func perSecond(n int64, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return float64(n) / d.Seconds()
}

// progressBar redraws one line in place (\r) as a rebuild advances, at most
// every redrawEvery so that a fast rebuild does not spend its time drawing.
type progressBar struct {
	w     io.Writer
	now   func() time.Time
	last  time.Time
	width int // of the longest line drawn, to blank leftovers
}

const redrawEvery = 100 * time.Millisecond

func newProgressBar(w io.Writer) *progressBar { return &progressBar{w: w, now: time.Now} }

func (b *progressBar) update(p projection.RebuildProgress) {
	now := b.now()
	if now.Sub(b.last) < redrawEvery && p.Done < p.Total {
		return
	}
	b.last = now
	line := renderProgress(p)
	pad := max(b.width-len(line), 0)
	b.width = max(b.width, len(line))
	fmt.Fprintf(b.w, "\r%s%s", line, strings.Repeat(" ", pad))
}

// finish ends the bar's line, if it drew one.
func (b *progressBar) finish() {
	if b.width > 0 {
		fmt.Fprintln(b.w)
	}
}

// renderProgress draws p as "[####------]  40% 400/1000 events  2000 ev/s  ETA 0s".
func renderProgress(p projection.RebuildProgress) string {
	const cells = 30
	frac := 1.0
	if p.Total > 0 {
		frac = float64(p.Done) / float64(p.Total)
	}
	filled := int(frac * cells)
	rate := perSecond(p.Done, p.Elapsed)
	eta := "?"
	if rate > 0 {
		eta = time.Duration(float64(p.Total-p.Done) / rate * float64(time.Second)).Round(time.Second).String()
	}
	return fmt.Sprintf("[%s%s] %3.0f%% %d/%d events  %.0f ev/s  ETA %s",
		strings.Repeat("#", filled), strings.Repeat("-", cells-filled), frac*100, p.Done, p.Total, rate, eta)
}

// printHorizon explains how far readers are held back: every projection
// can only apply events below the commit-safe horizon.
func printHorizon(w io.Writer, h eventstore.HorizonStatus) {
	fmt.Fprintf(w, "\nlog: newest event %s, commit-safe horizon %s, %d committed events not yet commit-safe\n",
		h.Newest.Token(), h.Horizon.Token(), h.Behind)
	if t := h.Oldest; t != nil {
		fmt.Fprintf(w, "oldest open transaction: pid %d (%s, %s) open for %s: %s\n",
			t.PID, t.Application, t.State, t.Age.Round(time.Millisecond), t.Query)
	}
}
