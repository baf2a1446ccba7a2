package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	duckv1 "knative.dev/eventing/pkg/apis/duck/v1"
	"knative.dev/eventing/pkg/kncloudevents"
	"sigs.k8s.io/yaml"
)

func loadConfig(t *testing.T) *Manifests {
	t.Helper()
	m, err := Load(".")
	if err != nil {
		t.Fatalf("load manifests: %v", err)
	}
	return m
}

func TestEveryManifestDecodesStrictlyAndPassesKnativeValidation(t *testing.T) {
	m := loadConfig(t)
	counts := map[string]int{
		"Namespace": len(m.Namespaces), "Secret": len(m.Secrets), "Service": len(m.Services),
		"StatefulSet": len(m.StatefulSets), "Job": len(m.Jobs), "Broker": len(m.Brokers),
		"Trigger": len(m.Triggers), "PingSource": len(m.PingSources),
		"SinkBinding": len(m.SinkBindings), "serving Service": len(m.KnativeServices),
	}
	want := map[string]int{
		"Namespace": 1, "Secret": 1, "Service": 1, "StatefulSet": 1, "Job": 1, "Broker": 1,
		"Trigger": 5, "PingSource": 1, "SinkBinding": 1, "serving Service": 1,
	}
	for kind, n := range want {
		if counts[kind] != n {
			t.Errorf("%s objects = %d, want %d", kind, counts[kind], n)
		}
	}
}

func TestEveryObjectLivesInTheEventfnNamespace(t *testing.T) {
	m := loadConfig(t)
	var names []string
	check := func(kind, name, ns string) {
		if ns != "eventfn" {
			names = append(names, kind+"/"+name+" in "+ns)
		}
	}
	for _, o := range m.Secrets {
		check("Secret", o.Name, o.Namespace)
	}
	for _, o := range m.Services {
		check("Service", o.Name, o.Namespace)
	}
	for _, o := range m.StatefulSets {
		check("StatefulSet", o.Name, o.Namespace)
	}
	for _, o := range m.Jobs {
		check("Job", o.Name, o.Namespace)
	}
	for _, o := range m.Brokers {
		check("Broker", o.Name, o.Namespace)
	}
	for _, o := range m.Triggers {
		check("Trigger", o.Name, o.Namespace)
	}
	for _, o := range m.PingSources {
		check("PingSource", o.Name, o.Namespace)
	}
	for _, o := range m.SinkBindings {
		check("SinkBinding", o.Name, o.Namespace)
	}
	for _, o := range m.KnativeServices {
		check("serving Service", o.Name, o.Namespace)
	}
	if len(names) > 0 || len(m.Namespaces) != 1 || m.Namespaces[0].Name != "eventfn" {
		t.Errorf("objects outside namespace eventfn: %v (namespaces %d)", names, len(m.Namespaces))
	}
}

func TestTheBrokerDeliversWithRetriesBackoffTimeoutAndADeadLetterSink(t *testing.T) {
	m := loadConfig(t)
	b, err := m.Broker("eventfn", "default")
	if err != nil {
		t.Fatal(err)
	}
	if class := b.Annotations["eventing.knative.dev/broker.class"]; class != "MTChannelBasedBroker" {
		t.Errorf("broker class = %q", class)
	}
	d := b.Spec.Delivery
	if d == nil || d.Retry == nil || *d.Retry != 5 || d.BackoffPolicy == nil ||
		*d.BackoffPolicy != duckv1.BackoffPolicyExponential || *d.BackoffDelay != "PT0.2S" || *d.Timeout != "PT10S" {
		t.Fatalf("delivery = %+v, want retry 5, exponential PT0.2S, timeout PT10S", d)
	}
	rc, err := kncloudevents.RetryConfigFromDeliverySpec(*d)
	if err != nil {
		t.Fatalf("knative cannot use the delivery spec: %v", err)
	}
	if rc.RequestTimeout.Seconds() != 10 || rc.Backoff(2, nil).Milliseconds() != 800 {
		t.Errorf("timeout %v, third backoff %v", rc.RequestTimeout, rc.Backoff(2, nil))
	}
	ref := d.DeadLetterSink.Ref
	if ref == nil || ref.Kind != "Service" || ref.APIVersion != "serving.knative.dev/v1" || ref.Name != "deadletter" {
		t.Errorf("dead letter sink = %+v, want the deadletter Knative Service", d.DeadLetterSink)
	}
	assertFunctionFolder(t, ref.Name)
}

func TestEveryTriggerSubscribesAnExistingFunction(t *testing.T) {
	m := loadConfig(t)
	for _, tr := range m.Triggers {
		ref := tr.Spec.Subscriber.Ref
		if ref == nil || ref.Kind != "Service" || ref.APIVersion != "serving.knative.dev/v1" {
			t.Errorf("trigger %s: subscriber %+v is not a Knative Service ref", tr.Name, tr.Spec.Subscriber)
			continue
		}
		if tr.Spec.Broker != "default" || len(tr.Spec.Filters) == 0 || (tr.Spec.Filter != nil && len(tr.Spec.Filter.Attributes) > 0) {
			t.Errorf("trigger %s: want broker default with new-style filters only", tr.Name)
		}
		assertFunctionFolder(t, ref.Name)
	}
}

func assertFunctionFolder(t *testing.T, name string) {
	t.Helper()
	info, err := os.Stat(filepath.Join("..", "functions", name, "func.yaml"))
	if err != nil || info.IsDir() {
		t.Errorf("%s is not a function: no functions/%s/func.yaml (%v)", name, name, err)
	}
}

