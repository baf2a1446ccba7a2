package pgcluster

import (
	"fmt"
	"log/slog"
	"time"
)

// Options tune a cluster. The zero Options give a durable server on a
// unix socket, found binaries and a 60 s start timeout.
type Options struct {
	// Binaries is the directory holding initdb and postgres; empty means
	// FindBinaries.
	Binaries string
	// Ephemeral trades crash safety for speed (fsync off, no full page
	// writes): right for tests and throwaway benchmark data, wrong for data
	// anyone wants to keep.
	Ephemeral bool
	// Port, when set, also makes the server listen on 127.0.0.1:Port, for
	// clients that cannot use a unix socket. It also names the socket file.
	Port int
	// Settings are extra server settings, passed as -c name=value.
	Settings map[string]string
	// StartTimeout bounds initdb plus server start; default 60 s.
	StartTimeout time.Duration
	// Logger receives start and stop lines; default slog.Default().
	Logger *slog.Logger
}

// defaultPort names the socket file when no TCP port is wanted; the socket
// lives in the cluster's own directory, so it never collides.
const defaultPort = 5432

// Validate reports options that cannot work.
func (o Options) Validate() error {
	if o.Port < 0 || o.Port > 65535 {
		return fmt.Errorf("port %d out of range", o.Port)
	}
	if o.StartTimeout < 0 {
		return fmt.Errorf("negative start timeout %s", o.StartTimeout)
	}
	return nil
}

func (o Options) withDefaults() Options {
	if o.StartTimeout == 0 {
		o.StartTimeout = 60 * time.Second
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	return o
}

// serverArgs returns the postgres command line settings.
func (o Options) serverArgs() []string {
	listen := ""
	if o.Port > 0 {
		listen = "127.0.0.1"
	}
	set := map[string]string{"listen_addresses": listen}
	if o.Ephemeral {
		set["fsync"] = "off"
		set["full_page_writes"] = "off"
	}
	for k, v := range o.Settings {
		set[k] = v
	}
	args := make([]string, 0, 2*len(set))
	for k, v := range set {
		args = append(args, "-c", k+"="+v)
	}
	return args
}

func (o Options) port() int {
	if o.Port > 0 {
		return o.Port
	}
	return defaultPort
}
