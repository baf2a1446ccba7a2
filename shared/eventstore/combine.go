package eventstore

import (
	"context"
	"encoding/json"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
)

// Group commit. An append's statement costs the server about three times
// a plain INSERT's CPU, most of it fixed per statement and per commit, so
// concurrent one-event appends on distinct streams share one statement and
// one transaction: one round trip, one plan execution, one commit. An
// append that finds no batch running executes at once, alone, with the
// ordinary statement, so an idle store adds no latency; appends arriving
// meanwhile queue, and the next batch takes all of them (up to maxBatch).
// No timers: a batch forms only while another one is in flight.
const (
	// maxInFlight bounds the statements the combiner runs at once.
	maxInFlight = 1
	// maxBatch bounds the appends one combined statement carries.
	maxBatch = 64
)

// The combined statement: the one-event statement over an array of
// appends. An append whose stream is not at its expected version, or whose
// command was handled before, inserts nothing and returns no row, without
// touching the others; the caller settles it alone as usual. A batch never
// holds two appends on one stream or with one command identity, so each
// row of at_expected stands for its own append.
const appendBatchSQL = `
WITH input AS (
	SELECT * FROM unnest($1::text[], $2::bigint[], $3::uuid[], $4::text[], $5::jsonb[], $6::jsonb[],
		$7::text[], $8::text[], $9::bytea[]) AS i(stream, expected, id, type, data, metadata, src, cid, hash)
), at_expected AS (
	SELECT i.*, c.v FROM input i
	CROSS JOIN LATERAL (SELECT coalesce(max(version), 0) AS v FROM events e WHERE e.stream = i.stream) c
	WHERE i.expected < 0 OR c.v = i.expected
), cmd AS (
	INSERT INTO commands (source, id, payload_hash, stream, first_version, last_version)
	SELECT src, cid, hash, stream, v + 1, v + 1 FROM at_expected WHERE cid IS NOT NULL
	ON CONFLICT (source, id) DO NOTHING
	RETURNING source, id
)
INSERT INTO events (stream, version, id, type, data, metadata)
SELECT a.stream, a.v + 1, a.id, a.type, a.data, a.metadata FROM at_expected a
WHERE a.cid IS NULL OR EXISTS (SELECT 1 FROM cmd WHERE cmd.source = a.src AND cmd.id = a.cid)
RETURNING id, type, version, tx_id, position`

// combiner queues one-event appends for group commit.
type combiner struct {
	mu       sync.Mutex
	inFlight int
	queue    []*pending
	batches  atomic.Int64 // combined statements run, for tests
}

// pending is a queued append and, once done is closed, its outcome.
type pending struct {
	ctx  context.Context
	a    appendArgs
	done chan struct{}
	// Set before done closes: the appended row; or settle when the
	// combined statement inserted nothing for it; or alone when the caller
	// must run it by itself; else res and err.
	row    *appendedRow
	settle bool
	alone  bool
	res    Result
	err    error
}

// appendCombined runs a one-event append, in a batch when others are in
// flight.
func (s *Store) appendCombined(ctx context.Context, a appendArgs) (Result, error) {
	c := s.combiner
	c.mu.Lock()
	if c.inFlight < maxInFlight {
		c.inFlight++
		c.mu.Unlock()
		res, err := s.appendOnce(ctx, s.pool, a)
		s.release()
		return res, err
	}
	p := &pending{ctx: ctx, a: a, done: make(chan struct{})}
	c.queue = append(c.queue, p)
	c.mu.Unlock()
	<-p.done
	switch {
	case p.row != nil:
		return newResult(a.stream, []appendedRow{*p.row}, false), nil
	case p.settle:
		return s.settle(ctx, a)
	case p.alone:
		return s.appendOnce(ctx, s.pool, a)
	}
	return p.res, p.err
}

// release hands a finished statement's slot to the queued appends, if any.
func (s *Store) release() {
	batch := s.combiner.take()
	if batch != nil {
		go s.runBatches(batch)
	}
}

