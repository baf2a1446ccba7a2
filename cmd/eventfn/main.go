// Command eventfn runs and operates an eventfn system: the local stack
// (dev), schema migrations, projections, dead letters, function staging
// and benchmarks.
//
//	eventfn dev                       # the whole system on this machine
//	eventfn migrate                   # apply event store migrations to DATABASE_URL
//	eventfn projections status        # checkpoints, lag, stalls
//	eventfn bench append              # event store benchmarks
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"syscall"
)

// command is one subcommand: it gets the arguments after its name.
type command struct {
	summary string
	run     func(ctx context.Context, args []string) error
}

// commands lists every subcommand. Each lives in a file named after it.
func commands() map[string]command {
	return map[string]command{
		"dev":         {"run the whole system on this machine (local PostgreSQL under .eventfn/)", runDev},
		"deadletters": {"list dead letters, or redrive <id>", runDeadLetters},
		"migrate":     {"apply event store and read model migrations to DATABASE_URL", runMigrate},
		"bench":       {"run a benchmark: " + benchNames(), runBench},
		"stage":       {"write a self-contained func project for a function", runStage},
		"projections": {"projection status, catchup <name>, rebuild <name>, skip <name>", runProjections},
	}
}

// errUsage marks an error caused by how the command was called.
var errUsage = errors.New("usage")

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:])
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "eventfn:", err)
		if errors.Is(err, errUsage) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string) error {
	cmds := commands()
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(os.Stdout, cmds)
		return nil
	}
	c, ok := cmds[args[0]]
	if !ok {
		usage(os.Stderr, cmds)
		return fmt.Errorf("%w: unknown command %q", errUsage, args[0])
	}
	return c.run(ctx, args[1:])
}

func usage(w io.Writer, cmds map[string]command) {
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintln(w, "usage: eventfn <command> [arguments]")
	for _, n := range names {
		fmt.Fprintf(w, "  %-12s %s\n", n, cmds[n].summary)
	}
}
