package pgcluster

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
)

// Superuser is the role initdb creates; every client connects as it, with
// trust authentication on the private socket.
const Superuser = "postgres"

// Cluster is a running PostgreSQL server started by Start.
type Cluster struct {
	dir       string
	socketDir string
	ownSocket bool // socketDir is a temporary directory Stop removes
	port      int
	cmd       *exec.Cmd
	exited    chan struct{}
	logger    *slog.Logger
	stopOnce  sync.Once
	stopErr   error
}

// Start runs a server on the cluster in dir, creating the cluster first if
// dir holds none. It returns once the server accepts connections.
func Start(ctx context.Context, dir string, opts Options) (*Cluster, error) {
	if err := opts.Validate(); err != nil {
		return nil, fmt.Errorf("start postgres in %s: %w", dir, err)
	}
	opts = opts.withDefaults()
	ctx, cancel := context.WithTimeout(ctx, opts.StartTimeout)
	defer cancel()
	c, err := start(ctx, dir, opts)
	if err != nil {
		return nil, fmt.Errorf("start postgres in %s: %w", dir, err)
	}
	return c, nil
}

func start(ctx context.Context, dir string, opts Options) (*Cluster, error) {
	bin, err := binaries(opts)
	if err != nil {
		return nil, err
	}
	cred, err := serverUser()
	if err != nil {
		return nil, err
	}
	c, err := prepare(dir, opts, cred)
	if err != nil {
		return nil, err
	}
	if err := c.initdb(ctx, bin, cred, opts); err != nil {
		return nil, err
	}
	if err := c.launch(bin, cred, opts); err != nil {
		return nil, err
	}
	if err := c.waitReady(ctx); err != nil {
		return nil, errors.Join(err, c.Stop())
	}
	opts.Logger.Info("postgres started", "dir", c.dir, "socket", c.socketDir)
	return c, nil
}

func binaries(opts Options) (string, error) {
	if opts.Binaries == "" {
		return FindBinaries()
	}
	if !hasServer(opts.Binaries) {
		return "", fmt.Errorf("%s: no initdb and postgres there", opts.Binaries)
	}
	return opts.Binaries, nil
}

// prepare creates the cluster directory and picks the socket directory.
func prepare(dir string, opts Options, cred *syscall.Credential) (*Cluster, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if err := makeDirs(abs); err != nil {
		return nil, err
	}
	if err := checkReachable(abs, cred); err != nil {
		return nil, err
	}
	c := &Cluster{dir: abs, port: opts.port(), exited: make(chan struct{}), logger: opts.Logger}
	if err := c.pickSocketDir(); err != nil {
		return nil, err
	}
	return c, handOver(cred, abs, filepath.Join(abs, "run"), c.socketDir)
}

// makeDirs creates the cluster directory private, but any parents it
// creates open to traversal, so that the server's user can reach it.
func makeDirs(dir string) error {
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return err
	}
	for _, d := range []string{dir, filepath.Join(dir, "run")} {
		if err := os.Mkdir(d, 0o700); err != nil && !errors.Is(err, os.ErrExist) {
			return err
		}
	}
	return nil
}

// maxSocketPath is below the kernel's sun_path limit (108 bytes) with room
// for the socket file name.
const maxSocketPath = 90

// pickSocketDir uses dir/run unless the path is too long for a unix
// socket, as deep project directories can be; then a short temporary one.
func (c *Cluster) pickSocketDir() error {
	c.socketDir = filepath.Join(c.dir, "run")
	if len(c.socketDir) <= maxSocketPath {
		return nil
	}
	tmp, err := os.MkdirTemp("", "eventfn-pg-")
	if err != nil {
		return err
	}
	c.socketDir, c.ownSocket = tmp, true
	return nil
}

func (c *Cluster) dataDir() string { return filepath.Join(c.dir, "data") }

// LogFile is where the server writes its log.
func (c *Cluster) LogFile() string { return filepath.Join(c.dir, "postgres.log") }

// Dir is the cluster's directory.
func (c *Cluster) Dir() string { return c.dir }

// SocketDir is the directory holding the server's unix socket (psql -h).
func (c *Cluster) SocketDir() string { return c.socketDir }

// URL is a connection URL for database db as the superuser.
func (c *Cluster) URL(db string) string {
	q := url.Values{"host": {c.socketDir}, "port": {strconv.Itoa(c.port)}, "sslmode": {"disable"}}
	u := url.URL{Scheme: "postgres", User: url.User(Superuser), Path: "/" + db, RawQuery: q.Encode()}
	return u.String()
}

