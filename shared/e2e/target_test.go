package e2e

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/eventfn/eventfn/shared/devstack"
)

// functions are the functions the suite calls directly, in `eventfn dev`'s
// port order after the broker.
var functions = []string{"accounts-command", "accounts-query", "orders-command", "orders-query",
	"carts-command", "carts-query", "eventlog-query"}

// target is a running system: a URL per function.
type target struct {
	urls map[string]string
}

func (tg target) url(t testing.TB, fn string) string {
	t.Helper()
	u, ok := tg.urls[fn]
	if !ok {
		t.Fatalf("no URL for %s", fn)
	}
	return u
}

// fromEnv returns the deployment named by EVENTFN_E2E_* variables, if any.
func fromEnv(t testing.TB) (target, bool) {
	if os.Getenv("EVENTFN_E2E_TARGET") == "" {
		return target{}, false
	}
	tg := target{urls: map[string]string{}}
	for _, fn := range functions {
		key := "EVENTFN_E2E_" + strings.ToUpper(strings.ReplaceAll(fn, "-", "_")) + "_URL"
		if tg.urls[fn] = os.Getenv(key); tg.urls[fn] == "" {
			t.Fatalf("EVENTFN_E2E_TARGET is set but %s is not", key)
		}
	}
	return tg, true
}

var (
	binaryOnce sync.Once
	binaryPath string
	binaryErr  error
)

// eventfnBinary builds cmd/eventfn once per test run.
func eventfnBinary(t testing.TB) string {
	t.Helper()
	binaryOnce.Do(func() {
		dir, err := os.MkdirTemp("", "eventfn-e2e-bin-")
		if err != nil {
			binaryErr = err
			return
		}
		binaryPath = filepath.Join(dir, "eventfn")
		out, err := exec.Command("go", "build", "-o", binaryPath, "../../cmd/eventfn").CombinedOutput()
		if err != nil {
			binaryErr = fmt.Errorf("build eventfn: %v\n%s", err, out)
		}
	})
	if binaryErr != nil {
		t.Fatal(binaryErr)
	}
	return binaryPath
}

// devStack is an `eventfn dev` process.
type devStack struct {
	dir  string // its data directory
	port int    // its broker port
	cmd  *exec.Cmd
	logs *os.File
}

// startDev runs `eventfn dev` on free ports with data under dir and waits
// until it is ready.
func startDev(t testing.TB, dir string, port int) *devStack {
	t.Helper()
	logs, err := os.OpenFile(filepath.Join(dir, "dev.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	repo, _ := filepath.Abs("../..")
	cmd := exec.Command(eventfnBinary(t), "dev", "-data", filepath.Join(dir, "data"), "-port", fmt.Sprint(port),
		"-config", filepath.Join(repo, "config"), "-tick", "1s")
	cmd.Env = withoutDatabaseURL(os.Environ())
	cmd.Stderr = logs
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	d := &devStack{dir: dir, port: port, cmd: cmd, logs: logs}
	if err := waitForLine(stdout, "eventfn dev: ready", 90*time.Second); err != nil {
		d.kill()
		t.Fatalf("eventfn dev did not become ready: %v\n%s", err, d.tail())
	}
	return d
}

func withoutDatabaseURL(env []string) []string {
	out := env[:0:0]
	for _, kv := range env {
		if !strings.HasPrefix(kv, "DATABASE_URL=") {
			out = append(out, kv)
		}
	}
	return out
}

func waitForLine(r io.Reader, line string, timeout time.Duration) error {
	found := make(chan error, 1)
	go func() {
		s := bufio.NewScanner(r)
		for s.Scan() {
			if s.Text() == line {
				found <- nil
				_, _ = io.Copy(io.Discard, r)
				return
			}
		}
		found <- fmt.Errorf("output ended before %q", line)
	}()
	select {
	case err := <-found:
		return err
	case <-time.After(timeout):
		return fmt.Errorf("no %q within %s", line, timeout)
	}
}

func (d *devStack) target() target {
	tg := target{urls: map[string]string{}}
	for i, fn := range functions {
		tg.urls[fn] = fmt.Sprintf("http://127.0.0.1:%d", d.port+1+i)
	}
	return tg
}

// stop interrupts the stack as Ctrl-C would and waits for it to exit.
func (d *devStack) stop(t testing.TB) {
	t.Helper()
	_ = d.cmd.Process.Signal(syscall.SIGINT)
	done := make(chan error, 1)
	go func() { done <- d.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("eventfn dev exited with %v\n%s", err, d.tail())
		}
	case <-time.After(60 * time.Second):
		d.kill()
		t.Errorf("eventfn dev did not stop within 60s\n%s", d.tail())
	}
	d.logs.Close()
}

func (d *devStack) kill() {
	_ = d.cmd.Process.Kill()
	_, _ = d.cmd.Process.Wait()
}

func (d *devStack) tail() string {
	b, _ := os.ReadFile(filepath.Join(d.dir, "dev.log"))
	if len(b) > 4000 {
		b = b[len(b)-4000:]
	}
	return string(b)
}

// freePorts finds a base port with the stack's ports after it free.
func freePorts(t testing.TB) int {
	t.Helper()
	port, err := devstack.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	return port
}

// shared is the system every test but the restart and README tests uses:
// the deployment in the environment, or one `eventfn dev` for the package.
var (
	sharedOnce sync.Once
	sharedTg   target
	sharedDev  *devStack
)

func system(t *testing.T) target {
	t.Helper()
	if tg, ok := fromEnv(t); ok {
		return tg
	}
	sharedOnce.Do(func() {
		dir := tempDir(t)
		sharedDev = startDev(t, dir, freePorts(t))
		sharedTg = sharedDev.target()
	})
	if sharedDev == nil {
		t.Fatal("the shared eventfn dev stack failed to start (see the first failure)")
	}
	return sharedTg
}

func TestMain(m *testing.M) {
	code := m.Run()
	if sharedDev != nil {
		_ = sharedDev.cmd.Process.Signal(syscall.SIGINT)
		_ = sharedDev.cmd.Wait()
		os.RemoveAll(sharedDev.dir)
	}
	if binaryPath != "" {
		os.RemoveAll(filepath.Dir(binaryPath))
	}
	os.Exit(code)
}

// ctx bounds one test's polling.
func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return c
}

// tempDir is a directory for a stack's data that the PostgreSQL server,
// which runs as an unprivileged user when tests run as root, can enter.
// Unlike t.TempDir it may outlive the test that made it.
func tempDir(t testing.TB) string {
	t.Helper()
	dir, err := devstack.TempDataDir("eventfn-e2e-")
	if err != nil {
		t.Fatal(err)
	}
	return dir
}