func TestTheRelayRunsExactlyOnceWithTheBrokerAsItsSink(t *testing.T) {
	m := loadConfig(t)
	svc := m.KnativeServices[0]
	ann := svc.Spec.Template.Annotations
	if svc.Name != "relay" || ann["autoscaling.knative.dev/min-scale"] != "1" || ann["autoscaling.knative.dev/max-scale"] != "1" {
		t.Errorf("relay %s scale annotations = %v, want min = max = 1", svc.Name, ann)
	}
	env := svc.Spec.Template.Spec.Containers[0].Env
	if v := envValue(env, "LISTEN_ADDRESS"); v != "0.0.0.0:8080" {
		t.Errorf("LISTEN_ADDRESS = %q", v)
	}
	sb := m.SinkBindings[0]
	if sb.Spec.Subject.Kind != "Service" || sb.Spec.Subject.APIVersion != "serving.knative.dev/v1" || sb.Spec.Subject.Name != "relay" {
		t.Errorf("sink binding subject = %+v", sb.Spec.Subject)
	}
	if ref := sb.Spec.Sink.Ref; ref == nil || ref.Kind != "Broker" || ref.Name != "default" {
		t.Errorf("sink binding sink = %+v, want the default Broker", sb.Spec.Sink)
	}
}

func envValue(env []corev1.EnvVar, name string) string {
	for _, e := range env {
		if e.Name == name {
			return e.Value
		}
	}
	return ""
}

func TestPostgresKeepsItsDataOnAClaimedVolume(t *testing.T) {
	m := loadConfig(t)
	ss := m.StatefulSets[0]
	if len(ss.Spec.VolumeClaimTemplates) != 1 {
		t.Fatalf("volume claim templates = %d", len(ss.Spec.VolumeClaimTemplates))
	}
	claim := ss.Spec.VolumeClaimTemplates[0].Name
	mounts := ss.Spec.Template.Spec.Containers[0].VolumeMounts
	if len(mounts) != 1 || mounts[0].Name != claim {
		t.Errorf("mounts %+v do not use claim %s", mounts, claim)
	}
	if svc := m.Services[0]; svc.Spec.Selector["app.kubernetes.io/name"] != ss.Spec.Template.Labels["app.kubernetes.io/name"] {
		t.Errorf("service selector %v does not select the postgres pods", svc.Spec.Selector)
	}
}

// Every container that is given DATABASE_URL, and every func.yaml, must take
// it from a key that the Secret in config/ really holds.
func TestEveryDeploymentTakesDatabaseURLFromTheSecret(t *testing.T) {
	m := loadConfig(t)
	keys := secretKeys(m)
	containers := map[string][]corev1.Container{
		"job " + m.Jobs[0].Name:                m.Jobs[0].Spec.Template.Spec.Containers,
		"service " + m.KnativeServices[0].Name: m.KnativeServices[0].Spec.Template.Spec.Containers,
	}
	for owner, cs := range containers {
		ref := secretRef(cs[0].Env, "DATABASE_URL")
		if ref == nil || !keys[ref.Name+"/"+ref.Key] {
			t.Errorf("%s: DATABASE_URL is not taken from the config Secret (%+v)", owner, ref)
		}
	}
	for _, dir := range functionDirs(t) {
		ref := funcYAMLSecret(t, dir, "DATABASE_URL")
		if !keys[ref] {
			t.Errorf("functions/%s/func.yaml: DATABASE_URL comes from %q, not a key of the config Secret", dir, ref)
		}
	}
}

func secretKeys(m *Manifests) map[string]bool {
	keys := map[string]bool{}
	for _, s := range m.Secrets {
		for k := range s.StringData {
			keys[s.Name+"/"+k] = true
		}
		for k := range s.Data {
			keys[s.Name+"/"+k] = true
		}
	}
	return keys
}

func secretRef(env []corev1.EnvVar, name string) *corev1.SecretKeySelector {
	for _, e := range env {
		if e.Name == name && e.ValueFrom != nil {
			return e.ValueFrom.SecretKeyRef
		}
	}
	return nil
}

func functionDirs(t *testing.T) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join("..", "functions"))
	if err != nil {
		t.Fatalf("read functions: %v", err)
	}
	var dirs []string
	for _, e := range entries {
		if e.IsDir() {
			dirs = append(dirs, e.Name())
		}
	}
	if len(dirs) == 0 {
		t.Fatal("no function folders")
	}
	return dirs
}

// funcYAMLSecret returns "secret/key" of a func.yaml env such as
// '{{ secret:eventfn-db:DATABASE_URL }}', or the raw value otherwise.
func funcYAMLSecret(t *testing.T, dir, name string) string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "functions", dir, "func.yaml"))
	if err != nil {
		t.Fatalf("read func.yaml: %v", err)
	}
	var f struct {
		Run struct {
			Envs []struct{ Name, Value string } `json:"envs"`
		} `json:"run"`
	}
	if err := yaml.Unmarshal(raw, &f); err != nil {
		t.Fatalf("functions/%s/func.yaml: %v", dir, err)
	}
	for _, e := range f.Run.Envs {
		if e.Name == name {
			v := strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(e.Value, "{{"), "}}"))
			return strings.Replace(strings.TrimPrefix(v, "secret:"), ":", "/", 1)
		}
	}
	return ""
}
