package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/eventfn/eventfn/shared/eventstore"
	"github.com/eventfn/eventfn/shared/projection"
)

// runMigrate applies every pending migration (event store, projections,
// dead letters) to the database at DATABASE_URL, creates the read models'
// schemas and checkpoints where absent, then prints the schema version.
// With -status it only prints the version.
func runMigrate(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	statusOnly := fs.Bool("status", false, "print the schema version, apply nothing")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: eventfn migrate [-status] takes no arguments", errUsage)
	}
	url := databaseURL()
	if url == "" {
		return fmt.Errorf("%w: set DATABASE_URL to the database to migrate", errUsage)
	}
	pool, err := eventstore.Connect(ctx, url)
	if err != nil {
		return err
	}
	defer pool.Close()
	if !*statusOnly {
		if err := eventstore.Migrate(ctx, pool); err != nil {
			return err
		}
		if err := projection.EnsureAll(ctx, pool, readModels()...); err != nil {
			return err
		}
	}
	current, newest, err := eventstore.SchemaVersion(ctx, pool)
	if err != nil {
		return fmt.Errorf("schema version: %w", err)
	}
	fmt.Printf("schema version %d (newest known %d)\n", current, newest)
	return nil
}
