package function_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cloudevents/sdk-go/v2/event"

	accountscmd "github.com/eventfn/eventfn/functions/accounts-command"
	projector "github.com/eventfn/eventfn/functions/accounts-projector"
	function "github.com/eventfn/eventfn/functions/accounts-query"
	"github.com/eventfn/eventfn/shared/cloudevent"
	"github.com/eventfn/eventfn/shared/functest"
)

func TestMain(m *testing.M) { functest.Main(m) }

// stack serves the accounts command, projector and query functions on one
// fresh database.
type stack struct{ command, projector, query string }

func serve(t *testing.T, queryCfg map[string]string) stack {
	t.Helper()
	cfg := map[string]string{"DATABASE_URL": functest.NewDatabaseURL(t)}
	queryCfg["DATABASE_URL"] = cfg["DATABASE_URL"]
	return stack{
		command:   functest.Serve(t, accountscmd.New(), cfg).URL,
		projector: functest.Serve(t, projector.New(), cfg).URL,
		query:     functest.Serve(t, function.New(), queryCfg).URL,
	}
}

// do sends a command and returns its consistency token.
func (s stack) do(t *testing.T, typ string, data map[string]any) string {
	t.Helper()
	res := functest.Send(t, s.command, functest.Event(typ, data))
	var accepted cloudevent.AcceptedData
	res.Data(t, &accepted)
	return accepted.Token
}

func (s stack) wake(t *testing.T) {
	t.Helper()
	if res := functest.Send(t, s.projector, functest.Event("dev.knative.sources.ping", nil)); res.Status != http.StatusOK {
		t.Fatalf("projector: status %d, body %q", res.Status, res.Body)
	}
}

func create(number string, user int) map[string]any {
	return map[string]any{"accountNumber": number, "userId": user, "defaultAccount": false}
}

func get(number string) event.Event {
	return functest.Event("accounts.account.get", map[string]any{"accountNumber": number})
}

func TestGetAnswersTheAccountOr404(t *testing.T) {
	s := serve(t, map[string]string{})
	s.do(t, "accounts.account.create", create("A1", 7))
	s.do(t, "accounts.account.confirm", map[string]any{"accountNumber": "A1"})
	s.wake(t)
	res := functest.Send(t, s.query, get("A1"))
	var a struct {
		AccountNumber string `json:"accountNumber"`
		UserID        int64  `json:"userId"`
		Status        string `json:"status"`
		Version       int64  `json:"version"`
		CreatedAt     string `json:"createdAt"`
	}
	res.Data(t, &a)
	if res.Event.Type() != "accounts.account" || a.AccountNumber != "A1" || a.UserID != 7 || a.Status != "ACCOUNT_CONFIRMED" || a.Version != 2 || !strings.HasSuffix(a.CreatedAt, "Z") {
		t.Errorf("reply %s: %+v", res.Event.Type(), a)
	}
	if res := functest.Send(t, s.query, get("nobody")); res.Status != http.StatusNotFound {
		t.Errorf("missing account: status %d, body %q", res.Status, res.Body)
	}
}

func TestBadQueriesAnswer400(t *testing.T) {
	s := serve(t, map[string]string{})
	for name, e := range map[string]event.Event{
		"unknown type":  functest.Event("accounts.account.find", map[string]any{"accountNumber": "1"}),
		"missing id":    functest.Event("accounts.account.get", map[string]any{}),
		"wrong type":    functest.Event("accounts.account.get", map[string]any{"accountNumber": 1}),
		"unknown field": functest.Event("accounts.account.list", map[string]any{"color": "red"}),
		"limit zero":    functest.Event("accounts.account.list", map[string]any{"limit": 0}),
		"limit 501":     functest.Event("accounts.account.list", map[string]any{"limit": 501}),
		"bad cursor":    functest.Event("accounts.account.list", map[string]any{"after": "%%%"}),
		"bad status":    functest.Event("accounts.account.list", map[string]any{"status": "ACCOUNT_HAPPY"}),
		"string userId": functest.Event("accounts.account.list", map[string]any{"userId": "7"}),
	} {
		if res := functest.Send(t, s.query, e); res.Status != http.StatusBadRequest {
			t.Errorf("%s: status %d, body %q", name, res.Status, res.Body)
		}
	}
	bad := get("A1")
	bad.SetExtension("consistencytoken", "not-a-token")
	if res := functest.Send(t, s.query, bad); res.Status != http.StatusBadRequest {
		t.Errorf("bad token: status %d, body %q", res.Status, res.Body)
	}
}

func TestListPagesThroughEveryMatchingAccountOnce(t *testing.T) {
	s := serve(t, map[string]string{})
	want := map[string]bool{}
	for i := range 23 {
		number := fmt.Sprintf("N%02d", i)
		s.do(t, "accounts.account.create", create(number, 1+i%2))
		if i%2 == 0 {
			want[number] = true
		}
	}
	s.wake(t)
	seen := map[string]int{}
	after := ""
	for pages := 0; ; pages++ {
		params := map[string]any{"userId": 1, "limit": 5}
		if after != "" {
			params["after"] = after
		}
		var page struct {
			Items []struct {
				AccountNumber string `json:"accountNumber"`
				UserID        int64  `json:"userId"`
			} `json:"items"`
			Next string `json:"next"`
		}
		functest.Send(t, s.query, functest.Event("accounts.account.list", params)).Data(t, &page)
		for _, it := range page.Items {
			seen[it.AccountNumber]++
			if it.UserID != 1 {
				t.Errorf("account %s of user %d in user 1's list", it.AccountNumber, it.UserID)
			}
		}
		if page.Next == "" {
			break
		}
		if pages > 10 {
			t.Fatal("pagination does not end")
		}
		after = page.Next
	}
	for n := range want {
		if seen[n] != 1 {
			t.Errorf("account %s seen %d times", n, seen[n])
		}
	}
	if len(seen) != len(want) {
		t.Errorf("saw %d accounts, want %d", len(seen), len(want))
	}
}

func TestAQueryWithATokenSeesTheWrite(t *testing.T) {
	s := serve(t, map[string]string{})
	token := s.do(t, "accounts.account.create", create("RYW", 3))
	q := get("RYW")
	q.SetExtension("consistencytoken", token)
	woke := make(chan functest.Response)
	go func() {
		time.Sleep(200 * time.Millisecond)
		woke <- functest.Send(t, s.projector, functest.Event("dev.knative.sources.ping", nil))
	}()
	res := functest.Send(t, s.query, q)
	if res.Status != http.StatusOK {
		t.Errorf("status %d, body %q", res.Status, res.Body)
	}
	if w := <-woke; w.Status != http.StatusOK {
		t.Errorf("projector: status %d, body %q", w.Status, w.Body)
	}
}

func TestAQueryWithATokenNotReachedInTimeAnswers503(t *testing.T) {
	s := serve(t, map[string]string{"QUERY_WAIT_TIMEOUT": "300ms"})
	token := s.do(t, "accounts.account.create", create("LATE", 3))
	q := get("LATE")
	q.SetExtension("consistencytoken", token)
	start := time.Now()
	res := functest.Send(t, s.query, q)
	if res.Status != http.StatusServiceUnavailable {
		t.Errorf("status %d, body %q, want 503", res.Status, res.Body)
	}
	if waited := time.Since(start); waited < 300*time.Millisecond {
		t.Errorf("answered after %s, before the bound", waited)
	}
}
