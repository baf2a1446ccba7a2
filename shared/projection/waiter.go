package projection

import (
	"context"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/eventfn/eventfn/shared/eventstore"
)

// Waiter is WaitFor for a process that serves many queries at once: all of
// its waits share one listening connection, which it holds only while
// someone waits, so waiting queries never take the pool's connections away
// from the queries that answer.
//
//	w := projection.NewWaiter(pool) // once, at Start
//	err := w.WaitFor(ctx, accountview.Name, token, 0)
type Waiter struct {
	pool *pgxpool.Pool

	mu      sync.Mutex
	waiting int
	moved   chan struct{} // closed at the next checkpoint notification
	stop    context.CancelFunc
}

// NewWaiter returns a Waiter on pool.
func NewWaiter(pool *pgxpool.Pool) *Waiter {
	return &Waiter{pool: pool, moved: make(chan struct{})}
}

// WaitFor is the package's WaitFor, sharing the Waiter's listener.
func (w *Waiter) WaitFor(ctx context.Context, name string, token eventstore.Position, timeout time.Duration) error {
	if timeout <= 0 {
		timeout = DefaultWaitTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	reached, err := hasReached(ctx, w.pool, name, token)
	if err != nil || reached {
		return timedOut(err, name, token, timeout)
	}
	w.join()
	defer w.leave()
	return timedOut(w.poll(ctx, name, token), name, token, timeout)
}

// poll re-checks after every notification, and every pollInterval in case
// one was missed.
func (w *Waiter) poll(ctx context.Context, name string, token eventstore.Position) error {
	for {
		moved := w.next()
		// Checked after taking moved, so a move between the two is not lost.
		reached, err := hasReached(ctx, w.pool, name, token)
		if err != nil || reached {
			return err
		}
		select {
		case <-moved:
		case <-time.After(pollInterval):
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

func (w *Waiter) next() <-chan struct{} {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.moved
}

// join counts a waiter in, starting the listener for the first.
func (w *Waiter) join() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.waiting++
	if w.waiting > 1 {
		return
	}
	// A listener stopped a moment ago may still be letting go of its
	// connection; for that moment two listen, which is harmless.
	ctx, stop := context.WithCancel(context.Background())
	w.stop = stop
	go w.listen(ctx)
}

// leave counts a waiter out, stopping the listener after the last.
func (w *Waiter) leave() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.waiting--
	if w.waiting == 0 {
		w.stop()
	}
}

// broadcast wakes every waiter.
func (w *Waiter) broadcast() {
	w.mu.Lock()
	defer w.mu.Unlock()
	close(w.moved)
	w.moved = make(chan struct{})
}

// listen relays checkpoint notifications until ctx ends, reconnecting
// after errors; polling covers the gaps.
func (w *Waiter) listen(ctx context.Context) {
	for ctx.Err() == nil {
		w.listenOnce(ctx)
		select {
		case <-ctx.Done():
		case <-time.After(pollInterval):
		}
	}
}

func (w *Waiter) listenOnce(ctx context.Context) {
	conn, err := w.pool.Acquire(ctx)
	if err != nil {
		return
	}
	defer releaseListener(conn)
	if _, err := conn.Exec(ctx, `LISTEN `+NotifyChannel); err != nil {
		return
	}
	for {
		if _, err := conn.Conn().WaitForNotification(ctx); err != nil {
			return
		}
		w.broadcast()
	}
}
