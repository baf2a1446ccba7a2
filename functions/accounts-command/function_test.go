package function_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/cloudevents/sdk-go/v2/event"

	function "github.com/eventfn/eventfn/functions/accounts-command"
	"github.com/eventfn/eventfn/shared/accounts"
	"github.com/eventfn/eventfn/shared/cloudevent"
	"github.com/eventfn/eventfn/shared/eventstore"
	"github.com/eventfn/eventfn/shared/functest"
)

func TestMain(m *testing.M) { functest.Main(m) }

// served starts accounts-command on a fresh database and returns its URL
// and a pool on that database.
func served(t *testing.T) (string, functest.Querier) {
	t.Helper()
	url := functest.NewDatabaseURL(t)
	srv := functest.Serve(t, function.New(), map[string]string{"DATABASE_URL": url})
	pool, err := eventstore.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	return srv.URL, pool
}

func create(number string) event.Event {
	return functest.Event("accounts.account.create", map[string]any{
		"accountNumber": number, "userId": 7, "defaultAccount": true,
	})
}

func cmd(typ, number string, extra ...string) event.Event {
	data := map[string]any{"accountNumber": number}
	for i := 0; i+1 < len(extra); i += 2 {
		data[extra[i]] = extra[i+1]
	}
	return functest.Event(typ, data)
}

func TestAnAcceptedCommandAnswersWithItsAcceptedEvent(t *testing.T) {
	url, pool := served(t)
	res := functest.Send(t, url, create("A-1"))
	if res.Status != http.StatusOK {
		t.Fatalf("status %d, body %q", res.Status, res.Body)
	}
	if got := res.Event.Type(); got != "accounts.account.create.accepted" {
		t.Errorf("reply type %q", got)
	}
	if got := res.Event.Subject(); got != "A-1" {
		t.Errorf("reply subject %q", got)
	}
	var data cloudevent.AcceptedData
	res.Data(t, &data)
	if data.Stream != "account-A-1" || data.Version != 1 || len(data.Events) != 1 || data.Events[0].Type != "accounts.account.created" {
		t.Errorf("reply data %+v", data)
	}
	if _, err := eventstore.ParseToken(data.Token); err != nil {
		t.Errorf("token: %v", err)
	}
	if n := functest.CountEvents(t, pool); n != 1 {
		t.Errorf("log holds %d events, want 1", n)
	}
}

func TestTheLifecycleRunsThroughEveryStatus(t *testing.T) {
	url, _ := served(t)
	steps := []event.Event{
		create("L-1"),
		cmd("accounts.account.confirm", "L-1"),
		cmd("accounts.account.activate", "L-1"),
		cmd("accounts.account.suspend", "L-1", "reason", "fraud check"),
		cmd("accounts.account.activate", "L-1"),
		cmd("accounts.account.archive", "L-1"),
	}
	for i, e := range steps {
		res := functest.Send(t, url, e)
		var data cloudevent.AcceptedData
		res.Data(t, &data)
		if res.Status != http.StatusOK || data.Version != int64(i+1) {
			t.Fatalf("step %d (%s): status %d, version %d, body %q", i, e.Type(), res.Status, data.Version, res.Body)
		}
	}
}

func TestRefusedTransitionsAnswer422AndAppendNothing(t *testing.T) {
	url, pool := served(t)
	functest.Send(t, url, create("R-1"))
	cases := []struct {
		name string
		e    event.Event
		msg  string
	}{
		{"create twice", create("R-1"), "already exists"},
		{"activate a pending account", cmd("accounts.account.activate", "R-1"), "pending"},
		{"suspend a pending account", cmd("accounts.account.suspend", "R-1", "reason", "x"), "pending"},
		{"confirm an unknown account", cmd("accounts.account.confirm", "nobody"), "does not exist"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := functest.CountEvents(t, pool)
			res := functest.Send(t, url, c.e)
			if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, c.msg) {
				t.Errorf("status %d body %q, want 422 mentioning %q", res.Status, res.Body, c.msg)
			}
			if after := functest.CountEvents(t, pool); after != before {
				t.Errorf("log grew from %d to %d", before, after)
			}
		})
	}
}

func TestAnArchivedAccountRefusesEveryCommand(t *testing.T) {
	url, _ := served(t)
	functest.Send(t, url, create("Z-1"))
	functest.Send(t, url, cmd("accounts.account.archive", "Z-1"))
	for _, e := range []event.Event{
		cmd("accounts.account.confirm", "Z-1"),
		cmd("accounts.account.activate", "Z-1"),
		cmd("accounts.account.suspend", "Z-1", "reason", "x"),
		cmd("accounts.account.archive", "Z-1"),
	} {
		if res := functest.Send(t, url, e); res.Status != http.StatusUnprocessableEntity {
			t.Errorf("%s on an archived account: status %d, body %q", e.Type(), res.Status, res.Body)
		}
	}
}

