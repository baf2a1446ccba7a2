package pgcluster

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// ErrNoServer reports that no PostgreSQL server binaries were found.
var ErrNoServer = errors.New("no PostgreSQL server binaries (initdb, postgres) on PATH or under /usr/lib/postgresql/*/bin")

// FindBinaries returns the directory holding initdb and postgres: the one on
// PATH if any, else the newest /usr/lib/postgresql/<major>/bin, because
// Debian-style packages keep the server binaries off PATH.
func FindBinaries() (string, error) {
	if p, err := exec.LookPath("initdb"); err == nil && hasServer(filepath.Dir(p)) {
		return filepath.Dir(p), nil
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return majorOf(dirs[i]) > majorOf(dirs[j]) })
	for _, d := range dirs {
		if hasServer(d) {
			return d, nil
		}
	}
	return "", ErrNoServer
}

func hasServer(dir string) bool {
	for _, name := range []string{"initdb", "postgres"} {
		if fi, err := os.Stat(filepath.Join(dir, name)); err != nil || fi.IsDir() {
			return false
		}
	}
	return true
}

// majorOf reads the major version from /usr/lib/postgresql/<major>/bin so
// that 15 sorts above 9.6.
func majorOf(dir string) float64 {
	v, _ := strconv.ParseFloat(strings.TrimPrefix(filepath.Base(filepath.Dir(dir)), "v"), 64)
	return v
}
