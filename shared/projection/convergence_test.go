package projection_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cloudevents/sdk-go/v2/event"
	"github.com/google/go-cmp/cmp"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/eventfn/eventfn/shared/accounts"
	"github.com/eventfn/eventfn/shared/accounts/accountview"
	"github.com/eventfn/eventfn/shared/carts"
	"github.com/eventfn/eventfn/shared/carts/cartview"
	"github.com/eventfn/eventfn/shared/command"
	"github.com/eventfn/eventfn/shared/eventstore"
	"github.com/eventfn/eventfn/shared/failure"
	"github.com/eventfn/eventfn/shared/funcdb"
	"github.com/eventfn/eventfn/shared/orders"
	"github.com/eventfn/eventfn/shared/orders/orderview"
	"github.com/eventfn/eventfn/shared/pgtest"
	"github.com/eventfn/eventfn/shared/projection"
	"github.com/eventfn/eventfn/shared/relay"
)

// The workload of the issue: 10,000 commands over the three contexts.
const (
	workloadCommands = 10_000
	workloadAccounts = 200
	workloadOrders   = 300
	workloadUsers    = 100
	// untouchedIDs more ids per context are compared too: nothing was ever
	// sent about them, so their orders and accounts are not found and their
	// carts are empty.
	untouchedIDs    = 5
	workloadWriters = 4
	// deliveryWorkers deliver a scenario's wake-ups concurrently, as the
	// broker does.
	deliveryWorkers = 8
	// seedVariable names the environment variable that replays a workload.
	seedVariable = "CONVERGENCE_SEED"
)

// contextNames are the bounded contexts, as the first word of their types.
func contextNames() []string { return []string{"accounts", "orders", "carts"} }

// One log, four brokers: the writers run the workload once while every
// scenario keeps its own copy of the three read models (checkpoints and
// schemas of its own) from the wake-ups its broker delivers, all at the same
// time. Then each scenario gets one periodic tick, and every read model must
// equal the fold of the log.
func TestReadModelsEqualTheFoldOfTheLogWhateverHappensToTheWakeUps(t *testing.T) {
	t.Parallel()
	seed := workloadSeed(t)
	ctx := context.Background()
	began := time.Now()
	url := pgtest.NewDatabaseURL(t)
	pool := connectTo(t, url)
	w := planWorkload(rand.New(rand.NewPCG(seed, 0)))
	scenarios := startScenarios(ctx, t, url, seed)
	t.Logf("database and projector functions ready after %s", time.Since(began).Round(time.Millisecond))

	start := time.Now()
	end := make(chan eventstore.Position, 1)
	go relayWakeUps(ctx, t, pool, end, scenarios)
	accepted, refused := execute(ctx, t, eventstore.New(pool), w)
	written := time.Since(start)
	end <- newest(ctx, t, pool)
	for _, s := range scenarios {
		<-s.done
		t.Logf("%s: every wake-up delivered after %s", s.name, s.finished.Sub(start).Round(time.Millisecond))
	}
	t.Logf("%d commands %v by %d writers in %s: %d accepted, %d refused %v",
		workloadCommands, w.planned, workloadWriters, written.Round(time.Millisecond), accepted, refused, w.refusals)
	if accepted+refused != workloadCommands || refused != w.refused {
		t.Errorf("%d accepted and %d refused, want %d refused as deciding the plan in order predicts", accepted, refused, w.refused)
	}
	want := foldLog(ctx, t, pool)
	for _, s := range scenarios {
		t.Run(s.name, func(t *testing.T) { s.verify(ctx, t, pool, want) })
	}
}

// workloadSeed is the seed of the workload and of every scenario's choices;
// setting CONVERGENCE_SEED replays a failed run's workload.
func workloadSeed(t *testing.T) uint64 {
	seed := rand.Uint64()
	if s := os.Getenv(seedVariable); s != "" {
		var err error
		if seed, err = strconv.ParseUint(s, 10, 64); err != nil {
			t.Fatalf("%s=%q: %v", seedVariable, s, err)
		}
	}
	t.Logf("seed %d: rerun with %s=%d", seed, seedVariable, seed)
	return seed
}

