// Package accounts is the account lifecycle context: its commands, events,
// state and rules, with no I/O. A command function loads an account's
// stream, folds it with Evolve, asks Decide, and appends what it returns:
//
//	cmd, err := accounts.DecodeCommand(ce.Type(), ce.Data()) // failure.Invalid on bad data
//	state := accounts.State{}
//	for _, e := range history {
//		state = accounts.Evolve(state, e)
//	}
//	events, err := accounts.Decide(state, cmd) // failure.Rejected when a rule refuses
//	// append events to accounts.StreamID(cmd.AggregateID())
//
// The rules (refusals are failure.Rejected, e.g. "account 42 is archived"):
//   - An account is created pending; its number must be unused, even by an
//     archived account.
//   - Statuses move ACCOUNT_PENDING → ACCOUNT_CONFIRMED → ACCOUNT_ACTIVE ⇄
//     ACCOUNT_SUSPENDED, and any status but ACCOUNT_ARCHIVED → ACCOUNT_ARCHIVED,
//     which is final.
//   - confirm needs PENDING; activate needs CONFIRMED or SUSPENDED; suspend
//     needs ACTIVE and a reason; archive needs anything but ARCHIVED.
//   - Any command but create on an account that does not exist is refused.
//
// Command data is read strictly (failure.Invalid): exactly the contract's
// fields, each once, with their JSON types; accountNumber is 1–128
// characters without control characters; userId is a positive JSON
// integer; defaultAccount is a JSON boolean and required; reason is 1–1024
// characters.
//
// Queries (accounts.account.get, accounts.account.list) decode with
// DecodeQuery, as strictly; accountview answers them.
//
// Events carry what a read model shows, so a projector needs no state:
// created has accountNumber, userId and defaultAccount; suspended has the
// reason; the others name the account.
package accounts
