package devbroker

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cloudevents/sdk-go/v2/event"
	eventingv1 "knative.dev/eventing/pkg/apis/eventing/v1"
)

func TestIngressAcceptsBinaryAndStructuredEvents(t *testing.T) {
	fn := accepting(t)
	b, url := start(t, oneTrigger(&Config{}), map[string]*subscriber{"fn": fn})
	if s := post(t, url, newEvent("bin", "shop.order.created", "/shop"), false); s != http.StatusAccepted {
		t.Errorf("binary: status %d", s)
	}
	if s := post(t, url, newEvent("str", "shop.order.created", "/shop"), true); s != http.StatusAccepted {
		t.Errorf("structured: status %d", s)
	}
	closeBroker(t, b)
	var ids []string
	for _, r := range fn.received() {
		ids = append(ids, r.event.ID())
		if string(r.event.Data()) != `{"id":"`+r.event.ID()+`"}` {
			t.Errorf("event %s data = %s", r.event.ID(), r.event.Data())
		}
	}
	if len(ids) != 2 {
		t.Errorf("delivered %v, want both", ids)
	}
}

func TestIngressRefusesWhatKnativeRefuses(t *testing.T) {
	_, url := start(t, oneTrigger(&Config{}), map[string]*subscriber{"fn": accepting(t)})
	binary := func(drop string) http.Header {
		h := http.Header{"Ce-Specversion": {"1.0"}, "Ce-Id": {"1"}, "Ce-Type": {"t"}, "Ce-Source": {"/s"}, "Content-Type": {"application/json"}}
		h.Del(drop)
		return h
	}
	spent := newEvent("e1", "shop.order.created", "/shop")
	spent.SetExtension("knativebrokerttl", 0)
	cases := []struct {
		name   string
		status int
		send   func() int
	}{
		{"no id", 400, func() int { return postRaw(t, url, binary("Ce-Id"), "{}") }},
		{"no source", 400, func() int { return postRaw(t, url, binary("Ce-Source"), "{}") }},
		{"not a cloudevent", 400, func() int { return postRaw(t, url, http.Header{"Content-Type": {"text/plain"}}, "hello") }},
		{"broken structured json", 400, func() int {
			return postRaw(t, url, http.Header{"Content-Type": {"application/cloudevents+json"}}, `{"specversion":"1.0",`)
		}},
		{"spent ttl", 400, func() int { return post(t, url, spent, false) }},
		{"unknown broker", 404, func() int {
			return post(t, strings.Replace(url, "/default", "/other", 1), newEvent("e", "t", "/s"), false)
		}},
		{"unknown namespace", 404, func() int {
			return post(t, strings.Replace(url, "/test/", "/prod/", 1), newEvent("e", "t", "/s"), false)
		}},
		{"no broker in path", 400, func() int {
			return post(t, strings.Replace(url, "/test/default", "/test", 1), newEvent("e", "t", "/s"), false)
		}},
	}
	for _, c := range cases {
		if got := c.send(); got != c.status {
			t.Errorf("%s: status %d, want %d", c.name, got, c.status)
		}
	}
	resp, err := http.Get(url)
	if err != nil || resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET: %v %v", resp.StatusCode, err)
	}
}

func TestAFullQueueAnswers503AndDelaysNoOtherTrigger(t *testing.T) {
	release := make(chan struct{})
	slow := newSubscriber(t, func(int, event.Event, http.ResponseWriter) { <-release })
	fast := accepting(t)
	cfg := Config{QueueSize: 1, Workers: 1, Triggers: []*eventingv1.Trigger{trigger("slow", "shop.slow"), trigger("fast", "shop.fast")}}
	b, url := start(t, cfg, map[string]*subscriber{"slow": slow, "fast": fast})
	refused := false
	for i := 0; i < 20 && !refused; i++ {
		refused = post(t, url, newEvent("s"+string(rune('a'+i)), "shop.slow", "/shop"), false) == http.StatusServiceUnavailable
	}
	if !refused {
		t.Fatal("ingress kept accepting with a stuck subscriber and a queue of 1")
	}
	close(release)
	closeBroker(t, b)
	if n := len(slow.received()); n < 3 {
		t.Errorf("slow subscriber got %d events; accepted events must all be delivered", n)
	}
}

func TestCloseDeliversEverythingAcceptedThenRefusesNewEvents(t *testing.T) {
	fn := newSubscriber(t, func(int, event.Event, http.ResponseWriter) { time.Sleep(5 * time.Millisecond) })
	b, url := start(t, oneTrigger(&Config{Workers: 2}), map[string]*subscriber{"fn": fn})
	for i := range 30 {
		if s := post(t, url, newEvent(string(rune('A'+i)), "shop.order.created", "/shop"), false); s != http.StatusAccepted {
			t.Fatalf("post %d: %d", i, s)
		}
	}
	closeBroker(t, b)
	if n := len(fn.received()); n != 30 {
		t.Errorf("delivered %d of 30 accepted events", n)
	}
	if s := post(t, url, newEvent("late", "shop.order.created", "/shop"), false); s != http.StatusServiceUnavailable {
		t.Errorf("post after close: %d, want 503", s)
	}
}

func TestCloseGivesUpWhenItsContextEnds(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	fn := newSubscriber(t, func(int, event.Event, http.ResponseWriter) { <-release })
	b, url := start(t, oneTrigger(&Config{}), map[string]*subscriber{"fn": fn})
	post(t, url, newEvent("e1", "shop.order.created", "/shop"), false)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	started := time.Now()
	if err := b.Close(ctx); err == nil {
		t.Error("close reported a clean drain while a delivery was stuck")
	}
	if time.Since(started) > 2*time.Second {
		t.Errorf("close took %v after its context ended", time.Since(started))
	}
}