func connectTo(t *testing.T, url string) *pgxpool.Pool {
	t.Helper()
	pool, err := eventstore.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	return pool
}

// --- The workload ---

// workload is the commands each writer sends, in order. A stream always
// belongs to the same writer, so that deciding the plan in order predicts
// exactly which commands the domain refuses.
type workload struct {
	byWriter [workloadWriters][]event.Event
	refused  int
	// planned and refusals count commands per context, for the log.
	planned, refusals map[string]int
}

// planned is one command of the plan, and whether the domain accepts it.
type planned struct {
	cmd      command.Command
	stream   string
	accepted bool
}

// planner plans one context's commands, tracking the state its accepted
// commands leave, so that most of what it plans is accepted.
type planner[S any, C command.Command, E command.Event] struct {
	states    map[string]S
	decide    func(S, C) ([]E, error)
	evolve    func(S, E) S
	stream    func(string) string
	candidate func(*rand.Rand) C
}

func newPlanner[S any, C command.Command, E command.Event](d command.Domain[S, C, E], candidate func(*rand.Rand) C) *planner[S, C, E] {
	return &planner[S, C, E]{states: map[string]S{}, decide: d.Decide, evolve: d.Evolve, stream: d.StreamID, candidate: candidate}
}

// next plans the first of a few random candidates the state accepts, or
// else the last, which the domain refuses. One command in twenty is sent
// whatever the state, as clients do.
func (p *planner[S, C, E]) next(rnd *rand.Rand) planned {
	tries := 6
	if rnd.IntN(20) == 0 {
		tries = 1
	}
	var c C
	for range tries {
		c = p.candidate(rnd)
		if events, err := p.decide(p.states[c.AggregateID()], c); err == nil {
			for _, e := range events {
				p.states[c.AggregateID()] = p.evolve(p.states[c.AggregateID()], e)
			}
			return planned{cmd: c, stream: p.stream(c.AggregateID()), accepted: true}
		}
	}
	return planned{cmd: c, stream: p.stream(c.AggregateID())}
}

func planWorkload(rnd *rand.Rand) *workload {
	next := [...]func(*rand.Rand) planned{
		newPlanner(accountsDomain(), accountCandidate).next,
		newPlanner(ordersDomain(), orderCandidate).next,
		newPlanner(cartsDomain(), cartCandidate).next,
	}
	w := &workload{planned: make(map[string]int), refusals: make(map[string]int)}
	for i := range workloadCommands {
		p := next[rnd.IntN(len(next))](rnd)
		w.planned[contextOf(p.cmd.CommandType())]++
		if !p.accepted {
			w.refused++
			w.refusals[contextOf(p.cmd.CommandType())]++
		}
		writer := streamHash(p.stream) % workloadWriters
		w.byWriter[writer] = append(w.byWriter[writer], commandEvent(i, p.cmd))
	}
	return w
}

func streamHash(stream string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(stream))
	return h.Sum32()
}

func commandEvent(i int, c command.Command) event.Event {
	data, err := json.Marshal(c)
	if err != nil {
		panic(err) // plain structs of strings and numbers always encode
	}
	e := event.New()
	e.SetID(fmt.Sprintf("convergence-%05d", i))
	e.SetSource("/test/convergence")
	e.SetType(c.CommandType())
	if err := e.SetData(event.ApplicationJSON, data); err != nil {
		panic(err)
	}
	return e
}

func accountID(i int) string { return strconv.Itoa(10_000 + i) }
func orderID(i int) string   { return fmt.Sprintf("o-%03d", i) }
func userID(i int) string    { return fmt.Sprintf("u-%03d", i) }

func accountCandidate(rnd *rand.Rand) accounts.Command {
	n := accountID(rnd.IntN(workloadAccounts))
	// Archiving is final, so it is rare: otherwise most accounts would be
	// archived early and refuse everything after.
	switch k := rnd.IntN(1000); {
	case k < 150:
		return accounts.Create{AccountNumber: n, UserID: 1 + rnd.Int64N(50), DefaultAccount: rnd.IntN(2) == 0}
	case k < 300:
		return accounts.Confirm{AccountNumber: n}
	case k < 600:
		return accounts.Activate{AccountNumber: n}
	case k < 998:
		return accounts.Suspend{AccountNumber: n, Reason: fmt.Sprintf("review %d", rnd.IntN(1000))}
	}
	return accounts.Archive{AccountNumber: n}
}

