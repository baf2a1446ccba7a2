package main

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/eventfn/eventfn/shared/eventstore"
	"github.com/eventfn/eventfn/shared/projection"
)

func TestTheRebuildProgressLineShowsCountsRateAndETA(t *testing.T) {
	got := renderProgress(projection.RebuildProgress{Done: 250_000, Total: 1_000_000, Elapsed: 5 * time.Second})
	want := "[#######-----------------------]  25% 250000/1000000 events  50000 ev/s  ETA 15s"
	if got != want {
		t.Errorf("renderProgress =\n%q, want\n%q", got, want)
	}
}

func TestTheProgressBarRedrawsInPlaceAtMostEveryTenthOfASecond(t *testing.T) {
	var out bytes.Buffer
	now := time.Unix(0, 0)
	b := &progressBar{w: &out, now: func() time.Time { return now }}
	for i := int64(1); i <= 10; i++ {
		now = now.Add(30 * time.Millisecond)
		b.update(projection.RebuildProgress{Done: i, Total: 10, Elapsed: time.Duration(i) * time.Second})
	}
	b.finish()
	lines := strings.Split(out.String(), "\r")
	if got := len(lines) - 1; got != 4 { // at 30ms, 150ms, 270ms and the final 100%
		t.Errorf("drew %d times, want 4:\n%q", got, out.String())
	}
	if !strings.HasSuffix(out.String(), "100% 10/10 events  1 ev/s  ETA 0s\n") {
		t.Errorf("last draw %q does not end the line at 100%%", lines[len(lines)-1])
	}
}

func TestAStalledProjectionShowsItsPoisonEvent(t *testing.T) {
	s := projection.Status{Stalled: &projection.Failure{Position: eventstore.Position{TxID: 7, Pos: 42},
		EventID: "e-1", EventType: "accounts.account.created", Attempts: 3, Error: "bad data"}}
	got := stateOf(s)
	for _, want := range []string{"STALLED at 7.42", "accounts.account.created", "e-1", "3 attempts", "bad data"} {
		if !strings.Contains(got, want) {
			t.Errorf("state %q lacks %q", got, want)
		}
	}
	if got := stateOf(projection.Status{}); got != "ok" {
		t.Errorf("state of a healthy projection = %q, want ok", got)
	}
}

func TestProjectionsCommandsRefuseBadUsage(t *testing.T) {
	t.Setenv("DATABASE_URL", "")
	for _, args := range [][]string{{}, {"frobnicate"}, {"rebuild"}, {"status", "extra"},
		{"rebuild", "accounts"}, {"skip", "-database-url", "postgres://x", "nosuch"}} {
		if err := runProjections(t.Context(), args); !errors.Is(err, errUsage) {
			t.Errorf("projections %q: %v, want a usage error", args, err)
		}
	}
}
