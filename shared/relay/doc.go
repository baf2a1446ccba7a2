// Package relay publishes the event log to a CloudEvents sink (the Knative
// Broker, or the devbroker in `eventfn dev`): every committed event, at
// least once, in commit-safe order per batch, and nothing that did not
// commit.
//
//	r, err := relay.New(pool, relay.Config{Sink: os.Getenv("K_SINK")})
//	...
//	err = r.Run(ctx) // blocks; returns when ctx ends
//
// Only one replica publishes: Run first takes a PostgreSQL advisory lock on
// a connection it keeps, and writes its checkpoint through that same
// connection, so a replica that lost the lock (its connection died) can no
// longer move the checkpoint. Another replica waits for the lock and takes
// over from the last checkpoint.
//
// Within a batch, events are published concurrently and each is retried
// with capped exponential backoff until the sink acknowledges it with a
// 2xx; the checkpoint moves only past a batch whose every event was
// acknowledged. Restarting therefore resends at most one batch.
package relay
