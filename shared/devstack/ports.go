package devstack

import (
	"errors"
	"fmt"
	"net"
)

// FreePort returns a base port whose broker and function ports are all
// free now, for tests and benchmarks that run a stack beside others.
func FreePort() (int, error) {
	n := len(catalogue()) + 1
	for range 50 {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return 0, err
		}
		base := l.Addr().(*net.TCPAddr).Port
		l.Close()
		if base+n < 65535 && rangeFree(base, n) {
			return base, nil
		}
	}
	return 0, errors.New("no free range of ports for a stack")
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
