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
func New() *query.Function {
	return query.NewFunction("eventlog-query", waitCommitSafe, query.Routes{ListEvents: list})
}

// waitCommitSafe makes a query with a consistency token wait until the
// write is readable in commit-safe order.
func waitCommitSafe(ctx context.Context, pool *pgxpool.Pool, token eventstore.Position, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	return eventstore.New(pool).WaitCommitSafe(ctx, token)
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

func list(ctx context.Context, pool *pgxpool.Pool, params []byte) (query.Answer, error) {
	var p struct {
		Type   string `json:"type"`
		Stream string `json:"stream"`
		After  string `json:"after"`
		Limit  *int   `json:"limit"`
	}
	if err := query.Decode(params, &p); err != nil {
		return query.Answer{}, err
	}
	limit, after, err := bounds(p.Limit, p.After)
	if err != nil {
		return query.Answer{}, err
	}
	filter := eventstore.Filter{Stream: p.Stream}
	if p.Type != "" {
		filter.Types = []string{p.Type}
	}
	// One event more than the page tells whether more are available.
	got, err := eventstore.ReadAll(ctx, pool, after, limit+1, filter)
	if err != nil {
		return query.Answer{}, err
	}
	return query.Answer{Type: PageReply, Data: pageOf(got, limit, after)}, nil
}

func bounds(limit *int, after string) (int, eventstore.Position, error) {
	n, err := query.Limit(limit, maxLimit)
	if err != nil || n == 0 {
		n = defaultLimit
	}
	if err != nil {
		return 0, eventstore.Position{}, err
	}
	if after == "" {
		return n, eventstore.Position{}, nil
	}
	pos, err := eventstore.ParseToken(after)
	if err != nil {
		return 0, pos, failure.Invalidf("malformed cursor %q", after)
	}
	return n, pos, nil
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
