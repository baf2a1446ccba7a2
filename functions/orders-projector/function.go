// Package function is the orders-projector Knative Function: it keeps the orders
// read model up to date from the event log. Every event delivered to it —
// one of its context's events, or the periodic tick — is only a wake-up:
// it catches up from its checkpoint in commit-safe order, so duplicated,
// reordered or lost deliveries all end in the same read model.
package function

import (
	"github.com/eventfn/eventfn/shared/orders/orderview"
	"github.com/eventfn/eventfn/shared/projection"
)

// New returns the function; func-go calls Start before routing events to it.
func New() *projection.Function { return projection.NewFunction(orderview.New()) }
