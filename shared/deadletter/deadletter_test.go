package deadletter_test

import (
	"context"
	"encoding/base64"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/cloudevents/sdk-go/v2/binding"
	"github.com/cloudevents/sdk-go/v2/event"
	cehttp "github.com/cloudevents/sdk-go/v2/protocol/http"

	"github.com/eventfn/eventfn/shared/deadletter"
	"github.com/eventfn/eventfn/shared/failure"
	"github.com/eventfn/eventfn/shared/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

func deadLetter(dest string) event.Event {
	e := event.New()
	e.SetID("evt-1")
	e.SetSource("/eventfn/carts")
	e.SetType("carts.cart.checked-out")
	_ = e.SetData(event.ApplicationJSON, map[string]any{"userId": "u1"})
	e.SetExtension(deadletter.ExtErrorDest, dest)
	e.SetExtension(deadletter.ExtErrorCode, "422")
	e.SetExtension(deadletter.ExtErrorData, base64.StdEncoding.EncodeToString([]byte("cart of user u1 is empty")))
	return e
}

func TestADeadLetterIsStoredWithTheBrokersReasonDecoded(t *testing.T) {
	pool := pgtest.NewDatabase(t)
	ctx := context.Background()
	id, err := deadletter.Record(ctx, pool, deadLetter("http://orders-command.eventfn.svc"))
	if err != nil {
		t.Fatal(err)
	}
	again, err := deadletter.Record(ctx, pool, deadLetter("http://orders-command.eventfn.svc"))
	if err != nil || again != id {
		t.Fatalf("a repeated dead letter got id %d (err %v), want %d", again, err, id)
	}
	l, err := deadletter.Get(ctx, pool, id)
	if err != nil {
		t.Fatal(err)
	}
	if l.Code != 422 || l.Data != "cart of user u1 is empty" || l.Dest != "http://orders-command.eventfn.svc" || l.Received != 2 || l.Event.ID() != "evt-1" {
		t.Errorf("letter %+v", l)
	}
	list, err := deadletter.List(ctx, pool, 10)
	if err != nil || len(list) != 1 {
		t.Errorf("list: %d letters, err %v", len(list), err)
	}
}

func TestRedriveSendsTheOriginalEventToItsDestination(t *testing.T) {
	pool := pgtest.NewDatabase(t)
	ctx := context.Background()
	var got atomic.Pointer[event.Event]
	dest := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		e, err := binding.ToEvent(r.Context(), cehttp.NewMessageFromHttpRequest(r))
		if err == nil {
			got.Store(e)
		}
		w.WriteHeader(http.StatusOK)
	}))
	defer dest.Close()
	id, err := deadletter.Record(ctx, pool, deadLetter(dest.URL))
	if err != nil {
		t.Fatal(err)
	}
	if err := deadletter.Redrive(ctx, pool, http.DefaultClient, id); err != nil {
		t.Fatal(err)
	}
	e := got.Load()
	if e == nil || e.ID() != "evt-1" || e.Type() != "carts.cart.checked-out" {
		t.Fatalf("destination got %v", e)
	}
	for _, ext := range []string{deadletter.ExtErrorDest, deadletter.ExtErrorCode, deadletter.ExtErrorData} {
		if _, ok := e.Extensions()[ext]; ok {
			t.Errorf("redriven event still carries %s", ext)
		}
	}
	if l, _ := deadletter.Get(ctx, pool, id); l.RedrivenAt == nil {
		t.Error("letter not marked redriven")
	}
}

func TestRedriveOfAFailingOrUnknownLetterIsAnError(t *testing.T) {
	pool := pgtest.NewDatabase(t)
	ctx := context.Background()
	down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer down.Close()
	id, _ := deadletter.Record(ctx, pool, deadLetter(down.URL))
	if err := deadletter.Redrive(ctx, pool, http.DefaultClient, id); err == nil {
		t.Error("redrive to a failing destination succeeded")
	}
	if l, _ := deadletter.Get(ctx, pool, id); l.RedrivenAt != nil {
		t.Error("a failed redrive marked the letter redriven")
	}
	if err := deadletter.Redrive(ctx, pool, http.DefaultClient, 999); !errors.Is(err, failure.ErrNotFound) {
		t.Errorf("unknown letter: %v", err)
	}
}

func TestABadErrorCodeIsInvalid(t *testing.T) {
	e := deadLetter("http://x")
	e.SetExtension(deadletter.ExtErrorCode, "teapot")
	if _, err := deadletter.ReasonOf(e); !errors.Is(err, failure.ErrInvalid) {
		t.Errorf("err %v", err)
	}
}
