package devstack

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/cloudevents/sdk-go/v2/event"
	"github.com/jackc/pgx/v5/pgxpool"
	ce "knative.dev/func-go/cloudevents"

	"github.com/eventfn/eventfn/shared/devbroker"
	"github.com/eventfn/eventfn/shared/eventstore"
	"github.com/eventfn/eventfn/shared/pgcluster"
)

// Config says where the stack keeps its data and where it listens.
type Config struct {
	// DataDir holds the local PostgreSQL cluster; default ".eventfn".
	DataDir string
	// DatabaseURL, when set, is used instead of a local cluster.
	DatabaseURL string
	// ManifestDir holds the Broker, Trigger and PingSource manifests;
	// default "config".
	ManifestDir string
	// Host is the address every server listens on; default 127.0.0.1.
	Host string
	// Port is the broker's port; the functions follow it. Default 8080.
	Port int
	// Tick is how often the projectors are woken; default 5 s.
	Tick   time.Duration
	Logger *slog.Logger
}

func (c Config) withDefaults() Config {
	if c.DataDir == "" {
		c.DataDir = ".eventfn"
	}
	if c.ManifestDir == "" {
		c.ManifestDir = "config"
	}
	if c.Host == "" {
		c.Host = "127.0.0.1"
	}
	if c.Port == 0 {
		c.Port = 8080
	}
	if c.Tick == 0 {
		c.Tick = 5 * time.Second
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	return c
}

// Validate reports settings the stack cannot run with.
func (c Config) Validate() error {
	if c.Port < 0 || c.Port+len(catalogue()) > 65535 {
		return fmt.Errorf("port %d leaves no room for %d functions", c.Port, len(catalogue()))
	}
	if c.Tick < 0 {
		return fmt.Errorf("negative tick %s", c.Tick)
	}
	return nil
}

// Endpoint is a function as the stack serves it.
type Endpoint struct {
	Name string
	URL  string
	// Curl is a command line that sends the function an example event.
	Curl string
}

// Stack is the running system.
type Stack struct {
	cfg       Config
	cluster   *pgcluster.Cluster
	dbURL     string
	broker    *devbroker.Broker
	brokerURL string
	servers   []*http.Server
	instances []running
	tick      event.Event
	stopTick  context.CancelFunc
	ticking   sync.WaitGroup
}

// running is a started function instance.
type running struct {
	function
	url      string
	instance any
}

// Start brings the whole system up and returns once every function is
// ready. On failure it tears down whatever it had started.
func Start(ctx context.Context, cfg Config) (*Stack, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("devstack: %w", err)
	}
	s := &Stack{cfg: cfg.withDefaults()}
	if err := s.start(ctx); err != nil {
		_ = s.Close(context.Background())
		return nil, err
	}
	return s, nil
}

func (s *Stack) start(ctx context.Context) error {
	if err := s.openDatabase(ctx); err != nil {
		return err
	}
	listeners, err := s.listen()
	if err != nil {
		return err
	}
	if err := s.startBroker(listeners); err != nil {
		return err
	}
	if err := s.startFunctions(ctx, listeners[1:]); err != nil {
		return err
	}
	return s.startTicks()
}

// openDatabase starts (or reuses) the local cluster unless a URL was
// given, and applies the migrations.
func (s *Stack) openDatabase(ctx context.Context) error {
	s.dbURL = s.cfg.DatabaseURL
	if s.dbURL == "" {
		c, err := pgcluster.Start(ctx, filepath.Join(s.cfg.DataDir, "pg"), pgcluster.Options{Logger: s.cfg.Logger})
		if err != nil {
			return err
		}
		s.cluster = c
		if s.dbURL, err = ensureDatabase(ctx, c, "eventfn"); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(s.cfg.DataDir, URLFile), []byte(s.dbURL+"\n"), 0o600); err != nil {
			return fmt.Errorf("record database url: %w", err)
		}
	}
	pool, err := eventstore.Connect(ctx, s.dbURL)
	if err != nil {
		return err
	}
	defer pool.Close()
	return eventstore.Migrate(ctx, pool)
}

// URLFile, inside the data directory, names the running local database, so
// that `eventfn projections` and `eventfn deadletters` find it.
const URLFile = "database_url"

func ensureDatabase(ctx context.Context, c *pgcluster.Cluster, name string) (string, error) {
	pool, err := pgxpool.New(ctx, c.URL("postgres"))
	if err != nil {
		return "", err
	}
	defer pool.Close()
	var exists bool
	if err := pool.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
		return "", fmt.Errorf("look for database %s: %w", name, err)
	}
	if !exists {
		if _, err := pool.Exec(ctx, "CREATE DATABASE "+name); err != nil {
			return "", fmt.Errorf("create database %s: %w", name, err)
		}
	}
	return c.URL(name), nil
}

// listen opens every port up front, so a port in use fails the start
// before anything runs, and every URL is known before any function starts.
func (s *Stack) listen() ([]net.Listener, error) {
	var ls []net.Listener
	for i := 0; i <= len(catalogue()); i++ {
		l, err := net.Listen("tcp", net.JoinHostPort(s.cfg.Host, strconv.Itoa(s.cfg.Port+i)))
		if err != nil {
			for _, open := range ls {
				open.Close()
			}
			return nil, fmt.Errorf("listen: %w", err)
		}
		ls = append(ls, l)
	}
	return ls, nil
}

func (s *Stack) serve(l net.Listener, h http.Handler) {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	s.servers = append(s.servers, srv)
	go func() {
		if err := srv.Serve(l); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.cfg.Logger.Error("server stopped", "addr", l.Addr(), "err", err)
		}
	}()
}

func urlOf(l net.Listener) string { return "http://" + l.Addr().String() }

// startFunctions starts every function, relay last so that everything it
// publishes to finds its subscribers ready.
func (s *Stack) startFunctions(ctx context.Context, ls []net.Listener) error {
	for i, f := range catalogue() {
		r := running{function: f, url: urlOf(ls[i]), instance: f.new()}
		if err := s.startOne(ctx, r); err != nil {
			return fmt.Errorf("start %s: %w", f.name, err)
		}
		s.instances = append(s.instances, r)
		s.serve(ls[i], ce.New(r.instance).Handler)
	}
	return nil
}

func (s *Stack) startOne(ctx context.Context, r running) error {
	cfg := map[string]string{"DATABASE_URL": s.dbURL, "K_SINK": s.brokerURL}
	if st, ok := r.instance.(ce.Starter); ok {
		if err := st.Start(ctx, cfg); err != nil {
			return err
		}
	}
	return waitReady(ctx, r.instance)
}

func waitReady(ctx context.Context, fn any) error {
	rr, ok := fn.(ce.ReadinessReporter)
	if !ok {
		return nil
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		ready, err := rr.Ready(ctx)
		if err == nil && ready {
			return nil
		}
		if time.Now().After(deadline) {
			return errors.New("not ready after 30s")
		}
		time.Sleep(50 * time.Millisecond)
	}
}
