// Package funcdb is the PostgreSQL side of a function's lifecycle, shared by
// every eventfn function: Start reads DATABASE_URL from the function's
// configuration and opens a pool, Ready reports whether the database
// answers, Stop closes the pool.
//
//	type Function struct{ db funcdb.DB }
//
//	func (f *Function) Start(ctx context.Context, cfg map[string]string) error {
//		pool, err := f.db.Start(ctx, cfg)
//		...
//	}
//	func (f *Function) Ready(ctx context.Context) (bool, error) { return f.db.Ready(ctx) }
//	func (f *Function) Stop(ctx context.Context) error         { return f.db.Stop(ctx) }
//
// Knative routes traffic to a revision only once its readiness probe (func-go
// maps it to Ready) passes, so a cold start never answers 503 for a pool
// that is still connecting.
package funcdb

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/eventfn/eventfn/shared/eventstore"
)

// ConfigKey names the configuration entry holding the connection string.
const ConfigKey = "DATABASE_URL"

// readyTimeout bounds one readiness ping, well inside Knative's probe
// timeout.
const readyTimeout = 2 * time.Second

// DB holds a function's connection pool. The zero value is ready to Start.
type DB struct {
	mu   sync.Mutex
	pool *pgxpool.Pool
}

// Start opens the pool named by cfg[DATABASE_URL]. It does not wait for the
// database: Ready does.
func (d *DB) Start(ctx context.Context, cfg map[string]string) (*pgxpool.Pool, error) {
	url := cfg[ConfigKey]
	if url == "" {
		return nil, errors.New("DATABASE_URL is not set")
	}
	pool, err := eventstore.Connect(ctx, url)
	if err != nil {
		return nil, err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.pool != nil {
		d.pool.Close()
	}
	d.pool = pool
	return pool, nil
}

// Ready reports whether the pool is open and the database answers.
func (d *DB) Ready(ctx context.Context) (bool, error) {
	pool := d.current()
	if pool == nil {
		return false, nil
	}
	ctx, cancel := context.WithTimeout(ctx, readyTimeout)
	defer cancel()
	return pool.Ping(ctx) == nil, nil
}

// Stop closes the pool, waiting for connections in use to be released.
func (d *DB) Stop(context.Context) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.pool != nil {
		d.pool.Close()
		d.pool = nil
	}
	return nil
}

func (d *DB) current() *pgxpool.Pool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.pool
}
