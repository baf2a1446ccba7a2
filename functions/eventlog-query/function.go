// Package function is the eventlog-query Knative Function: it answers
// eventlog.events.list {type?, stream?, after?, limit?} with
// eventlog.events.page {events, next, more}, the log in commit-safe order.
//
// next is always present — the cursor after the last event returned, or the
// after given when nothing was new — so a client tails the log (or
// "subscribes" to a type) by polling with it; more says whether further
// events were already available.
package function

import (
	"bytes"
	"context"
	"encoding/json"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/eventfn/eventfn/shared/eventstore"
	"github.com/eventfn/eventfn/shared/failure"
	"github.com/eventfn/eventfn/shared/query"
)

// CloudEvent types of the query and its reply.
const (
	ListEvents = "eventlog.events.list"
	PageReply  = "eventlog.events.page"
)

// Page sizes.
const (
	defaultLimit = 100
	maxLimit     = 1000
)

// New returns the function; func-go calls Start before routing events to it.
func New() *query.Function[listQuery] {
	return query.NewFunction("eventlog-query", waitCommitSafe, decode, answer)
}

// waitCommitSafe makes a query with a consistency token wait until the
// write is readable in commit-safe order.
func waitCommitSafe(pool *pgxpool.Pool) query.WaitFunc {
	store := eventstore.New(pool)
	return func(ctx context.Context, token eventstore.Position, timeout time.Duration) error {
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		return store.WaitCommitSafe(ctx, token)
	}
}

// listQuery is eventlog.events.list's parameters, checked.
type listQuery struct {
	filter eventstore.Filter
	after  eventstore.Position
	limit  int
}

func decode(ceType string, params []byte) (listQuery, error) {
	if ceType != ListEvents {
		return listQuery{}, failure.Invalidf("unknown query type %q", ceType)
	}
	var p struct {
		Type   string `json:"type"`
		Stream string `json:"stream"`
		After  string `json:"after"`
		Limit  *int   `json:"limit"`
	}
	dec := json.NewDecoder(bytes.NewReader(params))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil || dec.More() {
		return listQuery{}, failure.Invalidf("%s: parameters are not {type?, stream?, after?, limit?}: %v", ListEvents, err)
	}
	q := listQuery{filter: eventstore.Filter{Stream: p.Stream}, limit: defaultLimit}
	if p.Type != "" {
		q.filter.Types = []string{p.Type}
	}
	if p.Limit != nil && (*p.Limit < 1 || *p.Limit > maxLimit) {
		return q, failure.Invalidf("limit %d is outside 1..%d", *p.Limit, maxLimit)
	} else if p.Limit != nil {
		q.limit = *p.Limit
	}
	var err error
	if p.After != "" {
		if q.after, err = eventstore.ParseToken(p.After); err != nil {
			return q, failure.Invalidf("malformed cursor %q", p.After)
		}
	}
	return q, nil
}

type event struct {
	ID      string          `json:"id"`
	Stream  string          `json:"stream"`
	Version int64           `json:"version"`
	Type    string          `json:"type"`
	Time    time.Time       `json:"time"`
	Data    json.RawMessage `json:"data"`
}

type page struct {
	Events []event `json:"events"`
	Next   string  `json:"next"`
	More   bool    `json:"more"`
}

func answer(ctx context.Context, pool *pgxpool.Pool, q listQuery) (string, any, error) {
	// One event more than the page tells whether more are available.
	got, err := eventstore.ReadAll(ctx, pool, q.after, q.limit+1, q.filter)
	if err != nil {
		return "", nil, err
	}
	return PageReply, pageOf(got, q.limit, q.after), nil
}

func pageOf(got []eventstore.RecordedEvent, limit int, after eventstore.Position) page {
	p := page{Events: []event{}, More: len(got) > limit, Next: after.Token()}
	got = got[:min(len(got), limit)]
	for _, e := range got {
		p.Events = append(p.Events, event{ID: e.ID, Stream: e.Stream, Version: e.Version, Type: e.Type, Time: e.RecordedAt.UTC(), Data: e.Data})
	}
	if len(got) > 0 {
		p.Next = got[len(got)-1].Checkpoint().Token()
	}
	return p
}
