// Package eventstore is eventfn's append-only event log in PostgreSQL.
//
// Writers append to a stream at an expected version, together with the
// identity of the command that produced the events, in one transaction:
//
//	pool, err := eventstore.Connect(ctx, os.Getenv("DATABASE_URL"))
//	...
//	if err := eventstore.Migrate(ctx, pool); err != nil { ... }
//	store := eventstore.New(pool)
//	res, err := store.Append(ctx, "account-42", eventstore.Exact(3),
//		[]eventstore.NewEvent{{ID: id, Type: "accounts.account.confirmed", Data: data}},
//		&eventstore.Command{Source: ce.Source(), ID: ce.ID(), Payload: ce.Data()})
//	var conflict *eventstore.ConflictError
//	if errors.As(err, &conflict) { ... reload, decide again, retry ... }
//
// Readers tail the whole log in commit-safe order: by (transaction id,
// position), and only below the oldest transaction still running, so an
// event that commits late can never fall behind a reader's checkpoint:
//
//	events, err := store.ReadAll(ctx, checkpoint, 500, eventstore.Filter{})
//	for _, e := range events { ...; checkpoint = e.Checkpoint() }
//
// The price is that one long transaction anywhere in the cluster holds
// every reader back; Horizon shows by how much and who, and Connect sets an
// idle-in-transaction timeout so a forgotten session cannot do it forever.
// Every append notifies NotifyChannel; Listen turns that into wake-ups, but
// readers must also poll, since notifications can be lost.
//
// The schema lives in embedded goose migrations applied by Migrate. The
// database itself refuses UPDATE, DELETE and TRUNCATE on the events table.
package eventstore
