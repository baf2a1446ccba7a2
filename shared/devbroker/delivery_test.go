package devbroker

import (
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cloudevents/sdk-go/v2/event"
	eventingv1 "knative.dev/eventing/pkg/apis/eventing/v1"
)

// failing answers every request with status and body.
func failing(t *testing.T, status int, body string) *subscriber {
	return newSubscriber(t, func(_ int, _ event.Event, w http.ResponseWriter) {
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	})
}

func oneTrigger(d *Config) Config {
	d.Triggers = []*eventingv1.Trigger{trigger("fn", "shop.order.created")}
	return *d
}

func TestA503IsRetriedWithExponentialBackoffThenDeadLettered(t *testing.T) {
	fn, dls := failing(t, http.StatusServiceUnavailable, "down for now"), accepting(t)
	// PT0.1S: Knative's period parser keeps one decimal of seconds.
	b, url := start(t, oneTrigger(&Config{Delivery: delivery(3, "PT0.1S", "PT5S")}), map[string]*subscriber{"fn": fn, "dls": dls})
	post(t, url, newEvent("e1", "shop.order.created", "/shop"), false)
	closeBroker(t, b)

	got := fn.received()
	if len(got) != 4 {
		t.Fatalf("attempts = %d, want 1 + 3 retries", len(got))
	}
	for i, want := range []time.Duration{100 * time.Millisecond, 200 * time.Millisecond, 400 * time.Millisecond} {
		gap := got[i+1].at.Sub(got[i].at)
		if gap < want || gap > want+time.Second {
			t.Errorf("wait before retry %d = %v, want about %v", i+1, gap, want)
		}
	}
	dead := dls.received()
	if len(dead) != 1 || dead[0].event.ID() != "e1" {
		t.Fatalf("dead letters = %d, want the event e1", len(dead))
	}
	e := dead[0].event
	if code := extension(t, e, "knativeerrorcode"); code != "503" {
		t.Errorf("knativeerrorcode = %s", code)
	}
	if dest := extension(t, e, "knativeerrordest"); dest != fn.URL {
		t.Errorf("knativeerrordest = %s, want %s", dest, fn.URL)
	}
	if data := extension(t, e, "knativeerrordata"); data != base64.StdEncoding.EncodeToString([]byte("down for now")) {
		t.Errorf("knativeerrordata = %s", data)
	}
}

func TestStatusesKnativeDoesNotRetryAreDeadLetteredAtOnce(t *testing.T) {
	for _, status := range []int{400, 403, 422} {
		t.Run(strconv.Itoa(status), func(t *testing.T) {
			t.Parallel()
			fn, dls := failing(t, status, "no"), accepting(t)
			b, url := start(t, oneTrigger(&Config{Delivery: delivery(5, "PT0.1S", "PT5S")}), map[string]*subscriber{"fn": fn, "dls": dls})
			post(t, url, newEvent("e1", "shop.order.created", "/shop"), false)
			closeBroker(t, b)
			if n := len(fn.received()); n != 1 {
				t.Errorf("attempts = %d, want 1", n)
			}
			dead := dls.received()
			if len(dead) != 1 || extension(t, dead[0].event, "knativeerrorcode") != strconv.Itoa(status) {
				t.Errorf("dead letters = %+v", dead)
			}
		})
	}
}

func TestStatusesKnativeRetriesAreRetried(t *testing.T) {
	for _, status := range []int{404, 408, 409, 429, 500, 502} {
		t.Run(strconv.Itoa(status), func(t *testing.T) {
			t.Parallel()
			fn := newSubscriber(t, func(n int, _ event.Event, w http.ResponseWriter) {
				if n < 3 {
					w.WriteHeader(status)
				}
			})
			dls := accepting(t)
			b, url := start(t, oneTrigger(&Config{Delivery: delivery(5, "PT0.1S", "PT5S")}), map[string]*subscriber{"fn": fn, "dls": dls})
			post(t, url, newEvent("e1", "shop.order.created", "/shop"), false)
			closeBroker(t, b)
			if n := len(fn.received()); n != 3 {
				t.Errorf("attempts = %d, want 2 failures then a success", n)
			}
			if n := len(dls.received()); n != 0 {
				t.Errorf("%d dead letters after an eventual success", n)
			}
		})
	}
}

