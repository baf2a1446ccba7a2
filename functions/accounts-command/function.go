// Package function is the accounts-command Knative Function: it executes the
// accounts commands of DESIGN §3 against the event log and answers each with
// its <command type>.accepted reply.
package function

import (
	"github.com/eventfn/eventfn/shared/accounts"
	"github.com/eventfn/eventfn/shared/command"
)

// New returns the function; func-go calls Start before routing events to it.
func New() *command.Function[accounts.State, accounts.Command, accounts.Event] {
	return command.NewFunction("accounts-command", command.Domain[accounts.State, accounts.Command, accounts.Event]{
		DecodeCommand: accounts.DecodeCommand,
		DecodeEvent:   accounts.DecodeEvent,
		StreamID:      accounts.StreamID,
		Decide:        accounts.Decide,
		Evolve:        accounts.Evolve,
	})
}
