package function_test

import (
	"fmt"
	"net/http"
	"testing"

	accountscmd "github.com/eventfn/eventfn/functions/accounts-command"
	function "github.com/eventfn/eventfn/functions/eventlog-query"
	"github.com/eventfn/eventfn/shared/functest"
)

func TestMain(m *testing.M) { functest.Main(m) }

type page struct {
	Events []struct {
		ID      string `json:"id"`
		Stream  string `json:"stream"`
		Version int64  `json:"version"`
		Type    string `json:"type"`
		Time    string `json:"time"`
	} `json:"events"`
	Next string `json:"next"`
	More bool   `json:"more"`
}

func list(t *testing.T, url string, params map[string]any) page {
	t.Helper()
	var p page
	functest.Send(t, url, functest.Event("eventlog.events.list", params)).Data(t, &p)
	return p
}

func TestTailingByTypeSeesEachEventOnceInOrder(t *testing.T) {
	cfg := map[string]string{"DATABASE_URL": functest.NewDatabaseURL(t)}
	command := functest.Serve(t, accountscmd.New(), cfg).URL
	query := functest.Serve(t, function.New(), cfg).URL
	for i := range 7 {
		n := fmt.Sprint(i)
		functest.Send(t, command, functest.Event("accounts.account.create", map[string]any{"accountNumber": n, "userId": 1, "defaultAccount": false}))
		functest.Send(t, command, functest.Event("accounts.account.confirm", map[string]any{"accountNumber": n}))
	}
	var seen []string
	cursor := ""
	for range 10 {
		p := list(t, query, map[string]any{"type": "accounts.account.confirmed", "limit": 3, "after": cursor})
		if p.Next == "" {
			t.Fatal("next is missing")
		}
		for _, e := range p.Events {
			if e.Type != "accounts.account.confirmed" || e.Version != 2 {
				t.Errorf("event %+v", e)
			}
			seen = append(seen, e.Stream)
		}
		cursor = p.Next
		if !p.More {
			break
		}
	}
	if fmt.Sprint(seen) != "[account-0 account-1 account-2 account-3 account-4 account-5 account-6]" {
		t.Errorf("tailed %v", seen)
	}
	if again := list(t, query, map[string]any{"type": "accounts.account.confirmed", "after": cursor}); len(again.Events) != 0 || again.Next != cursor || again.More {
		t.Errorf("nothing new should return the cursor given: %+v", again)
	}
	if byStream := list(t, query, map[string]any{"stream": "account-3"}); len(byStream.Events) != 2 {
		t.Errorf("stream account-3: %+v", byStream)
	}
}

func TestBadEventlogQueriesAnswer400(t *testing.T) {
	query := functest.Serve(t, function.New(), map[string]string{"DATABASE_URL": functest.NewDatabaseURL(t)}).URL
	functest.Run(t, query, []functest.Step{
		{Event: functest.Event("eventlog.events.list", map[string]any{"after": "yesterday"}), Status: http.StatusBadRequest, Contains: "cursor"},
		{Event: functest.Event("eventlog.events.list", map[string]any{"limit": 0}), Status: http.StatusBadRequest},
		{Event: functest.Event("eventlog.events.list", map[string]any{"types": "x"}), Status: http.StatusBadRequest},
		{Event: functest.Event("eventlog.events.get", map[string]any{}), Status: http.StatusBadRequest},
	})
}
