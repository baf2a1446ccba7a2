// Package command executes a bounded context's commands against the event
// log: decode the CloudEvent, load and fold the aggregate's stream, decide,
// append at the expected version, and answer with the accepted reply.
//
//	h := command.NewHandler(accounts.Domain(), store, "/eventfn/accounts-command")
//	reply, err := h.Handle(ctx, e) // err maps to a status via cloudevent.Fail
//
// A command's CloudEvent source and id are its identity: the store records
// it in the transaction that appends its events, so a redelivered command
// replays the first outcome and appends nothing, and the same identity with
// other data is rejected. A lost race with a concurrent writer reloads and
// decides again, a bounded number of times, before answering 409.
package command
