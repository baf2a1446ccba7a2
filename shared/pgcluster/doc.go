// Package pgcluster runs a private PostgreSQL server from the binaries
// installed on this machine, for tests (shared/pgtest), benchmarks and the
// local stack (`eventfn dev`).
//
// A cluster lives in one directory: the data directory, the unix socket and
// the server log. Start initialises the directory on first use and reuses
// it afterwards, so data survives between runs. The server listens on a unix
// socket inside that directory only, so clusters never collide on a port.
//
//	c, err := pgcluster.Start(ctx, ".eventfn/pg", pgcluster.Options{})
//	if err != nil {
//		return err
//	}
//	defer c.Stop()
//	pool, err := pgxpool.New(ctx, c.URL("postgres"))
//
// PostgreSQL refuses to run as root. When the caller is root, the server
// runs as the "postgres" user if it exists, else as "nobody", and the
// cluster directory is handed over to that user.
package pgcluster
