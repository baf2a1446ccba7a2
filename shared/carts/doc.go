// Package carts is the shopping cart context: its commands, events, state
// and rules, with no I/O. Every user has a cart, empty until something is
// added. A command function loads the cart's stream, folds it with Evolve,
// asks Decide, and appends what it returns:
//
//	cmd, err := carts.DecodeCommand(ce.Type(), ce.Data()) // failure.Invalid on bad data
//	state := carts.State{}
//	for _, e := range history {
//		state = carts.Evolve(state, e)
//	}
//	events, err := carts.Decide(state, cmd) // failure.Rejected when a rule refuses
//	// append events to carts.StreamID(cmd.AggregateID())
//
// The rules (refusals are failure.Rejected, e.g. "cart of user u1 is empty"):
//   - add needs a quantity from 1 to MaxQuantity and adds it to the sku's
//     line, which may not grow beyond MaxQuantity.
//   - update needs the sku's line to exist and a quantity from 1 to
//     MaxQuantity, which replaces the line's.
//   - remove needs the sku's line to exist.
//   - checkout needs a cart that is not empty; it records the lines as the
//     items of order orderId, sorted by sku, and empties the cart.
//
// Command data is read strictly (failure.Invalid): exactly the contract's
// fields, each once, with their JSON types; userId, sku and orderId are
// 1–128 characters without control characters; quantity is a JSON
// integer (its range is the rule above, so 0 is a 422, not a 400).
//
// The query carts.cart.get decodes with DecodeQuery, as strictly;
// cartview answers it.
//
// Events carry what a read model shows, so a projector needs no state:
// added carries both the quantity added and the line's resulting
// lineQuantity; checked-out carries the items that became the order.
package carts
