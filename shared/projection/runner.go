package projection

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"regexp"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/eventfn/eventfn/shared/eventstore"
	"github.com/eventfn/eventfn/shared/failure"
)

// DefaultBatchSize is how many events a Runner applies per transaction
// unless Options says otherwise.
const DefaultBatchSize = 1000

// validName keeps a projection name usable inside schema names
// (rm_<name>_rebuild) without quoting surprises or the 63-byte limit.
var validName = regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`)

// Options tunes a Runner.
type Options struct {
	// BatchSize is the number of events applied per transaction;
	// DefaultBatchSize when 0.
	BatchSize int
	// Logger receives one line per poison event; slog.Default() when nil.
	Logger *slog.Logger
}

// Runner keeps one read model up to date from the log. Any number of
// Runners (replicas) may run for the same model: the checkpoint row lock
// lets exactly one of them work at a time.
type Runner struct {
	pool  *pgxpool.Pool
	model ReadModel
	batch int
	log   *slog.Logger
}

// NewRunner returns a Runner for model over pool. The model's name must be
// lower-case letters, digits and underscores, starting with a letter.
func NewRunner(pool *pgxpool.Pool, model ReadModel, opts Options) (*Runner, error) {
	if !validName.MatchString(model.Name()) {
		return nil, failure.Invalidf("projection name %q: want [a-z][a-z0-9_]{0,39}", model.Name())
	}
	if opts.BatchSize < 0 {
		return nil, failure.Invalidf("projection %s: negative batch size %d", model.Name(), opts.BatchSize)
	}
	r := &Runner{pool: pool, model: model, batch: opts.BatchSize, log: opts.Logger}
	if r.batch == 0 {
		r.batch = DefaultBatchSize
	}
	if r.log == nil {
		r.log = slog.Default()
	}
	return r, nil
}

// Name is the name of the runner's read model.
func (r *Runner) Name() string { return r.model.Name() }

// Progress says what a CatchUp did.
type Progress struct {
	Applied    int                 // events applied to the read model
	Batches    int                 // transactions that moved the checkpoint
	Checkpoint eventstore.Position // where the projection stands afterwards
	// Busy is true when another runner held the checkpoint, so this one
	// returned at once; that runner applies whatever is new.
	Busy bool
	// Stalled is the poison event the projection stopped in front of.
	Stalled *Failure
}

// CatchUp applies everything the log holds after the checkpoint, one
// transaction per batch, until it is caught up, another runner holds the
// checkpoint, or a poison event stalls it. A delivered CloudEvent is only a
// wake-up for CatchUp: duplicates, reordering and lost deliveries all end in
// the same read model.
func (r *Runner) CatchUp(ctx context.Context) (Progress, error) {
	var p Progress
	for confirm := 0; ; {
		s, err := r.round(ctx)
		if err != nil {
			return p, fmt.Errorf("catch up %s: %w", r.Name(), err)
		}
		p.add(s)
		if s.busy || s.stalled != nil {
			return p, nil
		}
		// A round that found the end of the log but applied something may
		// have started before events whose wake-ups other replicas skipped
		// while this one held the checkpoint: look once more, a bounded
		// number of times so that steady writers cannot hold it here.
		if !s.full && (s.applied == 0 || confirm == maxConfirmRounds) {
			return p, nil
		}
		if !s.full {
			confirm++
		}
	}
}

// maxConfirmRounds bounds the extra rounds of one CatchUp.
const maxConfirmRounds = 4

// round is the outcome of one transaction.
type round struct {
	busy    bool
	applied int
	moved   bool
	to      eventstore.Position
	stalled *Failure
	full    bool
}

func (p *Progress) add(s round) {
	p.Busy = s.busy
	p.Applied += s.applied
	p.Stalled = s.stalled
	if s.moved {
		p.Batches++
	}
	if !s.busy {
		p.Checkpoint = s.to
	}
}

// round locks the checkpoint, applies one batch and moves the checkpoint,
// all in one transaction.
func (r *Runner) round(ctx context.Context) (round, error) {
	tx, err := r.pool.Begin(ctx)
	if err != nil {
		return round{}, unavailable("begin", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	s, err := r.roundIn(ctx, tx)
	if err != nil || s.busy {
		return s, err
	}
	if err := tx.Commit(ctx); err != nil {
		return round{}, unavailable("commit", err)
	}
	return s, nil
}

func (r *Runner) roundIn(ctx context.Context, tx pgx.Tx) (round, error) {
	// The horizon is read before the log, so every event committed below it
	// is visible to the ReadAll that follows.
	horizon, err := snapshotXmin(ctx, tx)
	if err != nil {
		return round{}, err
	}
	from, locked, err := lockCheckpoint(ctx, tx, r.Name(), skipLocked)
	if err != nil || !locked {
		return round{busy: !locked}, err
	}
	events, err := eventstore.ReadAll(ctx, tx, from, r.batch, r.filter())
	if err != nil {
		return round{}, fmt.Errorf("read log after %s: %w", from.Token(), err)
	}
	s := round{full: len(events) == r.batch}
	return r.applyAndMove(ctx, tx, from, horizon, events, s)
}

func (r *Runner) applyAndMove(ctx context.Context, tx pgx.Tx, from eventstore.Position, horizon uint64, events []eventstore.RecordedEvent, s round) (round, error) {
	applied, poison, err := applyBatch(ctx, tx, r.model, LiveSchema(r.Name()), events)
	if err != nil {
		return round{}, err
	}
	s.applied = applied
	s.to = readPosition(from, events[:applied], horizon, poison == nil && !s.full)
	if poison != nil {
		if s.stalled, err = r.recordPoison(ctx, tx, poison); err != nil {
			return round{}, err
		}
	}
	if s.to != from {
		s.moved = true
		return s, moveCheckpoint(ctx, tx, r.Name(), s.to, resolvedApplied)
	}
	return s, nil
}

// readPosition is where the checkpoint goes after applying applied. When the
// scan reached the end of the commit-safe log (scannedToEnd), every event
// below the horizon that the model cares about has been applied, so the
// checkpoint moves up to the horizon even past events the model ignores:
// otherwise a consistency token naming an ignored event would never be
// reached by WaitFor.
func readPosition(from eventstore.Position, applied []eventstore.RecordedEvent, horizon uint64, scannedToEnd bool) eventstore.Position {
	to := from
	if len(applied) > 0 {
		to = applied[len(applied)-1].Checkpoint()
	}
	if end := (eventstore.Position{TxID: horizon}); scannedToEnd && to.Less(end) {
		to = end
	}
	return to
}

func (r *Runner) filter() eventstore.Filter {
	return eventstore.Filter{Types: r.model.EventTypes()}
}

// applyBatch applies events to schema inside a savepoint. When the model
// blames one event (an *EventError), it applies the events before that one
// instead and returns the blamed event; the caller stops in front of it.
func applyBatch(ctx context.Context, tx pgx.Tx, m ReadModel, schema string, events []eventstore.RecordedEvent) (int, *EventError, error) {
	var poison *EventError
	for len(events) > 0 {
		err := applyInSavepoint(ctx, tx, m, schema, events)
		if err == nil {
			return len(events), poison, nil
		}
		var blamed *EventError
		if !errors.As(err, &blamed) {
			return 0, nil, fmt.Errorf("apply %d events to %s: %w", len(events), schema, err)
		}
		i := indexOf(events, blamed.Event)
		if i < 0 {
			return 0, nil, fmt.Errorf("apply to %s: blamed event %s is not in the batch: %w", schema, blamed.Event.ID, err)
		}
		poison, events = blamed, events[:i]
	}
	return 0, poison, nil
}

func applyInSavepoint(ctx context.Context, tx pgx.Tx, m ReadModel, schema string, events []eventstore.RecordedEvent) error {
	sp, err := tx.Begin(ctx)
	if err != nil {
		return unavailable("savepoint", err)
	}
	if err := m.Apply(ctx, sp, schema, events); err != nil {
		if rbErr := sp.Rollback(ctx); rbErr != nil {
			return errors.Join(err, unavailable("roll back savepoint", rbErr))
		}
		return err
	}
	return sp.Commit(ctx)
}

func indexOf(events []eventstore.RecordedEvent, e eventstore.RecordedEvent) int {
	for i := range events {
		if events[i].Checkpoint() == e.Checkpoint() {
			return i
		}
	}
	return -1
}

func unavailable(what string, err error) error {
	return failure.Wrap(failure.Unavailable, what, err)
}
