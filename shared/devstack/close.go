package devstack

import (
	"context"
	"errors"

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
		errs = append(errs, srv.Shutdown(ctx))
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
