package eventstore

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// notifier sends NotifyChannel notifications after appends commit. It does
// not NOTIFY inside the appending transaction because PostgreSQL takes a
// global lock on its notification queue from a notifying transaction's
// commit to its end, which serialised every append (measured: 8 writers
// fell below one). Appends that land while a notification is in flight are
// coalesced into one more; its payload is the latest stream. A notification
// lost to a crash between commit and NOTIFY only delays readers until their
// next poll.
type notifier struct {
	pool    *pgxpool.Pool
	logger  *slog.Logger
	mu      sync.Mutex
	running bool   // a goroutine is sending
	pending bool   // an append landed since the last send began
	stream  string // the latest appended stream
}

// notifyTimeout bounds one NOTIFY, so a stuck database cannot pile up work.
const notifyTimeout = 5 * time.Second

// notifyGap spaces notifications: a busy store sends at most one per gap,
// instead of one extra transaction per append, and a reader's wake-up is
// late by at most this much. The first append after a quiet spell is
// notified at once.
const notifyGap = 2 * time.Millisecond

func (n *notifier) poke(stream string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.stream, n.pending = stream, true
	if !n.running {
		n.running = true
		go n.run()
	}
}

func (n *notifier) run() {
	for {
		stream, ok := n.next()
		if !ok {
			return
		}
		began := time.Now()
		n.send(stream)
		time.Sleep(notifyGap - time.Since(began))
	}
}

func (n *notifier) send(stream string) {
	ctx, cancel := context.WithTimeout(context.Background(), notifyTimeout)
	defer cancel()
	if _, err := n.pool.Exec(ctx, `SELECT pg_notify($1, $2)`, NotifyChannel, stream); err != nil {
		n.logger.Warn("notify appended events", "channel", NotifyChannel, "err", err)
	}
}

// next takes the pending notification, or stops the sender when there is none.
func (n *notifier) next() (string, bool) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if !n.pending {
		n.running = false
		return "", false
	}
	n.pending = false
	return n.stream, true
}
