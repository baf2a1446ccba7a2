// Package orders is the orders context: its commands, events, state and
// rules, with no I/O. A command function loads an order's stream, folds it
// with Evolve, asks Decide, and appends what it returns:
//
//	cmd, err := orders.DecodeCommand(ce.Type(), ce.Data()) // failure.Invalid on bad data
//	state := orders.State{}
//	for _, e := range history {
//		state = orders.Evolve(state, e)
//	}
//	events, err := orders.Decide(state, cmd) // failure.Rejected when a rule refuses
//	// append events to orders.StreamID(cmd.AggregateID())
//
// The rules (refusals are failure.Rejected, e.g. "order o1 is deleted"):
//   - create needs an id never used before, even by a deleted order, and at
//     least one item.
//   - update and delete need an order that exists and is not deleted; an
//     update may not empty the items.
//
// Command data is read strictly (failure.Invalid): exactly the contract's
// fields, each once, with their JSON types; orderId, customer and sku are
// 1–128 characters without control characters; a quantity is a JSON
// integer from 1 to MaxQuantity. An item list naming the same sku twice is
// refused rather than merged, because a merge would guess the sender's
// intent. An update must give customer, items or both; items given replace
// the order's items.
//
// Queries (orders.order.get, orders.order.list) decode with DecodeQuery,
// as strictly; orderview answers them.
//
// Events carry what a read model shows, so a projector needs no state:
// created and updated both carry the order's full customer and items after
// the change (updated repeats the part that did not change).
package orders
