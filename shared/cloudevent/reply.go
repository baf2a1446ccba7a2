package cloudevent

import (
	"time"

	"github.com/cloudevents/sdk-go/v2/event"
	"github.com/google/uuid"

	"github.com/eventfn/eventfn/shared/eventstore"
	"github.com/eventfn/eventfn/shared/failure"
)

// CloudEvent extension attributes eventfn reads or writes.
const (
	// ExtConsistencyToken on a query asks it to wait until its read model
	// has applied the write that returned this token.
	ExtConsistencyToken = "consistencytoken"
	// ExtStream and ExtStreamVersion locate a published event in the log.
	ExtStream        = "stream"
	ExtStreamVersion = "streamversion"
	// ExtPartitionKey keeps one stream's events in order on a Kafka broker.
	ExtPartitionKey = "partitionkey"
	// ExtTraceparent carries W3C trace context through the log.
	ExtTraceparent = "traceparent"
)

// AcceptedSuffix is appended to a command's type to name its reply.
const AcceptedSuffix = ".accepted"

// replyNamespace scopes the deterministic ids of accepted replies.
var replyNamespace = uuid.MustParse("5a3d0b8e-3f0e-4c61-9d0c-6a7c2b1e9f40")

// AcceptedData is the data of a `<command type>.accepted` reply.
type AcceptedData struct {
	Stream  string                `json:"stream"`
	Version int64                 `json:"version"`
	Events  []eventstore.Appended `json:"events"`
	Token   string                `json:"token"`
}

// Accepted builds the reply to command event cmd that res answers. Its id
// is derived from the command's identity, so a redelivered command gets a
// byte-identical reply.
func Accepted(source string, cmd event.Event, aggregateID string, res eventstore.Result) (*event.Event, error) {
	reply := event.New()
	reply.SetID(uuid.NewSHA1(replyNamespace, []byte(cmd.Source()+"\x00"+cmd.ID())).String())
	reply.SetSource(source)
	reply.SetType(cmd.Type() + AcceptedSuffix)
	reply.SetSubject(aggregateID)
	events := res.Events
	if events == nil {
		events = []eventstore.Appended{}
	}
	data := AcceptedData{Stream: res.Stream, Version: res.Version, Events: events, Token: res.Token.Token()}
	if err := reply.SetData(event.ApplicationJSON, data); err != nil {
		return nil, err
	}
	return &reply, nil
}

// Reply builds a query's answer: one event of type typ about subject.
func Reply(source, typ, subject string, data any, now time.Time) (*event.Event, error) {
	reply := event.New()
	reply.SetID(uuid.NewString())
	reply.SetSource(source)
	reply.SetType(typ)
	reply.SetTime(now)
	if subject != "" {
		reply.SetSubject(subject)
	}
	if err := reply.SetData(event.ApplicationJSON, data); err != nil {
		return nil, err
	}
	return &reply, nil
}

// ConsistencyToken returns the consistencytoken extension of e, if any.
// A present but malformed token is invalid input.
func ConsistencyToken(e event.Event) (eventstore.Position, bool, error) {
	v, ok := e.Extensions()[ExtConsistencyToken]
	if !ok {
		return eventstore.Position{}, false, nil
	}
	s, ok := v.(string)
	if !ok {
		return eventstore.Position{}, false, failure.Invalidf("consistencytoken must be a string")
	}
	p, err := eventstore.ParseToken(s)
	return p, err == nil, err
}
