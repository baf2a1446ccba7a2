package pgtest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/eventfn/eventfn/shared/pgcluster"
)

// dirPattern names the temporary directories of test clusters, so that a
// later run can find what a crashed one left behind.
const dirPattern = "eventfn-pgtest-*"

// ownerFile in a test cluster's directory holds the pid of the test binary
// that owns it.
const ownerFile = "owner.pid"

func (s *server) startCluster(ctx context.Context, bin string) error {
	reapLeftovers()
	dir, err := os.MkdirTemp("", dirPattern)
	if err != nil {
		return err
	}
	s.dir = dir
	// The server's user must be able to enter the directory when we are root.
	if err := os.Chmod(dir, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, ownerFile), []byte(strconv.Itoa(os.Getpid())), 0o644); err != nil {
		return err
	}
	c, err := pgcluster.Start(ctx, filepath.Join(dir, "pg"), pgcluster.Options{
		Binaries:  bin,
		Ephemeral: true,
		Settings:  map[string]string{"max_connections": "500", "log_min_messages": "fatal"},
	})
	if err != nil {
		return err
	}
	s.cluster, s.base = c, c.URL("postgres")
	return nil
}

// reapLeftovers removes test clusters whose test binary is gone, stopping
// their server first if it outlived its owner.
func reapLeftovers() {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), dirPattern))
	for _, d := range dirs {
		if owner, ok := readPid(filepath.Join(d, ownerFile)); ok && !alive(owner) {
			stopOrphan(filepath.Join(d, "pg", "data", "postmaster.pid"))
			_ = os.RemoveAll(d)
		} else if !ok && olderThan(d, time.Hour) {
			_ = os.RemoveAll(d)
		}
	}
}

func stopOrphan(pidFile string) {
	pid, ok := readPid(pidFile)
	if !ok || !alive(pid) {
		return
	}
	_ = syscall.Kill(pid, syscall.SIGQUIT)
	for i := 0; i < 50 && alive(pid); i++ {
		time.Sleep(100 * time.Millisecond)
	}
}

// readPid reads the pid on the first line of a file.
func readPid(path string) (int, bool) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, false
	}
	first, _, _ := strings.Cut(string(b), "\n")
	pid, err := strconv.Atoi(strings.TrimSpace(first))
	return pid, err == nil && pid > 0
}

func alive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

func olderThan(path string, d time.Duration) bool {
	fi, err := os.Stat(path)
	return err == nil && time.Since(fi.ModTime()) > d
}
