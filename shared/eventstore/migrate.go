package eventstore

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"log/slog"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

// migrations holds the versioned schema. Numbers 00001–00009 are the event
// store's, 00010–00019 the projections', 00020–00029 the dead letters'.
//
//go:embed migrations/*.sql
var migrations embed.FS

// Migrate brings the database up to the newest schema version. Concurrent
// callers (several instances starting at once) are serialised by an
// advisory lock; each migration runs in its own transaction.
func Migrate(ctx context.Context, pool *pgxpool.Pool) error {
	applied, err := migrate(ctx, pool)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	for _, r := range applied {
		slog.Info("migration applied", "version", r.Source.Version, "file", r.Source.Path, "took", r.Duration)
	}
	return nil
}

func migrate(ctx context.Context, pool *pgxpool.Pool) ([]*goose.MigrationResult, error) {
	p, db, err := provider(pool)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	return p.Up(ctx)
}

// SchemaVersion returns the database's schema version and the newest one
// this build knows.
func SchemaVersion(ctx context.Context, pool *pgxpool.Pool) (current, newest int64, err error) {
	p, db, err := provider(pool)
	if err != nil {
		return 0, 0, err
	}
	defer db.Close()
	return p.GetVersions(ctx)
}

// provider returns a goose provider on pool; the *sql.DB it opens must be
// closed (that does not close pool).
func provider(pool *pgxpool.Pool) (*goose.Provider, interface{ Close() error }, error) {
	files, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return nil, nil, err
	}
	locker, err := lock.NewPostgresSessionLocker()
	if err != nil {
		return nil, nil, err
	}
	db := stdlib.OpenDBFromPool(pool)
	p, err := goose.NewProvider(goose.DialectPostgres, db, files,
		goose.WithSessionLocker(locker), goose.WithDisableGlobalRegistry(true))
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	return p, db, nil
}