// take removes the next batch from the queue, or frees the slot when the
// queue is empty. A batch holds no two appends on one stream or with one
// command identity: the later one waits for the next batch.
func (c *combiner) take() []*pending {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.queue) == 0 {
		c.inFlight--
		return nil
	}
	streams := make(map[string]bool, len(c.queue))
	cmds := make(map[[2]string]bool)
	var batch, rest []*pending
	for _, p := range c.queue {
		key := cmdKey(p.a)
		if len(batch) == maxBatch || streams[p.a.stream] || (key != nil && cmds[*key]) {
			rest = append(rest, p)
			continue
		}
		streams[p.a.stream] = true
		if key != nil {
			cmds[*key] = true
		}
		batch = append(batch, p)
	}
	c.queue = rest
	return batch
}

func cmdKey(a appendArgs) *[2]string {
	if a.cmdID == nil {
		return nil
	}
	return &[2]string{*a.cmdSrc, *a.cmdID}
}

// runBatches runs batches until the queue is empty.
func (s *Store) runBatches(batch []*pending) {
	for batch != nil {
		s.runBatch(batch)
		batch = s.combiner.take()
	}
}

func (s *Store) runBatch(batch []*pending) {
	live := batch[:0:0]
	for _, p := range batch {
		if err := p.ctx.Err(); err != nil {
			p.res, p.err = Result{}, s.appendError(p.ctx, p.a, err)
			close(p.done)
			continue
		}
		live = append(live, p)
	}
	switch len(live) {
	case 0:
	case 1:
		p := live[0]
		p.res, p.err = s.appendOnce(p.ctx, s.pool, p.a)
		close(p.done)
	default:
		s.combined(live)
	}
}

// combined runs batch as one statement. Appends that got no row settle
// alone; if the statement fails as a whole (a writer in another process
// took a version, a deadlock, data the database refuses), every append
// runs alone, so that none fails for another's sake.
func (s *Store) combined(batch []*pending) {
	s.combiner.batches.Add(1)
	ctx, cancel := batchContext(batch)
	defer cancel()
	rows, err := s.pool.Query(ctx, appendBatchSQL, batchArgs(batch)...)
	var got []appendedRow
	if err == nil {
		got, err = pgx.CollectRows(rows, scanAppended)
	}
	byID := make(map[string]*appendedRow, len(got))
	for i := range got {
		byID[got[i].event.ID] = &got[i]
	}
	for _, p := range batch {
		p.row = byID[p.a.ids[0].String()]
		p.settle = err == nil && p.row == nil
		p.alone = err != nil
		close(p.done)
	}
}

// batchContext bounds a batch by its appends' latest deadline, so that one
// caller giving up does not fail the others.
func batchContext(batch []*pending) (context.Context, context.CancelFunc) {
	var latest time.Time
	for _, p := range batch {
		d, ok := p.ctx.Deadline()
		if !ok {
			return context.WithCancel(context.Background())
		}
		if d.After(latest) {
			latest = d
		}
	}
	return context.WithDeadline(context.Background(), latest)
}

func batchArgs(batch []*pending) []any {
	n := len(batch)
	streams, exps := make([]string, n), make([]int64, n)
	ids, types := make([]uuid.UUID, n), make([]string, n)
	data, meta := make([]json.RawMessage, n), make([][]byte, n)
	srcs, cids, hashes := make([]*string, n), make([]*string, n), make([][]byte, n)
	for i, p := range batch {
		a := p.a
		streams[i], exps[i] = a.stream, a.expected
		ids[i], types[i], data[i], meta[i] = a.ids[0], a.types[0], a.data[0], a.metadata[0]
		srcs[i], cids[i], hashes[i] = a.cmdSrc, a.cmdID, a.cmdHash
	}
	return []any{streams, exps, ids, types, data, meta, srcs, cids, hashes}
}
