package cloudevent

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"testing"

	"github.com/cloudevents/sdk-go/v2/event"
	"github.com/cloudevents/sdk-go/v2/protocol"
	cehttp "github.com/cloudevents/sdk-go/v2/protocol/http"

	"github.com/eventfn/eventfn/shared/failure"
)

func TestEachFailureKindMapsToTheStatusTheBrokerRetriesRight(t *testing.T) {
	cases := []struct {
		err  error
		want int
	}{
		{failure.Invalidf("bad"), http.StatusBadRequest},
		{failure.Rejectedf("no"), http.StatusUnprocessableEntity},
		{failure.NotFoundf("none"), http.StatusNotFound},
		{failure.Conflictf("raced"), http.StatusConflict},
		{failure.Wrap(failure.Unavailable, "db", errors.New("down")), http.StatusServiceUnavailable},
		{errTooLarge, http.StatusRequestEntityTooLarge},
		{errors.New("a bug"), http.StatusInternalServerError},
	}
	for _, c := range cases {
		if got := Status(fmt.Errorf("wrapped: %w", c.err)); got != c.want {
			t.Errorf("Status(%v) = %d, want %d", c.err, got, c.want)
		}
	}
}

func TestServerFailuresDoNotLeakTheirCause(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	e := event.New()
	secret := failure.Wrap(failure.Unavailable, "event store", errors.New("password authentication failed for user admin"))
	var res *cehttp.Result
	if !protocol.ResultAs(Fail(context.Background(), log, e, secret), &res) {
		t.Fatal("Fail did not return an HTTP result")
	}
	if res.StatusCode != 503 || fmt.Sprintf(res.Format, res.Args...) != "service unavailable, retry later" {
		t.Errorf("result %d %q", res.StatusCode, fmt.Sprintf(res.Format, res.Args...))
	}
	if !protocol.ResultAs(Fail(context.Background(), log, e, failure.Rejectedf("account 42 is archived")), &res) ||
		fmt.Sprintf(res.Format, res.Args...) != "account 42 is archived" {
		t.Errorf("a refusal lost its message: %v", res)
	}
}

func TestDataRefusesNonJSONAndOversizedEvents(t *testing.T) {
	e := event.New()
	_ = e.SetData("text/plain", []byte("hi"))
	if _, err := Data(e); !errors.Is(err, failure.ErrInvalid) {
		t.Errorf("text/plain: %v", err)
	}
	big := event.New()
	_ = big.SetData(event.ApplicationJSON, make([]byte, MaxDataBytes+1))
	if _, err := Data(big); Status(err) != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized: %v", err)
	}
	empty := event.New()
	if d, err := Data(empty); err != nil || string(d) != "{}" {
		t.Errorf("no data: %q %v", d, err)
	}
}
