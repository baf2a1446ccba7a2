package devstack

import (
	"context"
	"errors"
	"net/http"
	"time"

	ce "knative.dev/func-go/cloudevents"
)

// Close shuts the stack down in the order that loses nothing: no more
// ticks; the relay stops publishing (what it had not checkpointed it sends
// again next time); the broker drains what it accepted; the servers stop;
// the functions close their pools; the database stops last.
func (s *Stack) Close(ctx context.Context) error {
	if s.stopTick != nil {
		s.stopTick()
		s.ticking.Wait()
	}
	var errs []error
	errs = append(errs, s.stopRelay(ctx))
	if s.broker != nil {
		errs = append(errs, s.broker.Close(ctx))
	}
	for _, srv := range s.servers {
		errs = append(errs, shutdown(ctx, srv))
	}
	for _, r := range s.instances {
		if st, ok := r.instance.(ce.Stopper); ok && r.name != "relay" {
			errs = append(errs, st.Stop(ctx))
		}
	}
	if s.cluster != nil {
		errs = append(errs, s.cluster.Stop())
	}
	return errors.Join(errs...)
}

func (s *Stack) stopRelay(ctx context.Context) error {
	for _, r := range s.instances {
		if st, ok := r.instance.(ce.Stopper); ok && r.name == "relay" {
			return st.Stop(ctx)
		}
	}
	return nil
}

// shutdownGrace bounds the wait for one server's requests in flight. The
// CloudEvents SDK's receiver can leave a request whose client went away
// blocked for good, which would otherwise hold a graceful shutdown forever.
const shutdownGrace = 5 * time.Second

func shutdown(ctx context.Context, srv *http.Server) error {
	ctx, cancel := context.WithTimeout(ctx, shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(ctx); errors.Is(err, context.DeadlineExceeded) {
		return srv.Close()
	} else if err != nil {
		return err
	}
	return nil
}
