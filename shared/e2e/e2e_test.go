package e2e

import (
	"net/http"
	"testing"

	"github.com/eventfn/eventfn/shared/functest"
)

type account struct {
	AccountNumber string `json:"accountNumber"`
	UserID        int64  `json:"userId"`
	Status        string `json:"status"`
	Version       int64  `json:"version"`
}

func TestAccountLifecycleWithEveryRefusedTransition(t *testing.T) {
	sys := system(t)
	cmd, q := sys.url(t, "accounts-command"), sys.url(t, "accounts-query")
	n := id("acct")
	num := map[string]any{"accountNumber": n}
	command(t, cmd, "accounts.account.create", map[string]any{"accountNumber": n, "userId": 7, "defaultAccount": true})
	refused(t, cmd, "accounts.account.create", map[string]any{"accountNumber": n, "userId": 7, "defaultAccount": true}, 422)
	refused(t, cmd, "accounts.account.activate", num, 422)
	refused(t, cmd, "accounts.account.suspend", map[string]any{"accountNumber": n, "reason": "x"}, 422)
	command(t, cmd, "accounts.account.confirm", num)
	refused(t, cmd, "accounts.account.confirm", num, 422)
	refused(t, cmd, "accounts.account.suspend", map[string]any{"accountNumber": n, "reason": "x"}, 422)
	command(t, cmd, "accounts.account.activate", num)
	refused(t, cmd, "accounts.account.activate", num, 422)
	refused(t, cmd, "accounts.account.confirm", num, 422)
	command(t, cmd, "accounts.account.suspend", map[string]any{"accountNumber": n, "reason": "review"})
	refused(t, cmd, "accounts.account.suspend", map[string]any{"accountNumber": n, "reason": "again"}, 422)
	command(t, cmd, "accounts.account.activate", num)
	last := command(t, cmd, "accounts.account.archive", num)
	for _, typ := range []string{"accounts.account.confirm", "accounts.account.activate", "accounts.account.archive"} {
		refused(t, cmd, typ, num, 422)
	}
	refused(t, cmd, "accounts.account.confirm", map[string]any{"accountNumber": id("ghost")}, 422)
	var a account
	if status := query(t, q, "accounts.account.get", num, last.Token, &a); status != http.StatusOK {
		t.Fatalf("get: status %d", status)
	}
	if a.Status != "ACCOUNT_ARCHIVED" || a.Version != 6 || a.UserID != 7 {
		t.Errorf("account %+v", a)
	}
	if status := query(t, q, "accounts.account.get", map[string]any{"accountNumber": id("ghost")}, "", nil); status != http.StatusNotFound {
		t.Errorf("unknown account: status %d", status)
	}
}

type order struct {
	OrderID  string           `json:"orderId"`
	Customer string           `json:"customer"`
	Items    []map[string]any `json:"items"`
	Version  int64            `json:"version"`
}

func TestOrdersAreCreatedUpdatedDeletedThen404(t *testing.T) {
	sys := system(t)
	cmd, q := sys.url(t, "orders-command"), sys.url(t, "orders-query")
	o := id("order")
	command(t, cmd, "orders.order.create", map[string]any{"orderId": o, "customer": "ann", "items": items("apple", 2)})
	up := command(t, cmd, "orders.order.update", map[string]any{"orderId": o, "customer": "bob", "items": items("pear", 3)})
	var got order
	if status := query(t, q, "orders.order.get", map[string]any{"orderId": o}, up.Token, &got); status != http.StatusOK {
		t.Fatalf("get: status %d", status)
	}
	if got.Customer != "bob" || got.Version != 2 || len(got.Items) != 1 || got.Items[0]["sku"] != "pear" {
		t.Errorf("order %+v", got)
	}
	del := command(t, cmd, "orders.order.delete", map[string]any{"orderId": o})
	if status := query(t, q, "orders.order.get", map[string]any{"orderId": o}, del.Token, nil); status != http.StatusNotFound {
		t.Errorf("deleted order: status %d, want 404", status)
	}
	refused(t, cmd, "orders.order.update", map[string]any{"orderId": o, "customer": "cat"}, 422)
	refused(t, cmd, "orders.order.create", map[string]any{"orderId": id("empty"), "customer": "ann", "items": items()}, 422)
}

type cart struct {
	UserID  string           `json:"userId"`
	Items   []map[string]any `json:"items"`
	Version int64            `json:"version"`
}

