package devstack

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"os"
)

// FreePort returns a base port whose broker and function ports are all
// free now, for tests and benchmarks that run a stack beside others. It
// looks below Linux's ephemeral range (32768 and up by default), where
// client connections would otherwise keep taking the ports it found free.
func FreePort() (int, error) {
	n := len(catalogue()) + 1
	for range 100 {
		base := 20000 + rand.IntN(12000-n)
		if rangeFree(base, n) {
			return base, nil
		}
	}
	return 0, errors.New("no free range of ports for a stack between 20000 and 32000")
}

func rangeFree(base, n int) bool {
	for p := base; p < base+n; p++ {
		l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", p))
		if err != nil {
			return false
		}
		l.Close()
	}
	return true
}

// TempDataDir makes a fresh directory for a stack's data that the
// PostgreSQL server can enter: when eventfn runs as root the server runs as
// an unprivileged user, and os.MkdirTemp's directories admit only their
// owner. The caller removes it.
func TempDataDir(prefix string) (string, error) {
	dir, err := os.MkdirTemp("", prefix)
	if err == nil {
		err = os.Chmod(dir, 0o755)
	}
	return dir, err
}