func TestASlowSubscriberTimesOutAndIsRetriedThenDeadLettered(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	fn := newSubscriber(t, func(_ int, _ event.Event, w http.ResponseWriter) {
		select {
		case <-release:
		case <-time.After(2 * time.Second):
		}
	})
	dls := accepting(t)
	b, url := start(t, oneTrigger(&Config{Delivery: delivery(1, "PT0.1S", "PT0.1S")}), map[string]*subscriber{"fn": fn, "dls": dls})
	started := time.Now()
	post(t, url, newEvent("e1", "shop.order.created", "/shop"), false)
	closeBroker(t, b)
	if elapsed := time.Since(started); elapsed > time.Second {
		t.Errorf("two attempts with a 100ms timeout took %v", elapsed)
	}
	if n := len(fn.received()); n != 2 {
		t.Errorf("attempts = %d, want 2", n)
	}
	dead := dls.received()
	if len(dead) != 1 {
		t.Fatalf("dead letters = %d", len(dead))
	}
	data, err := base64.StdEncoding.DecodeString(extension(t, dead[0].event, "knativeerrordata"))
	if extension(t, dead[0].event, "knativeerrorcode") != "500" || err != nil || !strings.HasPrefix(string(data), "dispatch error: ") {
		t.Errorf("dead letter of a timeout: code %s data %q", extension(t, dead[0].event, "knativeerrorcode"), data)
	}
}

func TestErrorDataIsTruncatedAsKnativeDoes(t *testing.T) {
	fn, dls := failing(t, 400, strings.Repeat("x", 2000)), accepting(t)
	b, url := start(t, oneTrigger(&Config{Delivery: delivery(0, "PT0.1S", "PT5S")}), map[string]*subscriber{"fn": fn, "dls": dls})
	post(t, url, newEvent("e1", "shop.order.created", "/shop"), false)
	closeBroker(t, b)
	data := extension(t, dls.received()[0].event, "knativeerrordata")
	if len(data) != 1024 || !strings.HasPrefix(base64.StdEncoding.EncodeToString([]byte(strings.Repeat("x", 2000))), data) {
		t.Errorf("knativeerrordata has %d characters, want the first 1024 of the base64", len(data))
	}
}

func TestWithoutADeadLetterSinkAFailedEventIsDropped(t *testing.T) {
	fn := failing(t, 400, "no")
	d := delivery(0, "PT0.1S", "PT5S")
	d.DeadLetterSink = nil
	b, url := start(t, oneTrigger(&Config{Delivery: d}), map[string]*subscriber{"fn": fn})
	post(t, url, newEvent("e1", "shop.order.created", "/shop"), false)
	closeBroker(t, b)
	if n := len(fn.received()); n != 1 {
		t.Errorf("attempts = %d", n)
	}
}

func TestA2xxAnswerThatIsNotACloudEventCountsAsAFailedDelivery(t *testing.T) {
	fn, dls := newSubscriber(t, func(_ int, _ event.Event, w http.ResponseWriter) {
		_, _ = w.Write([]byte("ok"))
	}), accepting(t)
	b, url := start(t, oneTrigger(&Config{Delivery: delivery(1, "PT0.1S", "PT5S")}), map[string]*subscriber{"fn": fn, "dls": dls})
	post(t, url, newEvent("e1", "shop.order.created", "/shop"), false)
	closeBroker(t, b)
	if n := len(fn.received()); n != 2 {
		t.Errorf("attempts = %d, want 502 retried once", n)
	}
	if dead := dls.received(); len(dead) != 1 || extension(t, dead[0].event, "knativeerrorcode") != "502" {
		t.Errorf("dead letters = %+v, want one with code 502", dead)
	}
}

func TestSubscribersSeeTheArrivalTimeButNotTheBrokerTTL(t *testing.T) {
	fn := accepting(t)
	b, url := start(t, oneTrigger(&Config{}), map[string]*subscriber{"fn": fn})
	before := time.Now().Add(-time.Second)
	post(t, url, newEvent("e1", "shop.order.created", "/shop"), false)
	closeBroker(t, b)
	e := fn.received()[0].event
	at, err := time.Parse(time.RFC3339Nano, extension(t, e, "knativearrivaltime"))
	if err != nil || at.Before(before) || at.After(time.Now()) {
		t.Errorf("knativearrivaltime = %v (%v)", at, err)
	}
	if _, ok := e.Extensions()["knativebrokerttl"]; ok {
		t.Error("subscriber saw knativebrokerttl")
	}
}
