package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"text/tabwriter"
	"time"

	"github.com/eventfn/eventfn/shared/devstack"
	"github.com/eventfn/eventfn/shared/pgcluster"
)

// readyLine is printed once every function serves; scripts and the
// end-to-end suite wait for it.
const readyLine = "eventfn dev: ready"

// runDev runs the whole system on this machine until interrupted.
func runDev(ctx context.Context, args []string) error {
	cfg, err := devConfig(args)
	if err != nil {
		return err
	}
	if err := requirePostgres(cfg, pgcluster.FindBinaries); err != nil {
		return err
	}
	stack, err := devstack.Start(ctx, cfg)
	if err != nil {
		return err
	}
	printStack(stack)
	fmt.Println(readyLine)
	<-ctx.Done()
	fmt.Fprintln(os.Stderr, "eventfn dev: shutting down")
	stopCtx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	return stack.Close(stopCtx)
}

// requirePostgres says exactly what to install when the stack would need a
// local server and find has none.
func requirePostgres(cfg devstack.Config, find func() (string, error)) error {
	if cfg.DatabaseURL != "" {
		return nil
	}
	if _, err := find(); err != nil {
		return errors.New("no PostgreSQL server found: install it (Debian/Ubuntu: apt-get install -y postgresql; " +
			"macOS: brew install postgresql) or set DATABASE_URL to a PostgreSQL 14+ database")
	}
	return nil
}

func devConfig(args []string) (devstack.Config, error) {
	fs := flag.NewFlagSet("dev", flag.ContinueOnError)
	var cfg devstack.Config
	fs.StringVar(&cfg.DataDir, "data", ".eventfn", "directory of the local PostgreSQL cluster (unused with DATABASE_URL)")
	fs.StringVar(&cfg.ManifestDir, "config", "config", "directory of the Broker, Trigger and PingSource manifests")
	fs.StringVar(&cfg.Host, "host", "127.0.0.1", "address to listen on")
	fs.IntVar(&cfg.Port, "port", 8080, "broker port; functions listen on the ports after it")
	fs.DurationVar(&cfg.Tick, "tick", 5*time.Second, "how often projectors are woken")
	if err := fs.Parse(args); err != nil {
		return cfg, fmt.Errorf("%w: %v", errUsage, err)
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("%w: eventfn dev takes flags only", errUsage)
	}
	cfg.DatabaseURL = os.Getenv("DATABASE_URL")
	return cfg, cfg.Validate()
}

func printStack(s *devstack.Stack) {
	w := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(w, "broker\t%s\n", s.BrokerURL())
	for _, f := range s.Functions() {
		fmt.Fprintf(w, "%s\t%s\n", f.Name, f.URL)
	}
	w.Flush()
	fmt.Println("\nTry:")
	for _, f := range s.Functions() {
		fmt.Printf("  %s\n", f.Curl)
	}
}
