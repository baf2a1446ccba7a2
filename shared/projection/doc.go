// Package projection keeps read models up to date from the event log.
//
// A Runner owns one ReadModel. CatchUp, in one transaction per batch, locks
// the model's checkpoint row (FOR UPDATE SKIP LOCKED: of several replicas
// one works and the others return at once), reads the log after the
// checkpoint in commit-safe order, applies the batch to the model's live
// schema and moves the checkpoint. A delivered CloudEvent is therefore only
// a wake-up: duplicates, reordering and lost deliveries all converge to the
// same read model.
//
//	r, err := projection.NewRunner(pool, accountview.New(), projection.Options{})
//	if err != nil { ... }
//	if err := r.Ensure(ctx); err != nil { ... } // schema, tables, checkpoint
//	p, err := r.CatchUp(ctx)                    // on every wake-up
//	if p.Stalled != nil { ... }                 // a poison event blocks it
//
// Read-your-writes: a command's reply carries a consistency token (the
// position of its last event); a query first calls
//
//	err := projection.WaitFor(ctx, pool, "accounts", token, 0)
//
// which returns once the checkpoint has reached the token, or a
// failure.Unavailable error after the bound. WaitFor holds a connection
// while it listens; a query function serving many requests creates one
// Waiter at Start instead, whose waits share a single listening connection:
//
//	w := projection.NewWaiter(pool)
//	err := w.WaitFor(ctx, "accounts", token, 0)
//
// The checkpoint passes events the model ignores too: when a batch reaches
// the end of the commit-safe log, the runner moves the checkpoint up to the
// commit-safe horizon, so a token naming an event of another type is
// reached as well.
//
// Poison events: when Apply blames one event (*EventError), the runner
// applies the events before it, checkpoints them, records the event in
// projection_failures and stops in front of it; every later CatchUp retries
// it. Skip moves past it; Rebuild builds the model afresh.
//
// Rebuild fills a shadow schema (ShadowSchema) from the start of the log in
// short transactions while queries keep reading the live schema, then swaps
// the schemas in one short transaction that holds the checkpoint.
package projection
