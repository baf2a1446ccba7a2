// Package command executes a bounded context's commands against the event
// log: decode the CloudEvent, load and fold the aggregate's stream, decide,
// append at the expected version, and answer with the accepted reply.
//
//	domain := command.Domain[accounts.State, accounts.Command, accounts.Event]{
//		DecodeCommand: accounts.DecodeCommand, DecodeEvent: accounts.DecodeEvent,
//		StreamID: accounts.StreamID, Decide: accounts.Decide, Evolve: accounts.Evolve,
//	}
//	h := command.NewHandler(domain, eventstore.New(pool), "/eventfn/accounts-command")
//	reply, err := h.Handle(ctx, e) // err maps to a status via cloudevent.Fail
//
// NewFunction wraps the same in the instanced form func-go serves, which is
// all a command function's New returns.
//
// A command's CloudEvent source and id are its identity: the store records
// it in the transaction that appends its events, so a redelivered command
// replays the first outcome and appends nothing, and the same identity with
// other data is rejected. A lost race with a concurrent writer reloads and
// decides again, a bounded number of times, before answering 409.
package command
