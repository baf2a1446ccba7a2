package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cloudevents/sdk-go/v2/event"

	"github.com/eventfn/eventfn/shared/functest"
)

// send delivers e until it gets a definitive answer, retrying the same
// event (same id) through connection failures and 5xx, as a client of an
// idempotent API should.
func send(ctx context.Context, url string, e event.Event) (functest.Response, error) {
	for {
		res, err := functest.Deliver(ctx, url, e)
		if err == nil && res.Status < 500 {
			return res, nil
		}
		select {
		case <-ctx.Done():
			return res, fmt.Errorf("%s %s: no answer before the deadline (last: %v, status %d)", e.Type(), e.ID(), err, res.Status)
		case <-time.After(200 * time.Millisecond):
		}
	}
}

type userLoad struct {
	id        string
	expected  map[string]int // cart lines after the last accepted command
	token     string         // of the last accepted command
	checkouts map[string]map[string]int
}

// progress counts the restart workload's accepted commands.
var progress atomic.Int64

func TestARestartInTheMiddleOfAWorkloadLosesAndDuplicatesNothing(t *testing.T) {
	if _, ok := fromEnv(t); ok {
		t.Skip("restarts only the local stack; EVENTFN_E2E_TARGET points elsewhere")
	}
	dir := tempDir(t)
	defer os.RemoveAll(dir)
	port := freePorts(t)
	d := startDev(t, dir, port)
	tg := d.target()
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()

	users := make([]*userLoad, 6)
	for i := range users {
		users[i] = &userLoad{id: id(fmt.Sprintf("restart-%d", i)), expected: map[string]int{}, checkouts: map[string]map[string]int{}}
	}
	const rounds = 60
	var wg sync.WaitGroup
	errs := make(chan error, len(users))
	for _, u := range users {
		wg.Go(func() { errs <- u.work(ctx, tg, rounds) })
	}
	total := int64(len(users) * rounds)
	for progress.Load() < total/3 {
		time.Sleep(10 * time.Millisecond)
	}
	d.stop(t)
	stoppedAt := progress.Load()
	d = startDev(t, dir, port)
	wg.Wait()
	if stoppedAt >= total {
		t.Fatalf("the workload ended before the restart (%d of %d commands)", stoppedAt, total)
	}
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, u := range users {
		u.check(t, tg)
	}
	d.stop(t)
}

// work runs one user's share of the workload: adds to a few lines, with a
// checkout every ten commands.
func (u *userLoad) work(ctx context.Context, tg target, rounds int) error {
	for i := range rounds {
		var e event.Event
		order := fmt.Sprintf("%s-order-%d", u.id, i)
		if i%10 == 9 && len(u.expected) > 0 {
			e = ce("carts.cart.checkout", map[string]any{"userId": u.id, "orderId": order})
		} else {
			e = ce("carts.item.add", map[string]any{"userId": u.id, "sku": fmt.Sprintf("sku-%d", i%3), "quantity": 1 + i%2})
		}
		res, err := send(ctx, tg.urls["carts-command"], e)
		if err != nil {
			return err
		}
		if res.Status != http.StatusOK {
			return fmt.Errorf("%s %s: status %d, body %q", e.Type(), e.Data(), res.Status, res.Body)
		}
		u.accept(e, res, order, i)
		progress.Add(1)
		time.Sleep(50 * time.Millisecond)
	}
	return nil
}

func (u *userLoad) accept(e event.Event, res functest.Response, order string, i int) {
	var a struct {
		Token string `json:"token"`
	}
	_ = json.Unmarshal(res.Event.Data(), &a)
	u.token = a.Token
	if e.Type() == "carts.cart.checkout" {
		u.checkouts[order] = u.expected
		u.expected = map[string]int{}
		return
	}
	u.expected[fmt.Sprintf("sku-%d", i%3)] += 1 + i%2
}

func (u *userLoad) check(t *testing.T, tg target) {
	t.Helper()
	var c cart
	if status := query(t, tg.url(t, "carts-query"), "carts.cart.get", map[string]any{"userId": u.id}, u.token, &c); status != http.StatusOK {
		t.Fatalf("cart of %s: status %d", u.id, status)
	}
	got := map[string]int{}
	for _, it := range c.Items {
		got[it["sku"].(string)] = int(it["quantity"].(float64))
	}
	if fmt.Sprint(got) != fmt.Sprint(u.expected) {
		t.Errorf("cart of %s: %v, want %v", u.id, got, u.expected)
	}
	for orderID, want := range u.checkouts {
		var o order
		eventually(t, tg.url(t, "orders-query"), "orders.order.get", map[string]any{"orderId": orderID}, &o)
		lines := map[string]int{}
		for _, it := range o.Items {
			lines[it["sku"].(string)] = int(it["quantity"].(float64))
		}
		if o.Version != 1 || fmt.Sprint(lines) != fmt.Sprint(want) {
			t.Errorf("order %s: version %d, items %v, want version 1 with %v", orderID, o.Version, lines, want)
		}
	}
}
