// Package config holds eventfn's Knative and Kubernetes manifests (the YAML
// files in this directory) and the code that reads them back: every
// document is decoded strictly into Knative's and Kubernetes' own Go types,
// and every Knative object is defaulted and validated exactly as the
// Knative webhooks would on create. The offline tests in this package and
// the devbroker (shared/devbroker), which routes by the very same Broker and
// Triggers, both go through Load, so a manifest the cluster would refuse
// never reaches either.
//
//	m, err := config.Load("config")
//	if err != nil {
//		return err // names the file, the document and the offending field
//	}
//	broker, err := m.Broker("eventfn", "default")
//	triggers := m.TriggersOf(broker)
package config
