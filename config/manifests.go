package config

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	k8syaml "k8s.io/apimachinery/pkg/util/yaml"
	eventingv1 "knative.dev/eventing/pkg/apis/eventing/v1"
	sourcesv1 "knative.dev/eventing/pkg/apis/sources/v1"
	servingv1 "knative.dev/serving/pkg/apis/serving/v1"
	kjson "sigs.k8s.io/json"
	"sigs.k8s.io/yaml"
)

// Manifests is every object found in a manifest directory, by kind, in the
// order of the files (sorted by name) and of the documents within them.
type Manifests struct {
	Namespaces      []*corev1.Namespace
	Secrets         []*corev1.Secret
	Services        []*corev1.Service
	StatefulSets    []*appsv1.StatefulSet
	Jobs            []*batchv1.Job
	Brokers         []*eventingv1.Broker
	Triggers        []*eventingv1.Trigger
	PingSources     []*sourcesv1.PingSource
	SinkBindings    []*sourcesv1.SinkBinding
	KnativeServices []*servingv1.Service
}

// Load reads every *.yaml and *.yml file directly inside dir (not its
// subdirectories), decodes each document strictly and validates it. The
// first problem found is returned, naming the file and document.
func Load(dir string) (*Manifests, error) {
	files, err := manifestFiles(dir)
	if err != nil {
		return nil, err
	}
	m := &Manifests{}
	for _, file := range files {
		if err := m.addFile(file); err != nil {
			return nil, err
		}
	}
	return m, nil
}

func manifestFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("read manifest directory: %w", err)
	}
	var files []string
	for _, e := range entries {
		ext := filepath.Ext(e.Name())
		if !e.IsDir() && (ext == ".yaml" || ext == ".yml") {
			files = append(files, filepath.Join(dir, e.Name()))
		}
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no manifests (*.yaml) in %s", dir)
	}
	sort.Strings(files)
	return files, nil
}

func (m *Manifests) addFile(file string) error {
	f, err := os.Open(file)
	if err != nil {
		return fmt.Errorf("open manifest: %w", err)
	}
	defer f.Close()
	if err := m.Add(f); err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	return nil
}

// Add decodes a multi-document YAML stream into m. Empty documents (a lone
// "---" or comments only) are skipped.
func (m *Manifests) Add(r io.Reader) error {
	docs := k8syaml.NewYAMLReader(bufio.NewReader(r))
	for n := 1; ; n++ {
		doc, err := docs.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("document %d: %w", n, err)
		}
		if err := m.addDocument(doc); err != nil {
			return fmt.Errorf("document %d: %w", n, err)
		}
	}
}

func (m *Manifests) addDocument(doc []byte) error {
	if isBlank(doc) {
		return nil
	}
	var meta metav1.TypeMeta
	if err := yaml.Unmarshal(doc, &meta); err != nil {
		return fmt.Errorf("read apiVersion and kind: %w", err)
	}
	if meta.APIVersion == "" || meta.Kind == "" {
		return errors.New("apiVersion and kind are required")
	}
	return m.decode(meta, doc)
}

// isBlank reports whether a document holds nothing but comments and space.
func isBlank(doc []byte) bool {
	for _, line := range bytes.Split(doc, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if len(line) > 0 && line[0] != '#' && string(line) != "---" {
			return false
		}
	}
	return true
}

// decode is an explicit switch over the kinds eventfn deploys: a manifest of
// any other kind is a mistake here, not something to pass through.
func (m *Manifests) decode(meta metav1.TypeMeta, doc []byte) error {
	switch key := meta.APIVersion + "/" + meta.Kind; key {
	case "v1/Namespace":
		return decodeInto(doc, &m.Namespaces)
	case "v1/Secret":
		return decodeInto(doc, &m.Secrets)
	case "v1/Service":
		return decodeInto(doc, &m.Services)
	case "apps/v1/StatefulSet":
		return decodeInto(doc, &m.StatefulSets)
	case "batch/v1/Job":
		return decodeInto(doc, &m.Jobs)
	case "eventing.knative.dev/v1/Broker":
		return decodeKnative(doc, &m.Brokers)
	case "eventing.knative.dev/v1/Trigger":
		return decodeKnative(doc, &m.Triggers)
	case "sources.knative.dev/v1/PingSource":
		return decodeKnative(doc, &m.PingSources)
	case "sources.knative.dev/v1/SinkBinding":
		return decodeKnative(doc, &m.SinkBindings)
	case "serving.knative.dev/v1/Service":
		return decodeKnative(doc, &m.KnativeServices)
	default:
		return fmt.Errorf("unsupported kind %s %s", meta.APIVersion, meta.Kind)
	}
}

// decodeInto decodes a Kubernetes object strictly: an unknown or duplicated
// field is an error, as it is for `kubectl apply --validate=strict`.
func decodeInto[T any](doc []byte, into *[]*T) error {
	obj := new(T)
	if err := decodeStrict(doc, obj); err != nil {
		return err
	}
	*into = append(*into, obj)
	return nil
}

// decodeStrict decodes one YAML document the way the Kubernetes API server
// decodes with strict field validation: field names match case-sensitively
// (encoding/json alone would take "stringdata" for "stringData"), and
// unknown or duplicated fields are errors.
func decodeStrict(doc []byte, obj any) error {
	js, err := yaml.YAMLToJSONStrict(doc)
	if err != nil {
		return fmt.Errorf("decode: %w", err)
	}
	strict, err := kjson.UnmarshalStrict(js, obj, kjson.DisallowDuplicateFields, kjson.DisallowUnknownFields)
	if err != nil {
		return fmt.Errorf("decode: %w", err)
	}
	if len(strict) > 0 {
		return fmt.Errorf("decode: %w", errors.Join(strict...))
	}
	return nil
}

// decodeKnative decodes strictly, then defaults and validates the object.
func decodeKnative[T any, PT interface {
	*T
	knativeObject
}](doc []byte, into *[]PT) error {
	obj := PT(new(T))
	if err := decodeStrict(doc, obj); err != nil {
		return err
	}
	if err := Validate(obj); err != nil {
		return fmt.Errorf("%s %s: %w", obj.GetObjectKind().GroupVersionKind().Kind, obj.GetName(), err)
	}
	*into = append(*into, obj)
	return nil
}

// Broker returns the Broker namespace/name.
func (m *Manifests) Broker(namespace, name string) (*eventingv1.Broker, error) {
	for _, b := range m.Brokers {
		if b.Namespace == namespace && b.Name == name {
			return b, nil
		}
	}
	return nil, fmt.Errorf("no broker %s/%s in the manifests", namespace, name)
}

// TriggersOf returns the Triggers that subscribe to broker.
func (m *Manifests) TriggersOf(broker *eventingv1.Broker) []*eventingv1.Trigger {
	var out []*eventingv1.Trigger
	for _, t := range m.Triggers {
		if t.Namespace == broker.Namespace && t.Spec.Broker == broker.Name {
			out = append(out, t)
		}
	}
	return out
}