func TestBadInputAnswers400AndAppendsNothing(t *testing.T) {
	url, pool := served(t)
	unknown := functest.Event("accounts.account.explode", map[string]any{"accountNumber": "1"})
	wrongType := functest.Event("accounts.account.create", map[string]any{"accountNumber": "1", "userId": "seven", "defaultAccount": true})
	extra := functest.Event("accounts.account.create", map[string]any{"accountNumber": "1", "userId": 7, "defaultAccount": true, "color": "red"})
	missing := functest.Event("accounts.account.create", map[string]any{"userId": 7, "defaultAccount": true})
	notJSON := functest.Event("accounts.account.confirm", nil)
	_ = notJSON.SetData("text/plain", []byte("hello"))
	cases := map[string]functest.Response{
		"unknown type":          functest.Send(t, url, unknown),
		"wrong type":            functest.Send(t, url, wrongType),
		"unknown field":         functest.Send(t, url, extra),
		"missing field":         functest.Send(t, url, missing),
		"not JSON":              functest.Send(t, url, notJSON),
		"no ce-id":              functest.Post(t, url, "application/json", map[string]string{"ce-specversion": "1.0", "ce-type": "accounts.account.confirm", "ce-source": "/x"}, []byte(`{"accountNumber":"1"}`)),
		"structured without id": functest.Post(t, url, "application/cloudevents+json", nil, []byte(`{"specversion":"1.0","type":"accounts.account.confirm","source":"/x","data":{"accountNumber":"1"}}`)),
	}
	for name, res := range cases {
		if res.Status != http.StatusBadRequest {
			t.Errorf("%s: status %d, body %q, want 400", name, res.Status, res.Body)
		}
		if strings.Contains(strings.TrimSpace(res.Body), "\n") || strings.TrimSpace(res.Body) == "" {
			t.Errorf("%s: body is not one non-empty line: %q", name, res.Body)
		}
	}
	if n := functest.CountEvents(t, pool); n != 0 {
		t.Errorf("log holds %d events after bad input", n)
	}
}

func TestAnOversizedEventIsRefused(t *testing.T) {
	url, pool := served(t)
	e := functest.Event("accounts.account.create", map[string]any{
		"accountNumber": "big", "userId": 7, "defaultAccount": true, "padding": strings.Repeat("x", cloudevent.MaxDataBytes),
	})
	res := functest.Send(t, url, e)
	if res.Status != http.StatusRequestEntityTooLarge {
		t.Errorf("status %d, body %q, want 413", res.Status, res.Body)
	}
	if n := functest.CountEvents(t, pool); n != 0 {
		t.Errorf("log holds %d events", n)
	}
}

func TestStructuredModeIsAcceptedLikeBinary(t *testing.T) {
	url, _ := served(t)
	res := functest.SendStructured(t, url, create("S-1"))
	if res.Status != http.StatusOK || res.Event == nil || res.Event.Type() != "accounts.account.create.accepted" {
		t.Fatalf("status %d, body %q", res.Status, res.Body)
	}
}

func TestARedeliveredCommandGetsTheSameReplyAndAppendsNothing(t *testing.T) {
	url, pool := served(t)
	e := create("D-1")
	first := functest.Send(t, url, e)
	second := functest.Send(t, url, e)
	if first.Status != http.StatusOK || second.Status != http.StatusOK {
		t.Fatalf("statuses %d, %d (%q)", first.Status, second.Status, second.Body)
	}
	if string(first.Event.Data()) != string(second.Event.Data()) || first.Event.ID() != second.Event.ID() {
		t.Errorf("replies differ:\n%s\n%s", first.Event, second.Event)
	}
	if n := functest.CountEvents(t, pool); n != 1 {
		t.Errorf("log holds %d events, want 1", n)
	}
}

func TestTheSameCommandIdWithOtherDataIsRefused(t *testing.T) {
	url, pool := served(t)
	e := create("M-1")
	functest.Send(t, url, e)
	other := e.Clone()
	_ = other.SetData(event.ApplicationJSON, map[string]any{"accountNumber": "M-1", "userId": 8, "defaultAccount": true})
	res := functest.Send(t, url, other)
	if res.Status != http.StatusUnprocessableEntity {
		t.Errorf("status %d, body %q, want 422", res.Status, res.Body)
	}
	if n := functest.CountEvents(t, pool); n != 1 {
		t.Errorf("log holds %d events, want 1", n)
	}
}

// Concurrent suspends and activations of one account race for its stream:
// every command ends accepted, refused or in conflict, and the log holds
// exactly the accepted ones, at dense versions.
func TestConcurrentCommandsOnOneAccountAreNeitherLostNorDoubled(t *testing.T) {
	url, pool := served(t)
	for _, e := range []event.Event{create("C-1"), cmd("accounts.account.confirm", "C-1"), cmd("accounts.account.activate", "C-1")} {
		functest.Send(t, url, e)
	}
	const n = 24
	statuses := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			e := cmd("accounts.account.activate", "C-1")
			if i%2 == 0 {
				e = cmd("accounts.account.suspend", "C-1", "reason", fmt.Sprint(i))
			}
			statuses[i] = functest.Send(t, url, e).Status
		})
	}
	wg.Wait()
	accepted := 0
	for i, s := range statuses {
		switch s {
		case http.StatusOK:
			accepted++
		case http.StatusUnprocessableEntity, http.StatusConflict:
		default:
			t.Errorf("command %d: status %d", i, s)
		}
	}
	if got := functest.CountEvents(t, pool); got != 3+accepted {
		t.Errorf("log holds %d events, want 3 + %d accepted", got, accepted)
	}
	var maxVersion, count int
	err := pool.QueryRow(context.Background(), "SELECT max(version), count(*) FROM events WHERE stream = 'account-C-1'").Scan(&maxVersion, &count)
	if err != nil || maxVersion != count {
		t.Errorf("versions not dense: max %d, count %d, err %v", maxVersion, count, err)
	}
}

func FuzzAccountsCommand(f *testing.F) {
	functest.FuzzCommands(f, function.New(), accounts.CommandTypes(), map[int][]string{
		0: {`{"accountNumber":"1","userId":7,"defaultAccount":true}`, `{"accountNumber":"1","userId":"7","defaultAccount":true}`, `{"accountNumber":"1","userId":7.5}`},
		1: {`{"accountNumber":"1"}`, `{"accountNumber":""}`},
		3: {`{"accountNumber":"1","reason":"r"}`, `{"accountNumber":"1","reason":7}`},
		4: {`{"accountNumber":"1"}`, `not json`},
	})
}