// initdb creates the cluster unless one exists. A data directory without
// PG_VERSION is what an interrupted initdb leaves behind: start it over.
func (c *Cluster) initdb(ctx context.Context, bin string, cred *syscall.Credential, opts Options) error {
	if _, err := os.Stat(filepath.Join(c.dataDir(), "PG_VERSION")); err == nil {
		return nil
	}
	if err := os.RemoveAll(c.dataDir()); err != nil {
		return err
	}
	args := []string{"-D", c.dataDir(), "-U", Superuser, "-A", "trust", "-E", "UTF8", "--locale=C"}
	if opts.Ephemeral {
		args = append(args, "--no-sync")
	}
	cmd := exec.CommandContext(ctx, filepath.Join(bin, "initdb"), args...)
	if err := c.run(cmd, cred); err != nil {
		return fmt.Errorf("initdb: %w (log: %s)", err, c.logTail())
	}
	return nil
}

// run runs a server-side command as cred in the cluster directory, its
// output going to the server log.
func (c *Cluster) run(cmd *exec.Cmd, cred *syscall.Credential) error {
	log, err := os.OpenFile(c.LogFile(), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	defer log.Close()
	cmd.Dir, cmd.Stdout, cmd.Stderr = c.dir, log, log
	cmd.SysProcAttr = procAttr(cred)
	return cmd.Run()
}

// launch starts the server process; waitReady then waits for it.
func (c *Cluster) launch(bin string, cred *syscall.Credential, opts Options) error {
	log, err := os.OpenFile(c.LogFile(), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	args := append([]string{"-D", c.dataDir(), "-k", c.socketDir, "-p", strconv.Itoa(c.port)}, opts.serverArgs()...)
	c.cmd = exec.Command(filepath.Join(bin, "postgres"), args...)
	c.cmd.Dir, c.cmd.Stdout, c.cmd.Stderr = c.dir, log, log
	c.cmd.SysProcAttr = procAttr(cred)
	if err := c.cmd.Start(); err != nil {
		log.Close()
		return fmt.Errorf("postgres: %w", err)
	}
	go func() {
		_ = c.cmd.Wait()
		log.Close()
		close(c.exited)
	}()
	return nil
}

// waitReady polls until the server accepts a connection, the server dies,
// or ctx ends.
func (c *Cluster) waitReady(ctx context.Context) error {
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		if c.ping(ctx) == nil {
			return nil
		}
		select {
		case <-c.exited:
			return fmt.Errorf("postgres exited during start (%s): %s", c.cmd.ProcessState, c.logTail())
		case <-ctx.Done():
			return fmt.Errorf("postgres not ready: %w (log: %s)", ctx.Err(), c.logTail())
		case <-tick.C:
		}
	}
}

func (c *Cluster) ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, c.URL("postgres"))
	if err != nil {
		return err
	}
	return conn.Close(ctx)
}

// Stop shuts the server down (fast shutdown: open sessions are ended) and
// waits for it to exit. The cluster's data stays in its directory.
func (c *Cluster) Stop() error {
	c.stopOnce.Do(func() { c.stopErr = c.stop() })
	return c.stopErr
}

// stop escalates from fast to immediate shutdown to kill, so a wedged
// server cannot hang the caller.
func (c *Cluster) stop() error {
	defer c.removeOwnSocket()
	steps := []struct {
		sig  syscall.Signal
		wait time.Duration
	}{{syscall.SIGINT, 30 * time.Second}, {syscall.SIGQUIT, 5 * time.Second}, {syscall.SIGKILL, 5 * time.Second}}
	for _, s := range steps {
		if c.signalAndWait(s.sig, s.wait) {
			c.logger.Info("postgres stopped", "dir", c.dir)
			return nil
		}
	}
	return fmt.Errorf("stop postgres in %s: still running after SIGKILL", c.dir)
}

func (c *Cluster) signalAndWait(sig syscall.Signal, wait time.Duration) bool {
	select {
	case <-c.exited:
		return true
	default:
	}
	_ = c.cmd.Process.Signal(sig)
	select {
	case <-c.exited:
		return true
	case <-time.After(wait):
		return false
	}
}

func (c *Cluster) removeOwnSocket() {
	if c.ownSocket {
		_ = os.RemoveAll(c.socketDir)
	}
}

// logTail returns the end of the server log, for error messages.
func (c *Cluster) logTail() string {
	b, err := os.ReadFile(c.LogFile())
	if err != nil {
		return "no log"
	}
	const keep = 1500
	if len(b) > keep {
		b = b[len(b)-keep:]
	}
	return string(b)
}
