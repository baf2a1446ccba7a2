package main

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/cloudevents/sdk-go/v2/event"

	"github.com/eventfn/eventfn/shared/deadletter"
	"github.com/eventfn/eventfn/shared/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

func TestDeadLettersAreListedAndRedrivenByTheCLI(t *testing.T) {
	pool := pgtest.NewDatabase(t)
	t.Setenv("DATABASE_URL", pool.Config().ConnString())
	got := make(chan string, 1)
	dest := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got <- r.Header.Get("Ce-Id")
	}))
	defer dest.Close()
	e := event.New()
	e.SetID("lost-1")
	e.SetSource("/eventfn/orders")
	e.SetType("orders.order.created")
	e.SetExtension(deadletter.ExtErrorDest, dest.URL)
	e.SetExtension(deadletter.ExtErrorCode, "503")
	id, err := deadletter.Record(context.Background(), pool, e)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := runDeadLetters(ctx, []string{"list"}); err != nil {
		t.Fatalf("list: %v", err)
	}
	if err := runDeadLetters(ctx, []string{"redrive", strconv.FormatInt(id, 10)}); err != nil {
		t.Fatalf("redrive: %v", err)
	}
	if id := <-got; id != "lost-1" {
		t.Errorf("destination got event %q", id)
	}
	for _, bad := range [][]string{{}, {"redrive"}, {"redrive", "x"}, {"list", "0"}, {"drop"}} {
		if err := runDeadLetters(ctx, bad); !errors.Is(err, errUsage) {
			t.Errorf("%v: err = %v, want a usage error", bad, err)
		}
	}
}