func orderCandidate(rnd *rand.Rand) orders.Command {
	id := orderID(rnd.IntN(workloadOrders))
	customer := fmt.Sprintf("c-%02d", rnd.IntN(40))
	switch k := rnd.IntN(60); {
	case k < 18:
		return orders.Create{OrderID: id, Customer: customer, Items: orderItems(rnd)}
	case k < 31:
		return orders.Update{OrderID: id, Customer: &customer}
	case k < 45:
		return orders.Update{OrderID: id, Items: orderItems(rnd)}
	case k < 59:
		return orders.Update{OrderID: id, Customer: &customer, Items: orderItems(rnd)}
	}
	return orders.Delete{OrderID: id}
}

// orderItems are one to four lines of distinct skus.
func orderItems(rnd *rand.Rand) []orders.Item {
	skus := rnd.Perm(20)[:1+rnd.IntN(4)]
	items := make([]orders.Item, len(skus))
	for i, s := range skus {
		items[i] = orders.Item{SKU: fmt.Sprintf("sku-%02d", s), Quantity: 1 + rnd.IntN(9)}
	}
	return items
}

func cartCandidate(rnd *rand.Rand) carts.Command {
	user := userID(rnd.IntN(workloadUsers))
	sku := fmt.Sprintf("sku-%02d", rnd.IntN(8))
	switch k := rnd.IntN(20); {
	case k < 9:
		return carts.Add{UserID: user, SKU: sku, Quantity: 1 + rnd.IntN(5)}
	case k < 13:
		return carts.Update{UserID: user, SKU: sku, Quantity: 1 + rnd.IntN(9)}
	case k < 17:
		return carts.Remove{UserID: user, SKU: sku}
	}
	return carts.Checkout{UserID: user, OrderID: fmt.Sprintf("co-%08x", rnd.Uint32())}
}

func accountsDomain() command.Domain[accounts.State, accounts.Command, accounts.Event] {
	return command.Domain[accounts.State, accounts.Command, accounts.Event]{DecodeCommand: accounts.DecodeCommand,
		DecodeEvent: accounts.DecodeEvent, StreamID: accounts.StreamID, Decide: accounts.Decide, Evolve: accounts.Evolve}
}

func ordersDomain() command.Domain[orders.State, orders.Command, orders.Event] {
	return command.Domain[orders.State, orders.Command, orders.Event]{DecodeCommand: orders.DecodeCommand,
		DecodeEvent: orders.DecodeEvent, StreamID: orders.StreamID, Decide: orders.Decide, Evolve: orders.Evolve}
}

func cartsDomain() command.Domain[carts.State, carts.Command, carts.Event] {
	return command.Domain[carts.State, carts.Command, carts.Event]{DecodeCommand: carts.DecodeCommand,
		DecodeEvent: carts.DecodeEvent, StreamID: carts.StreamID, Decide: carts.Decide, Evolve: carts.Evolve}
}

// --- The writers and the relay ---

type handler interface {
	Handle(ctx context.Context, e event.Event) (*event.Event, error)
}

// execute sends the workload through the command handlers, one goroutine
// per writer, and counts the commands accepted and refused (422).
func execute(ctx context.Context, t *testing.T, store *eventstore.Store, w *workload) (accepted, refused int) {
	handlers := map[string]handler{
		"accounts": command.NewHandler(accountsDomain(), store, "/eventfn/accounts-command"),
		"orders":   command.NewHandler(ordersDomain(), store, "/eventfn/orders-command"),
		"carts":    command.NewHandler(cartsDomain(), store, "/eventfn/carts-command"),
	}
	var ok, no atomic.Int64
	var wg sync.WaitGroup
	for _, commands := range w.byWriter {
		wg.Go(func() {
			for _, e := range commands {
				_, err := handlers[contextOf(e.Type())].Handle(ctx, e)
				switch {
				case err == nil:
					ok.Add(1)
				case errors.Is(err, failure.ErrRejected):
					no.Add(1)
				default:
					t.Errorf("command %s %s: %v", e.Type(), e.Data(), err)
				}
			}
		})
	}
	wg.Wait()
	return int(ok.Load()), int(no.Load())
}

