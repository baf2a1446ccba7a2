package deadletter

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/cloudevents/sdk-go/v2/event"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/eventfn/eventfn/shared/cloudevent"
	"github.com/eventfn/eventfn/shared/failure"
)

// The extensions Knative sets on a dead-lettered event.
const (
	ExtErrorDest = "knativeerrordest"
	ExtErrorCode = "knativeerrorcode"
	ExtErrorData = "knativeerrordata"
)

// Querier is what these functions need of a pool or transaction.
type Querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// Letter is a stored dead letter.
type Letter struct {
	ID            int64       `json:"id"`
	Event         event.Event `json:"event"`
	Dest          string      `json:"dest"`
	Code          int         `json:"code"`
	Data          string      `json:"data"`
	Received      int         `json:"received"`
	FirstReceived time.Time   `json:"firstReceivedAt"`
	LastReceived  time.Time   `json:"lastReceivedAt"`
	RedrivenAt    *time.Time  `json:"redrivenAt,omitempty"`
}

// Reason is what the broker said about why it gave up on e.
type Reason struct {
	Dest string
	Code int
	Data string
}

// ReasonOf decodes the knativeerror* extensions of e. A missing extension
// leaves its field empty: a dead letter sent by hand still gets stored.
func ReasonOf(e event.Event) (Reason, error) {
	ext := e.Extensions()
	var r Reason
	r.Dest, _ = ext[ExtErrorDest].(string)
	if code, ok := ext[ExtErrorCode]; ok {
		n, err := strconv.Atoi(fmt.Sprint(code))
		if err != nil {
			return r, failure.Invalidf("knativeerrorcode %q is not a number", fmt.Sprint(code))
		}
		r.Code = n
	}
	if data, ok := ext[ExtErrorData].(string); ok {
		r.Data = decodeData(data)
	}
	return r, nil
}

// decodeData undoes Knative's base64 of the response body; a value that is
// not base64 is kept as it came.
func decodeData(s string) string {
	if b, err := base64.StdEncoding.DecodeString(s); err == nil {
		return string(b)
	}
	return s
}

// Record stores dead letter e, counting repeats of the same event for the
// same destination, and returns its id.
func Record(ctx context.Context, q Querier, e event.Event) (int64, error) {
	r, err := ReasonOf(e)
	if err != nil {
		return 0, err
	}
	raw, err := json.Marshal(e)
	if err != nil {
		return 0, failure.Invalidf("encode dead letter: %v", err)
	}
	var id int64
	err = q.QueryRow(ctx, `
		INSERT INTO dead_letters (event_source, event_id, event_type, error_dest, error_code, error_data, event)
		VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (event_source, event_id, error_dest) DO UPDATE
		SET received = dead_letters.received + 1, last_received_at = now(),
		    error_code = excluded.error_code, error_data = excluded.error_data
		RETURNING id`,
		e.Source(), e.ID(), e.Type(), r.Dest, nullCode(r.Code), r.Data, raw).Scan(&id)
	if err != nil {
		return 0, failure.Wrap(failure.Unavailable, "record dead letter", err)
	}
	return id, nil
}

func nullCode(code int) *int {
	if code == 0 {
		return nil
	}
	return &code
}

// List returns the newest dead letters first, at most limit of them.
func List(ctx context.Context, q Querier, limit int) ([]Letter, error) {
	rows, err := q.Query(ctx, selectLetters+" ORDER BY id DESC LIMIT $1", limit)
	if err != nil {
		return nil, fmt.Errorf("list dead letters: %w", err)
	}
	return pgx.CollectRows(rows, scanLetter)
}

// Get returns dead letter id, or a failure.NotFound error.
func Get(ctx context.Context, q Querier, id int64) (Letter, error) {
	rows, err := q.Query(ctx, selectLetters+" WHERE id = $1", id)
	if err != nil {
		return Letter{}, fmt.Errorf("get dead letter %d: %w", id, err)
	}
	l, err := pgx.CollectExactlyOneRow(rows, scanLetter)
	if errors.Is(err, pgx.ErrNoRows) {
		return Letter{}, failure.NotFoundf("no dead letter %d", id)
	}
	return l, err
}

const selectLetters = `SELECT id, event, error_dest, coalesce(error_code, 0), error_data, received,
	first_received_at, last_received_at, redriven_at FROM dead_letters`

func scanLetter(row pgx.CollectableRow) (Letter, error) {
	var l Letter
	var raw []byte
	err := row.Scan(&l.ID, &raw, &l.Dest, &l.Code, &l.Data, &l.Received, &l.FirstReceived, &l.LastReceived, &l.RedrivenAt)
	if err != nil {
		return l, err
	}
	return l, json.Unmarshal(raw, &l.Event)
}

// Redrive sends dead letter id, without the knativeerror* extensions, to
// the destination that failed it, and marks it redriven on a 2xx.
func Redrive(ctx context.Context, q Querier, client *http.Client, id int64) error {
	l, err := Get(ctx, q, id)
	if err != nil {
		return err
	}
	if l.Dest == "" {
		return failure.Rejectedf("dead letter %d names no destination", id)
	}
	if err := cloudevent.Post(ctx, client, l.Dest, original(l.Event)); err != nil {
		return fmt.Errorf("redrive %d to %s: %w", id, l.Dest, err)
	}
	_, err = q.Exec(ctx, "UPDATE dead_letters SET redriven_at = now() WHERE id = $1", id)
	return err
}

func original(e event.Event) event.Event {
	out := e.Clone()
	for _, name := range []string{ExtErrorDest, ExtErrorCode, ExtErrorData} {
		out.SetExtension(name, nil)
	}
	return out
}
