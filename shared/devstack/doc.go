// Package devstack runs the whole eventfn system in one process, as
// `eventfn dev` does: a PostgreSQL cluster (or DATABASE_URL), migrations,
// every function on its own port through func-go's middleware, the relay
// publishing the log into the devbroker, which routes by the real manifests
// in config/, and a periodic tick for the projectors.
//
//	s, err := devstack.Start(ctx, devstack.Config{})
//	if err != nil {
//		return err
//	}
//	defer s.Close(context.Background())
//	for _, f := range s.Functions() {
//		fmt.Println(f.Name, f.URL)
//	}
//
// Ports are fixed offsets from Config.Port (default 8080): the broker on the
// port itself, then the functions in the order of Functions, so URLs stay
// the same from run to run and documentation can name them.
package devstack
