// Package devbroker is an in-process CloudEvents broker with the data-plane
// contract of Knative Eventing's MTChannelBasedBroker, for `eventfn dev` and
// for flow tests. It routes by the very Broker and Trigger manifests that
// are deployed (config/), and delivers as Knative does:
//
//   - ingress POST /<namespace>/<broker>, binary or structured mode: 202 once
//     accepted, 400 for an invalid event (or one whose TTL is spent), 404 for
//     an unknown broker, 503 when the queue is full or the broker is closing;
//   - knativearrivaltime set at ingress, knativebrokerttl defaulted to 255 and
//     decremented on every pass through ingress (Knative's TTLDefaulter);
//   - Trigger filters built by config.Filter from Knative's subscriptionsapi
//     filters (exact, prefix, suffix, not, cesql; all and any composed
//     without the race in Knative's versions);
//   - retries, backoff and per-attempt timeout from the delivery spec through
//     Knative's RetryConfigFromDeliverySpec, retrying exactly the statuses of
//     its SelectiveRetry rule (5xx, 404, 408, 409, 429, transport errors);
//   - a failed delivery goes to the dead-letter sink with knativeerrorcode,
//     knativeerrordest and knativeerrordata (base64 of the response body,
//     truncated to 1024 characters);
//   - a 2xx reply that is a CloudEvent is re-enqueued with the TTL it was
//     delivered with; a 2xx reply with a non-empty body that is not a
//     CloudEvent is a failed delivery (Knative's filter answers 502).
//
// Each Trigger has its own bounded queue and workers, so a slow subscriber
// neither blocks ingress nor other Triggers; Close drains what was accepted.
//
//	b, triggers, err := devbroker.LoadManifests("config")
//	...
//	broker, err := devbroker.New(devbroker.Config{
//		Namespace: b.Namespace, Name: b.Name, Delivery: b.Spec.Delivery, Triggers: triggers,
//		Resolve: devbroker.ResolveByName(map[string]string{"orders-command": "http://127.0.0.1:8081"}),
//	})
//	...
//	go http.ListenAndServe(":8080", broker) // POST http://localhost:8080/eventfn/default
//	defer broker.Close(ctx)
package devbroker
