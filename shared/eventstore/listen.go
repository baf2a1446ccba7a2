package eventstore

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
)

// Listen calls wake whenever appends are notified on NotifyChannel, until
// ctx ends; then it returns nil. Calls never overlap, and notifications
// that arrive while wake runs are coalesced into one more call. It listens
// on a connection of its own (not one of the pool's), reconnects after
// errors with backoff, and calls wake after every (re)connect because
// notifications sent while it was away are lost.
func (s *Store) Listen(ctx context.Context, wake func()) error {
	pending := make(chan struct{}, 1)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range pending {
			wake()
		}
	}()
	s.listenLoop(ctx, pending)
	close(pending)
	<-done
	return nil
}

// Wakeups returns a channel that receives a value when appends are
// notified, coalescing bursts, until ctx ends. See Listen.
func (s *Store) Wakeups(ctx context.Context) <-chan struct{} {
	ch := make(chan struct{}, 1)
	go func() { _ = s.Listen(ctx, func() { signal(ch) }) }()
	return ch
}

func signal(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}

const (
	minBackoff = 100 * time.Millisecond
	maxBackoff = 5 * time.Second
)

func (s *Store) listenLoop(ctx context.Context, pending chan struct{}) {
	backoff := minBackoff
	for ctx.Err() == nil {
		err := s.listenOnce(ctx, pending, func() { backoff = minBackoff })
		if ctx.Err() != nil {
			return
		}
		s.logger.Warn("event notifications lost; reconnecting", "err", err, "in", backoff)
		select {
		case <-ctx.Done():
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, maxBackoff)
	}
}

// listenOnce holds one listening connection until it fails or ctx ends.
func (s *Store) listenOnce(ctx context.Context, pending chan struct{}, connected func()) error {
	conn, err := pgx.ConnectConfig(ctx, s.pool.Config().ConnConfig.Copy())
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN "+NotifyChannel); err != nil {
		return err
	}
	connected()
	signal(pending)
	for {
		if _, err := conn.WaitForNotification(ctx); err != nil {
			return err
		}
		signal(pending)
	}
}
