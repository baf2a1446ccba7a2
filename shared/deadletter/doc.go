// Package deadletter keeps the events a Knative broker gave up on, with why
// it gave up, and sends them again on request.
//
//	id, err := deadletter.Record(ctx, pool, e)     // in the deadletter function
//	letters, err := deadletter.List(ctx, pool, 50) // eventfn deadletters list
//	err = deadletter.Redrive(ctx, pool, client, id) // eventfn deadletters redrive <id>
//
// The broker marks a dead letter with three extensions: knativeerrordest,
// the subscriber that failed; knativeerrorcode, its last HTTP status; and
// knativeerrordata, the start of its response body, base64-encoded. Record
// decodes them into columns; Redrive strips them and posts the original
// event to that destination.
package deadletter
