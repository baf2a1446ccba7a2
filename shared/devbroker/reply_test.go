package devbroker

import (
	"net/http"
	"strconv"
	"testing"

	"github.com/cloudevents/sdk-go/v2/event"
	eventingv1 "knative.dev/eventing/pkg/apis/eventing/v1"
)

func TestA2xxReplyEventIsRoutedThroughTheBrokerAgain(t *testing.T) {
	checkout := newSubscriber(t, func(_ int, e event.Event, w http.ResponseWriter) {
		replyWith(t, w, http.StatusOK, newEvent("cmd-"+e.ID(), "shop.order.create", "/checkout"))
	})
	orders := accepting(t)
	cfg := Config{Triggers: []*eventingv1.Trigger{trigger("checkout", "shop.cart.checked-out"), trigger("orders", "shop.order.create")}}
	b, url := start(t, cfg, map[string]*subscriber{"checkout": checkout, "orders": orders})
	post(t, url, newEvent("c1", "shop.cart.checked-out", "/shop"), false)
	closeBroker(t, b)
	got := orders.received()
	if len(got) != 1 || got[0].event.ID() != "cmd-c1" {
		t.Fatalf("orders received %v, want the reply cmd-c1", orders.types())
	}
	if _, ok := got[0].event.Extensions()["knativearrivaltime"]; !ok {
		t.Error("a re-enqueued reply passed ingress without an arrival time")
	}
}

// An event that replies with its own type loops through the broker; the TTL
// ends the loop. Posted with TTL 5, ingress makes it 4, and every reply
// comes back with the TTL its cause was delivered with, one less after
// ingress: deliveries at 4, 3, 2, 1, then the reply at 0 is refused and the
// last cause is dead-lettered with the 400 ingress answered.
func TestReplyLoopsEndWhenTheTTLIsSpent(t *testing.T) {
	loop := newSubscriber(t, func(n int, _ event.Event, w http.ResponseWriter) {
		replyWith(t, w, http.StatusOK, newEvent("loop-"+strconv.Itoa(n), "shop.loop", "/loop"))
	})
	dls := accepting(t)
	cfg := Config{Delivery: delivery(2, "PT0.1S", "PT5S"), Triggers: []*eventingv1.Trigger{trigger("loop", "shop.loop")}, Address: "http://broker.test/test/default"}
	b, url := start(t, cfg, map[string]*subscriber{"loop": loop, "dls": dls})
	e := newEvent("start", "shop.loop", "/loop")
	e.SetExtension("knativebrokerttl", 5)
	post(t, url, e, false)
	closeBroker(t, b)
	if n := len(loop.received()); n != 4 {
		t.Errorf("deliveries = %d, want 4", n)
	}
	dead := dls.received()
	if len(dead) != 1 {
		t.Fatalf("dead letters = %d, want 1", len(dead))
	}
	d := dead[0].event
	if d.ID() != "loop-3" || extension(t, d, "knativeerrorcode") != "400" ||
		extension(t, d, "knativeerrordest") != cfg.Address || extension(t, d, "knativebrokerttl") != "1" {
		t.Errorf("dead letter %s: %v", d.ID(), d.Extensions())
	}
}

func TestAnEventWithoutTTLGetsKnativesDefault(t *testing.T) {
	fn := failing(t, 400, "")
	dls := accepting(t)
	b, url := start(t, oneTrigger(&Config{Delivery: delivery(0, "PT0.1S", "PT5S")}), map[string]*subscriber{"fn": fn, "dls": dls})
	post(t, url, newEvent("e1", "shop.order.created", "/shop"), false)
	closeBroker(t, b)
	if ttl := extension(t, dls.received()[0].event, "knativebrokerttl"); ttl != "255" {
		t.Errorf("knativebrokerttl = %s, want 255", ttl)
	}
}

func TestAReplyEventInANon2xxAnswerIsDropped(t *testing.T) {
	fn := newSubscriber(t, func(_ int, e event.Event, w http.ResponseWriter) {
		replyWith(t, w, http.StatusUnprocessableEntity, newEvent("r-"+e.ID(), "shop.order.created", "/fn"))
	})
	dls := accepting(t)
	b, url := start(t, oneTrigger(&Config{Delivery: delivery(0, "PT0.1S", "PT5S")}), map[string]*subscriber{"fn": fn, "dls": dls})
	post(t, url, newEvent("e1", "shop.order.created", "/shop"), false)
	closeBroker(t, b)
	if n := len(fn.received()); n != 1 {
		t.Errorf("deliveries = %d, want only e1 (the reply must not be routed)", n)
	}
	if dead := dls.received(); len(dead) != 1 || dead[0].event.ID() != "e1" || extension(t, dead[0].event, "knativeerrorcode") != "422" {
		t.Errorf("dead letters = %v", dead)
	}
}
