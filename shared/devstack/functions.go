package devstack

import (
	accountscommand "github.com/eventfn/eventfn/functions/accounts-command"
	accountsprojector "github.com/eventfn/eventfn/functions/accounts-projector"
	accountsquery "github.com/eventfn/eventfn/functions/accounts-query"
	cartscommand "github.com/eventfn/eventfn/functions/carts-command"
	cartsprojector "github.com/eventfn/eventfn/functions/carts-projector"
	cartsquery "github.com/eventfn/eventfn/functions/carts-query"
	checkoutprocessor "github.com/eventfn/eventfn/functions/checkout-processor"
	deadletterfn "github.com/eventfn/eventfn/functions/deadletter"
	eventlogquery "github.com/eventfn/eventfn/functions/eventlog-query"
	orderscommand "github.com/eventfn/eventfn/functions/orders-command"
	ordersprojector "github.com/eventfn/eventfn/functions/orders-projector"
	ordersquery "github.com/eventfn/eventfn/functions/orders-query"
	relayfn "github.com/eventfn/eventfn/functions/relay"
)

// function is one function of the system: its name (its folder under
// functions/, its Knative Service) and how to make a fresh instance.
type function struct {
	name    string
	new     func() any
	example example
}

// example is a CloudEvent worth sending to a function first.
type example struct {
	ceType string
	data   string
}

// catalogue lists every function in port order: the ones people call
// first, then the ones the broker calls.
func catalogue() []function {
	return []function{
		{"accounts-command", func() any { return accountscommand.New() }, example{"accounts.account.create", `{"accountNumber":"42","userId":7,"defaultAccount":true}`}},
		{"accounts-query", func() any { return accountsquery.New() }, example{"accounts.account.get", `{"accountNumber":"42"}`}},
		{"orders-command", func() any { return orderscommand.New() }, example{"orders.order.create", `{"orderId":"o-1","customer":"ann","items":[{"sku":"apple","quantity":2}]}`}},
		{"orders-query", func() any { return ordersquery.New() }, example{"orders.order.get", `{"orderId":"o-1"}`}},
		{"carts-command", func() any { return cartscommand.New() }, example{"carts.item.add", `{"userId":"ann","sku":"pear","quantity":1}`}},
		{"carts-query", func() any { return cartsquery.New() }, example{"carts.cart.get", `{"userId":"ann"}`}},
		{"eventlog-query", func() any { return eventlogquery.New() }, example{"eventlog.events.list", `{"limit":10}`}},
		{"accounts-projector", func() any { return accountsprojector.New() }, example{tickType, tickData}},
		{"orders-projector", func() any { return ordersprojector.New() }, example{tickType, tickData}},
		{"carts-projector", func() any { return cartsprojector.New() }, example{tickType, tickData}},
		{"checkout-processor", func() any { return checkoutprocessor.New() }, example{"carts.cart.checked-out", `{"userId":"ann","orderId":"o-2","items":[{"sku":"pear","quantity":1}]}`}},
		{"deadletter", func() any { return deadletterfn.New() }, example{"orders.order.create", `{"orderId":"o-3"}`}},
		{"relay", func() any { return relayfn.New() }, example{tickType, tickData}},
	}
}
