// Package cloudevent is the edge between CloudEvents and eventfn's shared
// code: it reads command and query data off an event, builds the reply
// events of DESIGN §3, and maps every failure to its HTTP status in one
// table, so the broker retries exactly what can succeed later.
//
// A function's Handle reads like this:
//
//	func (f *Function) Handle(ctx context.Context, e event.Event) (*event.Event, error) {
//		reply, err := f.commands.Handle(ctx, e)
//		if err != nil {
//			return nil, cloudevent.Fail(ctx, f.log, e, err)
//		}
//		return reply, nil
//	}
//
// Fail returns a result the CloudEvents SDK (and so func-go) writes as the
// status of the response, with a one-line body for the caller; 5xx bodies
// never carry internal detail, which goes to the log instead.
package cloudevent
