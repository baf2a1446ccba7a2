package devbroker

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	cloudevents "github.com/cloudevents/sdk-go/v2"
	"github.com/cloudevents/sdk-go/v2/binding"
	"github.com/cloudevents/sdk-go/v2/event"
	cehttp "github.com/cloudevents/sdk-go/v2/protocol/http"
	cetypes "github.com/cloudevents/sdk-go/v2/types"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	eventingduckv1 "knative.dev/eventing/pkg/apis/duck/v1"
	eventingv1 "knative.dev/eventing/pkg/apis/eventing/v1"
	duckv1 "knative.dev/pkg/apis/duck/v1"
	"knative.dev/pkg/ptr"
)

// received is one request as a subscriber saw it.
type received struct {
	at          time.Time
	event       event.Event
	contentType string
}

// subscriber is an httptest server that records every event it receives
// and answers with respond.
type subscriber struct {
	*httptest.Server
	mu      sync.Mutex
	got     []received
	respond func(n int, e event.Event, w http.ResponseWriter)
}

func newSubscriber(t *testing.T, respond func(n int, e event.Event, w http.ResponseWriter)) *subscriber {
	t.Helper()
	s := &subscriber{respond: respond}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

// accepting answers 200 with an empty body.
func accepting(t *testing.T) *subscriber {
	return newSubscriber(t, func(int, event.Event, http.ResponseWriter) {})
}

func (s *subscriber) serve(w http.ResponseWriter, r *http.Request) {
	e, err := cehttp.NewEventFromHTTPRequest(r)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	s.got = append(s.got, received{at: time.Now(), event: *e, contentType: r.Header.Get("Content-Type")})
	n := len(s.got)
	s.mu.Unlock()
	if s.respond != nil {
		s.respond(n, *e, w)
	}
}

func (s *subscriber) received() []received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]received(nil), s.got...)
}

func (s *subscriber) types() []string {
	var out []string
	for _, r := range s.received() {
		out = append(out, r.event.Type())
	}
	return out
}

// replyWith writes e as a binary-mode CloudEvent response with status.
func replyWith(t *testing.T, w http.ResponseWriter, status int, e event.Event) {
	if err := cehttp.WriteResponseWriter(context.Background(), binding.ToMessage(&e), status, w); err != nil {
		t.Errorf("write reply: %v", err)
	}
}

func newEvent(id, ceType, source string) event.Event {
	e := cloudevents.NewEvent()
	e.SetID(id)
	e.SetType(ceType)
	e.SetSource(source)
	_ = e.SetData(cloudevents.ApplicationJSON, map[string]string{"id": id})
	return e
}

// trigger builds a Trigger on broker test/default for an exact type, whose
// subscriber is the function named name.
func trigger(name, ceType string) *eventingv1.Trigger {
	return &eventingv1.Trigger{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "test"},
		Spec: eventingv1.TriggerSpec{
			Broker:     "default",
			Filters:    []eventingv1.SubscriptionsAPIFilter{{Exact: map[string]string{"type": ceType}}},
			Subscriber: duckv1.Destination{Ref: &duckv1.KReference{APIVersion: "serving.knative.dev/v1", Kind: "Service", Name: name}},
		},
	}
}

// delivery is a spec with retries, exponential backoff, a timeout and a
// dead-letter sink named "dls".
func delivery(retry int32, backoff, timeout string) *eventingduckv1.DeliverySpec {
	policy := eventingduckv1.BackoffPolicyExponential
	return &eventingduckv1.DeliverySpec{
		Retry:          ptr.Int32(retry),
		BackoffPolicy:  &policy,
		BackoffDelay:   ptr.String(backoff),
		Timeout:        ptr.String(timeout),
		DeadLetterSink: &duckv1.Destination{Ref: &duckv1.KReference{APIVersion: "serving.knative.dev/v1", Kind: "Service", Name: "dls"}},
	}
}

// start runs a broker test/default over the given subscribers and serves
// its ingress; the broker is closed (drained) by the test's cleanup unless
// the test closes it first.
func start(t *testing.T, cfg Config, subs map[string]*subscriber) (*Broker, string) {
	t.Helper()
	urls := map[string]string{}
	for name, s := range subs {
		urls[name] = s.URL
	}
	if cfg.Namespace == "" {
		cfg.Namespace, cfg.Name = "test", "default"
	}
	cfg.Resolve = ResolveByName(urls)
	cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	b, err := New(cfg)
	if err != nil {
		t.Fatalf("new broker: %v", err)
	}
	srv := httptest.NewServer(b)
	t.Cleanup(func() {
		srv.Close()
		_ = b.Close(context.Background())
	})
	return b, srv.URL + "/" + cfg.Namespace + "/" + cfg.Name
}

// post sends e in binary mode (or structured) and returns the status.
func post(t *testing.T, url string, e event.Event, structured bool) int {
	t.Helper()
	ctx := context.Background()
	if structured {
		ctx = binding.WithForceStructured(ctx)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := cehttp.WriteRequest(ctx, binding.ToMessage(&e), req); err != nil {
		t.Fatal(err)
	}
	return do(t, req)
}

func postRaw(t *testing.T, url string, header http.Header, body string) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header = header
	return do(t, req)
}

func do(t *testing.T, req *http.Request) int {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("post: %v", err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode
}

// closeBroker drains b, failing the test if that takes longer than 10 s.
func closeBroker(t *testing.T, b *Broker) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := b.Close(ctx); err != nil {
		t.Fatalf("close: %v", err)
	}
}

func extension(t *testing.T, e event.Event, name string) string {
	t.Helper()
	v, ok := e.Extensions()[name]
	if !ok {
		t.Fatalf("event %s has no extension %s (has %v)", e.ID(), name, e.Extensions())
	}
	s, err := cetypes.ToString(v)
	if err != nil {
		t.Fatalf("extension %s: %v", name, err)
	}
	return s
}
