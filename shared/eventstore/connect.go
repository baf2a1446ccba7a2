package eventstore

import (
	"context"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/eventfn/eventfn/shared/failure"
)

// IdleInTransactionTimeout ends a session that sits idle inside a
// transaction this long. Such a session holds the commit-safe horizon back
// for every reader of the log, so it must not live forever.
const IdleInTransactionTimeout = 60 * time.Second

// Connect opens a pool on url (a postgres:// URL or key=value DSN; pool
// size via pool_max_conns). Sessions get application_name=eventfn and
// idle_in_transaction_session_timeout unless the URL sets them. It pings
// once, so an unreachable database fails here as failure.Unavailable.
func Connect(ctx context.Context, url string) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, failure.Wrap(failure.Invalid, "database url", err)
	}
	setDefault(cfg.ConnConfig.RuntimeParams, "application_name", "eventfn")
	setDefault(cfg.ConnConfig.RuntimeParams, "idle_in_transaction_session_timeout",
		strconv.FormatInt(IdleInTransactionTimeout.Milliseconds(), 10))
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, failure.Wrap(failure.Unavailable, "connect to database", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, failure.Wrap(failure.Unavailable, "connect to database", err)
	}
	return pool, nil
}

func setDefault(params map[string]string, key, value string) {
	if _, ok := params[key]; !ok {
		params[key] = value
	}
}
