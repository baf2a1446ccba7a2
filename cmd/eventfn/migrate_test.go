package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/eventfn/eventfn/shared/eventstore"
	"github.com/eventfn/eventfn/shared/pgtest"
)

func TestMigrateBringsAnEmptyDatabaseToTheNewestVersion(t *testing.T) {
	url := emptyDatabase(t)
	t.Setenv("DATABASE_URL", url)
	if err := runMigrate(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	pool, err := eventstore.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	current, newest, err := eventstore.SchemaVersion(context.Background(), pool)
	if err != nil || current != newest || newest == 0 {
		t.Fatalf("schema version %d of %d (%v), want the newest", current, newest, err)
	}
}

func TestMigrateWithoutADatabaseURLIsAUsageError(t *testing.T) {
	t.Setenv("DATABASE_URL", "")
	if err := runMigrate(context.Background(), nil); !errors.Is(err, errUsage) {
		t.Fatalf("err = %v, want a usage error", err)
	}
	t.Setenv("DATABASE_URL", "postgres://nowhere/x")
	if err := runMigrate(context.Background(), []string{"extra"}); !errors.Is(err, errUsage) {
		t.Fatalf("extra argument: err = %v, want a usage error", err)
	}
}

// emptyDatabase creates a database with no schema at all next to a
// pgtest one, and drops it when the test ends.
func emptyDatabase(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	admin := pgtest.NewDatabase(t)
	name := "eventfn_empty_" + strings.ReplaceAll(t.Name(), "/", "_")
	id := pgx.Identifier{strings.ToLower(name)}.Sanitize()
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+id+" TEMPLATE template0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Exec(ctx, "DROP DATABASE "+id+" WITH (FORCE)") })
	cfg := admin.Config().ConnConfig
	return fmt.Sprintf("postgres://%s@/%s?host=%s&port=%d", cfg.User, strings.ToLower(name), cfg.Host, cfg.Port)
}
