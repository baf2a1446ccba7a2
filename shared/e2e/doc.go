// Package e2e is the end-to-end suite: it drives a running eventfn system
// only over HTTP with CloudEvents, as curl would.
//
// By default it builds cmd/eventfn, starts `eventfn dev` on free ports with
// a throwaway data directory, and stops it afterwards:
//
//	go test ./shared/e2e/
//
// Pointed at a deployment (the kind cluster, by `task e2e:kind`), it uses
// the URLs it is given instead:
//
//	EVENTFN_E2E_TARGET=kind
//	EVENTFN_E2E_BROKER_URL=http://127.0.0.1:8081/eventfn/default
//	EVENTFN_E2E_ACCOUNTS_COMMAND_URL=http://accounts-command.eventfn.127.0.0.1.sslip.io
//	... one EVENTFN_E2E_<FUNCTION>_URL per function
//
// Tests that need to stop and start the system (the restart test) or to
// know its ports (the README test) run against `eventfn dev` only.
package e2e