func TestACheckedOutCartBecomesAnOrder(t *testing.T) {
	sys := system(t)
	cmd, q := sys.url(t, "carts-command"), sys.url(t, "carts-query")
	user, o := id("user"), id("checkout")
	command(t, cmd, "carts.item.add", map[string]any{"userId": user, "sku": "apple", "quantity": 2})
	command(t, cmd, "carts.item.add", map[string]any{"userId": user, "sku": "pear", "quantity": 1})
	command(t, cmd, "carts.item.add", map[string]any{"userId": user, "sku": "fig", "quantity": 1})
	command(t, cmd, "carts.item.update", map[string]any{"userId": user, "sku": "apple", "quantity": 5})
	rm := command(t, cmd, "carts.item.remove", map[string]any{"userId": user, "sku": "fig"})
	var c cart
	query(t, q, "carts.cart.get", map[string]any{"userId": user}, rm.Token, &c)
	if len(c.Items) != 2 || c.Items[0]["sku"] != "apple" || c.Items[0]["quantity"] != float64(5) || c.Version != 5 {
		t.Errorf("cart before checkout %+v", c)
	}
	done := command(t, cmd, "carts.cart.checkout", map[string]any{"userId": user, "orderId": o})
	query(t, q, "carts.cart.get", map[string]any{"userId": user}, done.Token, &c)
	if len(c.Items) != 0 {
		t.Errorf("cart after checkout %+v", c)
	}
	var got order
	eventually(t, sys.url(t, "orders-query"), "orders.order.get", map[string]any{"orderId": o}, &got)
	if got.Customer != user || len(got.Items) != 2 || got.Version != 1 {
		t.Errorf("order from checkout %+v", got)
	}
	refused(t, cmd, "carts.cart.checkout", map[string]any{"userId": user, "orderId": id("again")}, 422)
}

func TestTheEventLogListsEventsByType(t *testing.T) {
	sys := system(t)
	n := id("logged")
	last := command(t, sys.url(t, "accounts-command"), "accounts.account.create", map[string]any{"accountNumber": n, "userId": 1, "defaultAccount": false})
	var page struct {
		Events []struct {
			Stream string `json:"stream"`
			Type   string `json:"type"`
		} `json:"events"`
		Next string `json:"next"`
	}
	status := query(t, sys.url(t, "eventlog-query"), "eventlog.events.list",
		map[string]any{"type": "accounts.account.created", "stream": "account-" + n}, last.Token, &page)
	if status != http.StatusOK || len(page.Events) != 1 || page.Events[0].Type != "accounts.account.created" || page.Next == "" {
		t.Errorf("status %d, page %+v", status, page)
	}
}

func TestADuplicateCommandIsAnsweredOnceAndAppendedOnce(t *testing.T) {
	sys := system(t)
	url := sys.url(t, "carts-command")
	e := ce("carts.item.add", map[string]any{"userId": id("dup"), "sku": "kiwi", "quantity": 1})
	first, second := functest.Send(t, url, e), functest.Send(t, url, e)
	if first.Status != 200 || second.Status != 200 || string(first.Event.Data()) != string(second.Event.Data()) {
		t.Fatalf("replies differ: %d %s / %d %s", first.Status, first.Body, second.Status, second.Body)
	}
	var a accepted
	second.Data(t, &a)
	var c cart
	query(t, sys.url(t, "carts-query"), "carts.cart.get", map[string]any{"userId": id("dup")}, a.Token, &c)
	if c.Version != 1 || len(c.Items) != 1 || c.Items[0]["quantity"] != float64(1) {
		t.Errorf("cart after a duplicate add %+v", c)
	}
}

func TestMalformedEventsAnswer400(t *testing.T) {
	sys := system(t)
	url := sys.url(t, "accounts-command")
	for name, res := range map[string]functest.Response{
		"no id": functest.Post(t, url, "application/json", map[string]string{"ce-specversion": "1.0",
			"ce-type": "accounts.account.confirm", "ce-source": "/e2e"}, []byte(`{"accountNumber":"1"}`)),
		"unknown type": functest.Send(t, url, ce("accounts.account.explode", map[string]any{"accountNumber": "1"})),
		"bad data":     functest.Send(t, url, ce("accounts.account.create", map[string]any{"accountNumber": "1", "userId": "x", "defaultAccount": true})),
	} {
		if res.Status != http.StatusBadRequest {
			t.Errorf("%s: status %d, body %q", name, res.Status, res.Body)
		}
	}
}
