// Package function is the carts-command Knative Function: it executes the
// carts commands of DESIGN §3 against the event log and answers each with
// its <command type>.accepted reply.
package function

import (
	"github.com/eventfn/eventfn/shared/carts"
	"github.com/eventfn/eventfn/shared/command"
)

// New returns the function; func-go calls Start before routing events to it.
func New() *command.Function[carts.State, carts.Command, carts.Event] {
	return command.NewFunction("carts-command", command.Domain[carts.State, carts.Command, carts.Event]{
		DecodeCommand: carts.DecodeCommand,
		DecodeEvent:   carts.DecodeEvent,
		StreamID:      carts.StreamID,
		Decide:        carts.Decide,
		Evolve:        carts.Evolve,
	})
}
