// Package function is the orders-command Knative Function: it executes the
// orders commands of DESIGN §3 against the event log and answers each with
// its <command type>.accepted reply.
package function

import (
	"github.com/eventfn/eventfn/shared/command"
	"github.com/eventfn/eventfn/shared/orders"
)

// New returns the function; func-go calls Start before routing events to it.
func New() *command.Function[orders.State, orders.Command, orders.Event] {
	return command.NewFunction("orders-command", command.Domain[orders.State, orders.Command, orders.Event]{
		DecodeCommand: orders.DecodeCommand,
		DecodeEvent:   orders.DecodeEvent,
		StreamID:      orders.StreamID,
		Decide:        orders.Decide,
		Evolve:        orders.Evolve,
	})
}
