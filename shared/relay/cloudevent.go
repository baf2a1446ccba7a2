package relay

import (
	"strconv"
	"strings"

	"github.com/cloudevents/sdk-go/v2/event"

	"github.com/eventfn/eventfn/shared/cloudevent"
	"github.com/eventfn/eventfn/shared/eventstore"
)

// ToCloudEvent is the published form of a logged event: its id, type and
// data, the source of its context, the aggregate id as subject, and the
// extensions that locate it in the log. partitionkey keeps a stream's
// events in order on brokers that honour it.
func ToCloudEvent(r eventstore.RecordedEvent) event.Event {
	e := event.New()
	e.SetID(r.ID)
	e.SetType(r.Type)
	e.SetSource("/eventfn/" + contextOf(r.Type))
	e.SetSubject(aggregateOf(r.Stream))
	e.SetTime(r.RecordedAt.UTC())
	e.SetExtension(cloudevent.ExtStream, r.Stream)
	e.SetExtension(cloudevent.ExtStreamVersion, strconv.FormatInt(r.Version, 10))
	e.SetExtension(cloudevent.ExtPartitionKey, r.Stream)
	if r.Metadata.Traceparent != "" {
		e.SetExtension(cloudevent.ExtTraceparent, r.Metadata.Traceparent)
	}
	if r.Metadata.Correlation != "" {
		e.SetExtension("correlationid", r.Metadata.Correlation)
	}
	_ = e.SetData(event.ApplicationJSON, []byte(r.Data))
	return e
}

// contextOf names an event type's bounded context: "accounts" for
// "accounts.account.created".
func contextOf(eventType string) string {
	ctx, _, _ := strings.Cut(eventType, ".")
	return ctx
}

// aggregateOf returns the aggregate id of a stream: "42" for "account-42".
func aggregateOf(stream string) string {
	if _, id, ok := strings.Cut(stream, "-"); ok {
		return id
	}
	return stream
}
