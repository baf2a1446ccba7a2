// Package functest drives eventfn functions in tests exactly as Knative
// does: through func-go's HTTP handler, with real CloudEvents in binary or
// structured mode, against a real PostgreSQL database.
//
//	srv := functest.Serve(t, function.New(), map[string]string{"DATABASE_URL": url})
//	res := functest.Send(t, srv.URL, functest.Event("accounts.account.create", "42", data))
//	if res.Status != 200 { ... }
package functest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/cloudevents/sdk-go/v2/binding"
	"github.com/cloudevents/sdk-go/v2/event"
	cehttp "github.com/cloudevents/sdk-go/v2/protocol/http"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/eventfn/eventfn/shared/pgtest"
	ce "knative.dev/func-go/cloudevents"
)

// Serve starts fn with cfg (if it has a Start method), waits until it is
// ready (if it has Ready), and serves it through func-go's handler until
// the test ends — the optional methods func-go itself looks for.
func Serve(t testing.TB, fn any, cfg map[string]string) *httptest.Server {
	t.Helper()
	ctx := context.Background()
	if s, ok := fn.(ce.Starter); ok {
		if err := s.Start(ctx, cfg); err != nil {
			t.Fatalf("start: %v", err)
		}
	}
	if s, ok := fn.(ce.Stopper); ok {
		t.Cleanup(func() { _ = s.Stop(ctx) })
	}
	if r, ok := fn.(ce.ReadinessReporter); ok {
		waitReady(t, r)
	}
	srv := httptest.NewServer(ce.New(fn).Handler)
	t.Cleanup(srv.Close)
	return srv
}

func waitReady(t testing.TB, fn ce.ReadinessReporter) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if ok, err := fn.Ready(context.Background()); err == nil && ok {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("function not ready after 10s")
}

// Event builds a CloudEvent of type typ with a fresh id, JSON data and an
// optional subject.
func Event(typ string, data any) event.Event {
	e := event.New()
	e.SetID(uuid.NewString())
	e.SetSource("/functest")
	e.SetType(typ)
	if err := e.SetData(event.ApplicationJSON, data); err != nil {
		panic(err)
	}
	return e
}

// Response is what a function answered.
type Response struct {
	Status int
	Body   string
	Event  *event.Event // the reply event, if any
}

// Data decodes the reply event's data into v, failing the test otherwise.
func (r Response) Data(t testing.TB, v any) {
	t.Helper()
	if r.Event == nil {
		t.Fatalf("no reply event (status %d, body %q)", r.Status, r.Body)
	}
	if err := json.Unmarshal(r.Event.Data(), v); err != nil {
		t.Fatalf("decode reply data %s: %v", r.Event.Data(), err)
	}
}

// Send posts e to url in binary content mode.
func Send(t testing.TB, url string, e event.Event) Response {
	t.Helper()
	res, err := Deliver(context.Background(), url, e)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// Deliver posts e to url in binary content mode and reads the answer; an
// error means no answer was had (for callers that retry).
func Deliver(ctx context.Context, url string, e event.Event) (Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, nil)
	if err != nil {
		return Response{}, err
	}
	if err := cehttp.WriteRequest(ctx, binding.ToMessage(&e), req); err != nil {
		return Response{}, fmt.Errorf("encode event: %w", err)
	}
	return roundTrip(req)
}

// SendStructured posts e to url in structured content mode.
func SendStructured(t testing.TB, url string, e event.Event) Response {
	t.Helper()
	body, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	return Post(t, url, "application/cloudevents+json", nil, body)
}

// Post sends a raw body with headers, for malformed requests.
func Post(t testing.TB, url, contentType string, headers map[string]string, body []byte) Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	return Do(t, req)
}

// Do sends req and reads the answer, decoding a reply event when there is one.
func Do(t testing.TB, req *http.Request) Response {
	t.Helper()
	res, err := roundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func roundTrip(req *http.Request) (Response, error) {
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return Response{}, fmt.Errorf("send: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return Response{}, fmt.Errorf("read response: %w", err)
	}
	res := Response{Status: resp.StatusCode, Body: string(body)}
	if resp.Header.Get("Ce-Id") != "" || strings.HasPrefix(resp.Header.Get("Content-Type"), "application/cloudevents+json") {
		resp.Body = io.NopCloser(bytes.NewReader(body))
		ev, err := binding.ToEvent(context.Background(), cehttp.NewMessageFromHttpResponse(resp))
		if err != nil {
			return res, fmt.Errorf("decode reply event: %w", err)
		}
		res.Event = ev
	}
	return res, nil
}

// Querier is what CountEvents needs of a pool.
type Querier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// CountEvents returns how many events the log holds.
func CountEvents(t testing.TB, q Querier) int {
	t.Helper()
	var n int
	if err := q.QueryRow(context.Background(), "SELECT count(*) FROM events").Scan(&n); err != nil {
		t.Fatalf("count events: %v", err)
	}
	return n
}

// Main runs a function package's tests on pgtest's PostgreSQL with the
// default logger at warning level, so refusals the tests provoke on purpose
// do not bury the failures. Call it from TestMain.
func Main(m *testing.M) {
	slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	pgtest.Main(m)
}

// NewDatabaseURL returns the URL of a fresh migrated database for this test.
func NewDatabaseURL(t testing.TB) string { return pgtest.NewDatabaseURL(t) }

// Step is one command sent to a function and the answer expected of it.
type Step struct {
	Event    event.Event
	Status   int
	Contains string // a substring of the body, for refusals
}

// Run sends each step's event in order and checks its status and body.
func Run(t *testing.T, url string, steps []Step) {
	t.Helper()
	for i, s := range steps {
		res := Send(t, url, s.Event)
		if res.Status != s.Status || !strings.Contains(res.Body, s.Contains) {
			t.Errorf("step %d (%s %s): status %d body %q, want %d containing %q",
				i, s.Event.Type(), s.Event.Data(), res.Status, res.Body, s.Status, s.Contains)
		}
	}
}

// FuzzCommands fuzzes a command function through func-go's handler: for
// any type in types and any data, it never answers 5xx, and whatever it
// does not accept appends nothing. Seeds are (type index, data) pairs.
func FuzzCommands(f *testing.F, fn any, types []string, seeds map[int][]string) {
	url := NewDatabaseURL(f)
	srv := Serve(f, fn, map[string]string{"DATABASE_URL": url})
	pool, err := pgxpool.New(context.Background(), url)
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(pool.Close)
	for i, datas := range seeds {
		for _, d := range datas {
			f.Add(uint8(i), []byte(d))
		}
	}
	f.Fuzz(func(t *testing.T, typ uint8, data []byte) {
		e := event.New()
		e.SetID(uuid.NewString())
		e.SetSource("/fuzz")
		e.SetType(types[int(typ)%len(types)])
		_ = e.SetData(event.ApplicationJSON, data)
		before := CountEvents(t, pool)
		res := Send(t, srv.URL, e)
		if res.Status >= 500 {
			t.Fatalf("%s %q: status %d, body %q", e.Type(), data, res.Status, res.Body)
		}
		if after := CountEvents(t, pool); res.Status != http.StatusOK && after != before {
			t.Fatalf("%s %q: refused with %d but the log grew from %d to %d", e.Type(), data, res.Status, before, after)
		}
	})
}
