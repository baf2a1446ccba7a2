// Package function is the checkout-processor Knative Function. On
// carts.cart.checked-out it replies with the orders.order.create command
// for that cart; the broker routes the reply to orders-command.
//
// The command's id is derived from the checkout event's source and id, so a
// redelivered checkout yields the same command, which orders-command
// recognises and answers without creating a second order.
package function

import (
	"context"
	"encoding/json"
	"log/slog"

	"github.com/cloudevents/sdk-go/v2/event"
	"github.com/google/uuid"

	"github.com/eventfn/eventfn/shared/carts"
	"github.com/eventfn/eventfn/shared/checkout"
	"github.com/eventfn/eventfn/shared/cloudevent"
	"github.com/eventfn/eventfn/shared/failure"
	"github.com/eventfn/eventfn/shared/orders"
)

// source signs the commands this processor sends.
const source = "/eventfn/checkout-processor"

// commandNamespace scopes the ids derived from checkout events.
var commandNamespace = uuid.MustParse("c7e1f1a2-5b8d-4f0e-a3c9-1d2e3f405162")

// Function turns checkouts into order commands. It holds no state.
type Function struct{ log *slog.Logger }

// New returns the function.
func New() *Function { return &Function{log: slog.Default().With("function", "checkout-processor")} }

// Handle answers a checked-out event with its order command.
func (f *Function) Handle(ctx context.Context, e event.Event) (*event.Event, error) {
	cmd, err := orderCommand(e)
	if err != nil {
		return nil, cloudevent.Fail(ctx, f.log, e, err)
	}
	return cmd, nil
}

func orderCommand(e event.Event) (*event.Event, error) {
	if e.Type() != carts.CartCheckedOut {
		return nil, failure.Invalidf("checkout-processor handles %s, not %q", carts.CartCheckedOut, e.Type())
	}
	data, err := cloudevent.Data(e)
	if err != nil {
		return nil, err
	}
	decoded, err := carts.DecodeEvent(e.Type(), data)
	if err != nil {
		return nil, err
	}
	create := checkout.PlaceOrder(decoded.(carts.CheckedOut))
	if err := valid(create); err != nil {
		return nil, err
	}
	cmd := event.New()
	cmd.SetID(uuid.NewSHA1(commandNamespace, []byte(e.Source()+"\x00"+e.ID())).String())
	cmd.SetSource(source)
	cmd.SetType(orders.CreateOrder)
	cmd.SetSubject(create.OrderID)
	cmd.SetExtension("correlationid", correlation(e))
	return &cmd, cmd.SetData(event.ApplicationJSON, create)
}

// valid checks create against the orders contract, so a broken checkout
// is refused here, where it arrived, rather than downstream.
func valid(create orders.Create) error {
	data, err := json.Marshal(create)
	if err != nil {
		return err
	}
	if _, err := orders.DecodeCommand(orders.CreateOrder, data); err != nil {
		return failure.Invalidf("checked-out event makes no valid order: %s", failure.Message(err))
	}
	return nil
}

// correlation carries the checkout's correlation id on to the order, so
// the order's events trace back to the cart command that started it.
func correlation(e event.Event) string {
	if c, ok := e.Extensions()["correlationid"].(string); ok && c != "" {
		return c
	}
	return e.ID()
}