func contextOf(eventType string) string {
	ctx, _, _ := strings.Cut(eventType, ".")
	return ctx
}

// newest is the position of the last event the writers appended.
func newest(ctx context.Context, t *testing.T, pool *pgxpool.Pool) eventstore.Position {
	h, err := eventstore.New(pool).Horizon(ctx)
	if err != nil {
		t.Errorf("horizon: %v", err)
	}
	return h.Newest
}

// relayWakeUps does the relay's job: it tails the log in commit-safe order
// and publishes every event, as a wake-up, to every scenario, until it has
// passed the position end sends once the writers are done.
func relayWakeUps(ctx context.Context, t *testing.T, pool *pgxpool.Pool, end <-chan eventstore.Position, scenarios []*scenario) {
	defer func() {
		for _, s := range scenarios {
			close(s.in)
		}
	}()
	var at eventstore.Position
	var last *eventstore.Position
	for {
		events, err := eventstore.ReadAll(ctx, pool, at, 1000, eventstore.Filter{})
		if err != nil {
			t.Errorf("relay: %v", err)
			return
		}
		for _, r := range events {
			for _, s := range scenarios {
				s.in <- relay.ToCloudEvent(r)
			}
			at = r.Checkpoint()
		}
		if len(events) > 0 {
			continue
		}
		if last == nil {
			select {
			case p := <-end:
				last = &p
			default:
			}
		}
		if last != nil && !at.Less(*last) {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// --- The scenarios ---

// scenario is one way the broker may treat wake-ups, driving its own
// projector functions, with read models of their own, over the shared log.
type scenario struct {
	name string
	// replicas is the number of projector functions per read model.
	replicas int
	// transform passes each wake-up it keeps to deliver, as often and in
	// whatever order this scenario's broker would.
	transform func(rnd *rand.Rand, in <-chan event.Event, deliver func(event.Event))
	// lossless scenarios deliver every wake-up to a single replica, so their
	// read models must equal the fold before the final tick already. Two
	// replicas are not lossless: one that finds the other at work returns
	// at once, and if the other's last read of the log came just before the
	// event became commit-safe, the event waits for the next wake-up.
	lossless bool

	rnd        *rand.Rand
	in         chan event.Event
	jobs       chan delivery
	projectors map[string][]*projection.Function
	delivered  atomic.Int64
	finished   time.Time
	done       chan struct{}
}

type delivery struct {
	to *projection.Function
	e  event.Event
}

func scenarios() []*scenario {
	return []*scenario{
		{name: "twice", replicas: 1, transform: deliverTwice, lossless: true},
		{name: "shuffled", replicas: 1, transform: deliverShuffled, lossless: true},
		{name: "half_dropped", replicas: 1, transform: dropHalf},
		{name: "two_replicas", replicas: 2, transform: deliverAll},
	}
}

// deliverTwice delivers every wake-up twice: the copy comes at once or
// later, among newer wake-ups.
func deliverTwice(rnd *rand.Rand, in <-chan event.Event, deliver func(event.Event)) {
	var late []event.Event
	for e := range in {
		deliver(e)
		if rnd.IntN(2) == 0 {
			deliver(e)
		} else {
			late = append(late, e)
		}
		if rnd.IntN(4) == 0 && len(late) > 0 {
			deliver(takeRandom(rnd, &late))
		}
	}
	for len(late) > 0 {
		deliver(takeRandom(rnd, &late))
	}
}

// deliverShuffled holds up to 128 wake-ups back and delivers a random one
// of them whenever more arrive.
func deliverShuffled(rnd *rand.Rand, in <-chan event.Event, deliver func(event.Event)) {
	var held []event.Event
	for e := range in {
		held = append(held, e)
		for len(held) > rnd.IntN(128) {
			deliver(takeRandom(rnd, &held))
		}
	}
	for len(held) > 0 {
		deliver(takeRandom(rnd, &held))
	}
}

func dropHalf(rnd *rand.Rand, in <-chan event.Event, deliver func(event.Event)) {
	for e := range in {
		if rnd.IntN(2) == 0 {
			deliver(e)
		}
	}
}

func deliverAll(_ *rand.Rand, in <-chan event.Event, deliver func(event.Event)) {
	for e := range in {
		deliver(e)
	}
}

func takeRandom(rnd *rand.Rand, list *[]event.Event) event.Event {
	l := *list
	i := rnd.IntN(len(l))
	e := l[i]
	l[i] = l[len(l)-1]
	*list = l[:len(l)-1]
	return e
}

// renamed gives a view another name, hence its own checkpoint and schema.
type renamed struct {
	projection.ReadModel
	name string
}

func (m renamed) Name() string { return m.name }

// views are the three read models, by context.
func views() map[string]projection.ReadModel {
	return map[string]projection.ReadModel{"accounts": accountview.New(), "orders": orderview.New(), "carts": cartview.New()}
}

func modelName(domain string, s *scenario) string { return domain + "_" + s.name }

func startScenarios(ctx context.Context, t *testing.T, url string, seed uint64) []*scenario {
	all := scenarios()
	for i, s := range all {
		s.rnd = rand.New(rand.NewPCG(seed, uint64(i+1)))
		// Room for every wake-up: the relay never waits for a slow scenario,
		// so each delivers at its own pace.
		s.in = make(chan event.Event, workloadCommands)
		s.jobs, s.done = make(chan delivery, 64), make(chan struct{})
		s.projectors = make(map[string][]*projection.Function)
		for c, view := range views() {
			for range s.replicas {
				s.projectors[c] = append(s.projectors[c], startProjector(ctx, t, url, renamed{view, modelName(c, s)}))
			}
		}
		go s.run(ctx, t)
	}
	return all
}

func startProjector(ctx context.Context, t *testing.T, url string, m projection.ReadModel) *projection.Function {
	t.Helper()
	f := projection.NewFunction(m)
	if err := f.Start(ctx, map[string]string{funcdb.ConfigKey: url}); err != nil {
		t.Fatalf("start projector %s: %v", m.Name(), err)
	}
	t.Cleanup(func() { f.Stop(context.Background()) })
	return f
}

// run delivers the scenario's wake-ups until the relay is done.
func (s *scenario) run(ctx context.Context, t *testing.T) {
	defer close(s.done)
	var workers sync.WaitGroup
	for range deliveryWorkers {
		workers.Go(func() {
			for d := range s.jobs {
				if _, err := d.to.Handle(ctx, d.e); err != nil {
					t.Errorf("%s: wake-up %s: %v", s.name, d.e.ID(), err)
				}
				s.delivered.Add(1)
			}
		})
	}
	s.transform(s.rnd, s.in, s.route)
	close(s.jobs)
	workers.Wait()
	s.finished = time.Now()
}

// route hands a wake-up to the projector of its context; with two
// replicas, to one of them or to both.
func (s *scenario) route(e event.Event) {
	replicas := s.projectors[contextOf(e.Type())]
	pick := s.rnd.IntN(len(replicas) + 1) // len(replicas) means all of them
	for i, p := range replicas {
		if pick == i || pick == len(replicas) {
			s.jobs <- delivery{to: p, e: e}
		}
	}
}

// tick sends the periodic tick once to one replica of every read model.
func (s *scenario) tick(ctx context.Context, t *testing.T) {
	for _, c := range contextNames() {
		replicas := s.projectors[c]
		tick := event.New()
		tick.SetID(uuid.NewString())
		tick.SetSource("/eventfn/projector-tick")
		tick.SetType("dev.knative.sources.ping")
		if _, err := replicas[s.rnd.IntN(len(replicas))].Handle(ctx, tick); err != nil {
			t.Errorf("tick %s: %v", modelName(c, s), err)
		}
	}
}

func (s *scenario) verify(ctx context.Context, t *testing.T, pool *pgxpool.Pool, want *fold) {
	before := want.differences(ctx, pool, s)
	t.Logf("%d wake-ups delivered; %d differences from the fold before the final tick", s.delivered.Load(), len(before))
	if s.lossless {
		reportDifferences(t, "before the final tick", before)
	}
	s.tick(ctx, t)
	reportDifferences(t, "after one final tick", want.differences(ctx, pool, s))
}

func reportDifferences(t *testing.T, when string, diffs []string) {
	t.Helper()
	if len(diffs) == 0 {
		return
	}
	shown := diffs[:min(len(diffs), 5)]
	t.Errorf("%s, %d aggregates or checkpoints differ from the fold of the log; the first:\n%s",
		when, len(diffs), strings.Join(shown, "\n"))
}

// --- The fold of the log ---

// fold is what the read models must show: the log folded by the domains'
// Evolve, with the times and versions the log recorded.
type fold struct {
	accounts map[string]accountview.Account
	orders   map[string]orderview.Order // live orders only
	carts    map[string]cartview.Cart
	last     map[string]eventstore.Position // newest event per context
}

func foldLog(ctx context.Context, t *testing.T, pool *pgxpool.Pool) *fold {
	f := &fold{last: make(map[string]eventstore.Position)}
	f.accounts = foldAccounts(t, f.read(ctx, t, pool, "accounts", accounts.EventTypes()))
	f.orders = foldOrders(t, f.read(ctx, t, pool, "orders", orders.EventTypes()))
	f.carts = foldCarts(t, f.read(ctx, t, pool, "carts", carts.EventTypes()))
	return f
}

// read returns the whole log of one context in commit-safe order, checking
// that every stream's versions follow each other.
func (f *fold) read(ctx context.Context, t *testing.T, pool *pgxpool.Pool, domain string, types []string) []eventstore.RecordedEvent {
	var all []eventstore.RecordedEvent
	var at eventstore.Position
	for {
		events, err := eventstore.ReadAll(ctx, pool, at, eventstore.MaxReadLimit, eventstore.Filter{Types: types})
		if err != nil {
			t.Fatal(err)
		}
		if len(events) == 0 {
			break
		}
		all, at = append(all, events...), events[len(events)-1].Checkpoint()
	}
	versions := make(map[string]int64)
	for _, e := range all {
		if versions[e.Stream]++; e.Version != versions[e.Stream] {
			t.Fatalf("%s version %d follows version %d in commit-safe order", e.Stream, e.Version, versions[e.Stream]-1)
		}
	}
	f.last[domain] = at
	return all
}

func foldAccounts(t *testing.T, log []eventstore.RecordedEvent) map[string]accountview.Account {
	states, want := make(map[string]accounts.State), make(map[string]accountview.Account)
	for _, r := range log {
		ev, err := accounts.DecodeEvent(r.Type, r.Data)
		if err != nil {
			t.Fatal(err)
		}
		s := accounts.Evolve(states[ev.AggregateID()], ev)
		states[ev.AggregateID()] = s
		a := want[ev.AggregateID()]
		if _, ok := ev.(accounts.Created); ok {
			a.CreatedAt = r.RecordedAt.UTC()
		}
		a.AccountNumber, a.UserID, a.DefaultAccount, a.Status = s.AccountNumber, s.UserID, s.DefaultAccount, string(s.Status)
		a.LastModified, a.Version = r.RecordedAt.UTC(), r.Version
		want[ev.AggregateID()] = a
	}
	return want
}

func foldOrders(t *testing.T, log []eventstore.RecordedEvent) map[string]orderview.Order {
	states, want := make(map[string]orders.State), make(map[string]orderview.Order)
	for _, r := range log {
		ev, err := orders.DecodeEvent(r.Type, r.Data)
		if err != nil {
			t.Fatal(err)
		}
		s := orders.Evolve(states[ev.AggregateID()], ev)
		states[ev.AggregateID()] = s
		o := want[ev.AggregateID()]
		if _, ok := ev.(orders.Created); ok {
			o.CreatedAt = r.RecordedAt.UTC()
		}
		o.OrderID, o.Customer, o.Items = s.OrderID, s.Customer, s.Items
		o.UpdatedAt, o.Version = r.RecordedAt.UTC(), r.Version
		want[ev.AggregateID()] = o
	}
	for id, s := range states {
		if s.Deleted {
			delete(want, id)
		}
	}
	return want
}

// foldCarts folds every user's cart; users the log never mentions have
// an empty one.
func foldCarts(t *testing.T, log []eventstore.RecordedEvent) map[string]cartview.Cart {
	states, want := make(map[string]carts.State), make(map[string]cartview.Cart)
	for i := range workloadUsers + untouchedIDs {
		want[userID(i)] = cartview.Cart{UserID: userID(i), Items: []carts.Item{}}
	}
	for _, r := range log {
		ev, err := carts.DecodeEvent(r.Type, r.Data)
		if err != nil {
			t.Fatal(err)
		}
		s := carts.Evolve(states[ev.AggregateID()], ev)
		states[ev.AggregateID()] = s
		want[ev.AggregateID()] = cartview.Cart{UserID: ev.AggregateID(), Items: s.Items(), Version: r.Version}
	}
	return want
}

// differences lists every aggregate whose view in s's read models differs
// from the fold, and every checkpoint short of the context's last event.
func (f *fold) differences(ctx context.Context, pool *pgxpool.Pool, s *scenario) []string {
	schema := func(c string) string { return projection.LiveSchema(modelName(c, s)) }
	diffs := differ(ids(workloadAccounts, accountID), f.accounts, func(id string) (accountview.Account, error) {
		return accountview.Get(ctx, pool, schema("accounts"), id)
	})
	diffs = append(diffs, differ(ids(workloadOrders, orderID), f.orders, func(id string) (orderview.Order, error) {
		return orderview.Get(ctx, pool, schema("orders"), id)
	})...)
	diffs = append(diffs, differ(ids(workloadUsers, userID), f.carts, func(id string) (cartview.Cart, error) {
		return cartview.Get(ctx, pool, schema("carts"), id)
	})...)
	for _, c := range contextNames() {
		diffs = append(diffs, f.checkpointDifference(ctx, pool, c, modelName(c, s))...)
	}
	return diffs
}

// ids are n ids the workload uses and a few it never does.
func ids(n int, id func(int) string) []string {
	out := make([]string, n+untouchedIDs)
	for i := range out {
		out[i] = id(i)
	}
	return out
}

// differ compares what get returns for every id with want; an id want
// lacks must not be found.
func differ[V any](ids []string, want map[string]V, get func(id string) (V, error)) []string {
	var diffs []string
	for _, id := range ids {
		got, err := get(id)
		w, exists := want[id]
		switch {
		case !exists && errors.Is(err, failure.ErrNotFound):
		case !exists:
			diffs = append(diffs, fmt.Sprintf("%s: got %+v, %v; want not found", id, got, err))
		case err != nil:
			diffs = append(diffs, fmt.Sprintf("%s: %v", id, err))
		default:
			if d := cmp.Diff(w, got); d != "" {
				diffs = append(diffs, fmt.Sprintf("%s (-fold +view):\n%s", id, d))
			}
		}
	}
	return diffs
}

// checkpointDifference says what is wrong with the checkpoint of name: it
// must have passed the context's last event, and no event of the model's
// types may lie beyond it. (It may stand past that event, at the horizon,
// so that consistency tokens of events it ignores are reached too.)
func (f *fold) checkpointDifference(ctx context.Context, pool *pgxpool.Pool, domain, name string) []string {
	cp, err := projection.Checkpoint(ctx, pool, name)
	if err != nil {
		return []string{fmt.Sprintf("checkpoint %s: %v", name, err)}
	}
	if cp.Less(f.last[domain]) {
		return []string{fmt.Sprintf("checkpoint %s at %s, short of the last event at %s", name, cp.Token(), f.last[domain].Token())}
	}
	beyond, err := eventstore.ReadAll(ctx, pool, cp, 1, eventstore.Filter{Types: views()[domain].EventTypes()})
	if err != nil || len(beyond) > 0 {
		return []string{fmt.Sprintf("checkpoint %s at %s has events beyond it: %v, %v", name, cp.Token(), beyond, err)}
	}
	return nil
}
