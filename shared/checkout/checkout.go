// Package checkout joins the carts and orders contexts: a checked-out cart
// becomes an order. It is a stateless process: everything it needs is in
// the checked-out event, and the command it produces is a pure function of
// that event.
//
//	cmd := checkout.PlaceOrder(checkedOut) // orders.Create{OrderID, Customer, Items}
package checkout

import (
	"github.com/eventfn/eventfn/shared/carts"
	"github.com/eventfn/eventfn/shared/orders"
)

// PlaceOrder is the orders.Create command for a checked-out cart: the
// order the cart named, for the cart's user, with the cart's lines.
func PlaceOrder(e carts.CheckedOut) orders.Create {
	items := make([]orders.Item, len(e.Items))
	for i, it := range e.Items {
		items[i] = orders.Item{SKU: it.SKU, Quantity: it.Quantity}
	}
	return orders.Create{OrderID: e.OrderID, Customer: e.UserID, Items: items}
}
