package main

import (
	"context"
	"fmt"
	"sort"
	"strings"
)

// benchmarks lists the benchmarks `eventfn bench <name>` runs. Each one
// measures a baseline in the same run and prints its ratio to it, because
// absolute figures move from run to run on shared machines.
func benchmarks() map[string]func(ctx context.Context, args []string) error {
	return map[string]func(ctx context.Context, args []string) error{
		"append":  benchAppend,
		"e2e":     benchE2E,
		"readall": benchReadAll,
		"rebuild": benchRebuild,
	}
}

func benchNames() string {
	names := make([]string, 0)
	for n := range benchmarks() {
		names = append(names, n)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

func runBench(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: eventfn bench <%s> [flags]", errUsage, strings.ReplaceAll(benchNames(), ", ", "|"))
	}
	b, ok := benchmarks()[args[0]]
	if !ok {
		return fmt.Errorf("%w: unknown benchmark %q (have %s)", errUsage, args[0], benchNames())
	}
	return b(ctx, args[1:])
}
