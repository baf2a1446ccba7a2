package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/eventfn/eventfn/shared/eventstore"
	"github.com/eventfn/eventfn/shared/pgcluster"
)

// EnvURL names the variable that points tests at an existing server.
const EnvURL = "TEST_DATABASE_URL"

// noServer is the one line a test fails with when there is no PostgreSQL.
const noServer = "no PostgreSQL: install the server (apt-get install postgresql) or set " + EnvURL

// server is the one PostgreSQL a test binary uses. It is package state
// because NewDatabase(t) must reach it from any test, and a test binary is
// the unit that owns it: Main creates it and tears it down.
type server struct {
	once     sync.Once
	err      error
	cluster  *pgcluster.Cluster // nil when EnvURL is used
	dir      string
	base     string // URL of the maintenance database
	admin    *pgxpool.Pool
	template string
}

var (
	mainMu  sync.Mutex
	current *server
)

// Main runs the package's tests and then removes the server and databases
// they used, and exits with the tests' status. Call it from TestMain.
func Main(m *testing.M) {
	s := &server{}
	mainMu.Lock()
	current = s
	mainMu.Unlock()
	code := m.Run()
	if err := s.teardown(); err != nil {
		fmt.Fprintln(os.Stderr, "pgtest:", err)
	}
	os.Exit(code)
}

func active(t testing.TB) *server {
	t.Helper()
	mainMu.Lock()
	s := current
	mainMu.Unlock()
	if s == nil {
		t.Fatal("pgtest: call pgtest.Main(m) from the package's TestMain")
	}
	s.once.Do(func() { s.err = s.setup() })
	if s.err != nil {
		t.Fatal(s.err)
	}
	return s
}

// NewDatabase returns a pool on a fresh, migrated database of its own,
// dropped when the test ends.
func NewDatabase(t testing.TB) *pgxpool.Pool {
	t.Helper()
	pool, err := eventstore.Connect(context.Background(), NewDatabaseURL(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close) // runs before the drop, which was registered first
	return pool
}

// NewDatabaseURL creates a fresh, migrated database and returns its URL;
// the database is dropped when the test ends.
func NewDatabaseURL(t testing.TB) string {
	t.Helper()
	s := active(t)
	name := "eventfn_test_" + randomSuffix()
	ctx := context.Background()
	if _, err := s.admin.Exec(ctx, "CREATE DATABASE "+ident(name)+" TEMPLATE "+ident(s.template)); err != nil {
		t.Fatalf("pgtest: create database: %v", err)
	}
	t.Cleanup(func() { s.drop(name) })
	return withDatabase(s.base, name)
}

func (s *server) drop(name string) {
	if _, err := s.admin.Exec(context.Background(), "DROP DATABASE IF EXISTS "+ident(name)+" WITH (FORCE)"); err != nil {
		fmt.Fprintln(os.Stderr, "pgtest: drop", name+":", err)
	}
}

func ident(name string) string { return pgx.Identifier{name}.Sanitize() }

func randomSuffix() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// withDatabase replaces the database in a postgres:// URL.
func withDatabase(base, db string) string {
	u, err := url.Parse(base)
	if err != nil {
		return base
	}
	u.Path = "/" + db
	return u.String()
}

// setup starts (or finds) the server and migrates the template database.
func (s *server) setup() error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := s.start(ctx); err != nil {
		return err
	}
	admin, err := eventstore.Connect(ctx, s.base)
	if err != nil {
		return fmt.Errorf("pgtest: connect to %s: %w", redact(s.base), err)
	}
	s.admin = admin
	s.template = "eventfn_tmpl_" + randomSuffix()
	return s.migrateTemplate(ctx)
}

func (s *server) start(ctx context.Context) error {
	if u := os.Getenv(EnvURL); u != "" {
		s.base = u
		return nil
	}
	bin, err := pgcluster.FindBinaries()
	if errors.Is(err, pgcluster.ErrNoServer) {
		return errors.New(noServer)
	}
	if err != nil {
		return err
	}
	return s.startCluster(ctx, bin)
}

func (s *server) migrateTemplate(ctx context.Context) error {
	if _, err := s.admin.Exec(ctx, "CREATE DATABASE "+ident(s.template)); err != nil {
		return fmt.Errorf("pgtest: create template: %w", err)
	}
	pool, err := eventstore.Connect(ctx, withDatabase(s.base, s.template))
	if err != nil {
		return fmt.Errorf("pgtest: connect to template: %w", err)
	}
	// The template must have no sessions when it is cloned.
	defer pool.Close()
	if err := eventstore.Migrate(ctx, pool); err != nil {
		return fmt.Errorf("pgtest: %w", err)
	}
	return nil
}

func (s *server) teardown() error {
	if s.admin != nil {
		s.drop(s.template)
		s.admin.Close()
	}
	if s.cluster == nil {
		return nil
	}
	return errors.Join(s.cluster.Stop(), os.RemoveAll(s.dir))
}

// redact hides a password in a URL for error messages.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "the database URL"
	}
	return u.Redacted()
}
