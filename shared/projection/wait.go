package projection

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/eventfn/eventfn/shared/eventstore"
	"github.com/eventfn/eventfn/shared/failure"
)

// DefaultWaitTimeout bounds WaitFor when it is given no timeout.
const DefaultWaitTimeout = 5 * time.Second

// pollInterval bounds how long WaitFor trusts notifications alone: a
// notification can be missed while the listening connection is re-made.
const pollInterval = 250 * time.Millisecond

// WaitFor returns nil once the read model called name has applied the log
// up to token (a consistency token from a command's reply), and a
// failure.Unavailable error when that has not happened within timeout
// (DefaultWaitTimeout when timeout ≤ 0). It listens on NotifyChannel on a
// connection of its own, and polls as a fallback. A process that waits for
// many requests at once uses a Waiter, which shares one connection.
func WaitFor(ctx context.Context, pool *pgxpool.Pool, name string, token eventstore.Position, timeout time.Duration) error {
	if timeout <= 0 {
		timeout = DefaultWaitTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	reached, err := hasReached(ctx, pool, name, token)
	if err != nil || reached {
		return timedOut(err, name, token, timeout)
	}
	return timedOut(waitNotified(ctx, pool, name, token), name, token, timeout)
}

// hasReached reports whether name's checkpoint is at or past token.
func hasReached(ctx context.Context, q Querier, name string, token eventstore.Position) (bool, error) {
	cp, err := Checkpoint(ctx, q, name)
	if err != nil {
		return false, err
	}
	return !cp.Less(token), nil
}

// waitNotified listens for checkpoint moves on a connection of its own and
// re-checks after each, and at least every pollInterval.
func waitNotified(ctx context.Context, pool *pgxpool.Pool, name string, token eventstore.Position) error {
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return unavailable("acquire connection", err)
	}
	defer releaseListener(conn)
	if _, err := conn.Exec(ctx, `LISTEN `+NotifyChannel); err != nil {
		return unavailable("listen", err)
	}
	for {
		reached, err := hasReached(ctx, conn, name, token)
		if err != nil || reached {
			return err
		}
		if err := awaitNotification(ctx, conn); err != nil {
			return err
		}
	}
}

// awaitNotification returns after a notification or pollInterval, or with
// ctx's error once ctx is done.
func awaitNotification(ctx context.Context, conn *pgxpool.Conn) error {
	pollCtx, cancel := context.WithTimeout(ctx, pollInterval)
	defer cancel()
	_, err := conn.Conn().WaitForNotification(pollCtx)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if err != nil && !pgconn.Timeout(err) {
		return unavailable("wait for checkpoint notification", err)
	}
	return nil
}

// releaseListener stops listening before the connection goes back to the
// pool, and closes it when that fails, so no pooled connection keeps
// queueing notifications.
func releaseListener(conn *pgxpool.Conn) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if _, err := conn.Exec(ctx, `UNLISTEN *`); err != nil {
		conn.Conn().Close(ctx)
	}
	conn.Release()
}

// timedOut turns running out of time into failure.Unavailable.
func timedOut(err error, name string, token eventstore.Position, timeout time.Duration) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return failure.Wrap(failure.Unavailable,
			fmt.Sprintf("read model %s has not reached %s within %s", name, token.Token(), timeout), err)
	}
	return err
}
