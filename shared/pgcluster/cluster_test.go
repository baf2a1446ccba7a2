package pgcluster_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/eventfn/eventfn/shared/pgcluster"
)

func TestAClusterKeepsItsDataAcrossRestarts(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(reachableTempDir(t), "pg")
	c := startCluster(t, dir)
	exec(t, c, "CREATE TABLE kept (n int); INSERT INTO kept VALUES (42)")
	if err := c.Stop(); err != nil {
		t.Fatal(err)
	}
	c = startCluster(t, dir)
	defer c.Stop()
	conn, err := pgx.Connect(ctx, c.URL("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var n int
	if err := conn.QueryRow(ctx, "SELECT n FROM kept").Scan(&n); err != nil || n != 42 {
		t.Fatalf("after restart: n = %d, err = %v; want 42", n, err)
	}
}

func TestStoppingTwiceIsHarmless(t *testing.T) {
	c := startCluster(t, filepath.Join(reachableTempDir(t), "pg"))
	if err := c.Stop(); err != nil {
		t.Fatal(err)
	}
	if err := c.Stop(); err != nil {
		t.Fatalf("second stop: %v", err)
	}
}

func TestAnInterruptedInitdbIsStartedOver(t *testing.T) {
	dir := filepath.Join(reachableTempDir(t), "pg")
	if err := os.MkdirAll(filepath.Join(dir, "data", "base"), 0o700); err != nil {
		t.Fatal(err)
	}
	c := startCluster(t, dir)
	defer c.Stop()
	exec(t, c, "SELECT 1")
}

func TestALongDirectoryGetsAShortSocketPath(t *testing.T) {
	deep := filepath.Join(reachableTempDir(t), "a-rather-long-directory-name-to-push-the-socket-path", "past-the-unix-limit", "pg")
	c := startCluster(t, deep)
	defer c.Stop()
	if len(c.SocketDir()) > 90 {
		t.Fatalf("socket dir %q is too long for a unix socket", c.SocketDir())
	}
	exec(t, c, "SELECT 1")
}

func TestUnknownBinariesDirectoryIsAnError(t *testing.T) {
	_, err := pgcluster.Start(context.Background(), reachableTempDir(t), pgcluster.Options{Binaries: t.TempDir()})
	if err == nil {
		t.Fatal("start with an empty binaries directory succeeded")
	}
}

func startCluster(t *testing.T, dir string) *pgcluster.Cluster {
	t.Helper()
	c, err := pgcluster.Start(context.Background(), dir, pgcluster.Options{Ephemeral: true})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func exec(t *testing.T, c *pgcluster.Cluster, sql string) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, c.URL("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, sql); err != nil {
		t.Fatal(err)
	}
}

// reachableTempDir is a temporary directory the server's user can enter
// when the tests run as root (t.TempDir's parent is private to root).
func reachableTempDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "pgcluster-test-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestADirectoryTheServerCannotEnterIsAClearError(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("only root hands the cluster to another user")
	}
	_, err := pgcluster.Start(context.Background(), filepath.Join(t.TempDir(), "pg"), pgcluster.Options{})
	if err == nil || !strings.Contains(err.Error(), "cannot enter") {
		t.Fatalf("err = %v, want one saying the server cannot enter the directory", err)
	}
}
