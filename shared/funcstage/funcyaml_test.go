package funcstage_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"sigs.k8s.io/yaml"
)

// functionNames are the functions DESIGN §2 lists; each needs a func.yaml.
var functionNames = []string{
	"accounts-command", "accounts-projector", "accounts-query",
	"orders-command", "orders-projector", "orders-query",
	"carts-command", "carts-projector", "carts-query",
	"checkout-processor", "eventlog-query", "relay", "deadletter",
}

// funcYAMLSchema compiles func's own func.yaml JSON schema from the module
// cache, with format assertions on (created must be a date-time).
func funcYAMLSchema(t testing.TB) *jsonschema.Schema {
	t.Helper()
	file := filepath.Join(funcModuleDir(t), "schema", "func_yaml-schema.json")
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	s, err := c.Compile(file)
	if err != nil {
		t.Fatalf("compile func's func.yaml schema %s: %v", file, err)
	}
	return s
}

// validateFuncYAML converts YAML to JSON the way func reads it and validates
// the result against the schema.
func validateFuncYAML(s *jsonschema.Schema, doc []byte) error {
	js, err := yaml.YAMLToJSON(doc)
	if err != nil {
		return err
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(js))
	if err != nil {
		return err
	}
	return s.Validate(inst)
}

// funcYAML is the part of func.yaml these tests check beyond the schema.
type funcYAML struct {
	SpecVersion string `json:"specVersion"`
	Name        string `json:"name"`
	Runtime     string `json:"runtime"`
	Invoke      string `json:"invoke"`
	Namespace   string `json:"namespace"`
	Run         struct {
		Envs []struct{ Name, Value string } `json:"envs"`
	} `json:"run"`
	Deploy struct {
		Options struct {
			Scale struct {
				Min *int `json:"min"`
				Max *int `json:"max"`
			} `json:"scale"`
			Resources struct {
				Limits struct {
					Concurrency *int `json:"concurrency"`
				} `json:"limits"`
			} `json:"resources"`
		} `json:"options"`
	} `json:"deploy"`
}

func readFuncYAML(t *testing.T, name string) []byte {
	t.Helper()
	doc, err := os.ReadFile(filepath.Join(repoRoot(t), "functions", name, "func.yaml"))
	if err != nil {
		t.Fatalf("every function needs a func.yaml: %v", err)
	}
	return doc
}

func TestEveryFuncYAMLValidatesAgainstFuncsSchema(t *testing.T) {
	schema := funcYAMLSchema(t)
	for _, name := range functionNames {
		t.Run(name, func(t *testing.T) {
			if err := validateFuncYAML(schema, readFuncYAML(t, name)); err != nil {
				t.Errorf("func.yaml does not validate:\n%v", err)
			}
		})
	}
}

func TestFuncSchemaCatchesAMistypedFuncYAML(t *testing.T) {
	schema := funcYAMLSchema(t)
	good := readFuncYAML(t, "accounts-command")
	mistakes := map[string][2]string{
		"a misspelt field":          {"invoke: cloudevent", "invokes: cloudevent"},
		"an unknown invoke":         {"invoke: cloudevent", "invoke: cloudevents"},
		"a negative max scale":      {"max: 10", "max: -1"},
		"a created that is no time": {`created: "2026-11-26T12:00:00Z"`, "created: yesterday"},
	}
	for name, m := range mistakes {
		t.Run(name, func(t *testing.T) {
			bad := strings.Replace(string(good), m[0], m[1], 1)
			if bad == string(good) {
				t.Fatalf("accounts-command/func.yaml has no %q to mutate", m[0])
			}
			if err := validateFuncYAML(schema, []byte(bad)); err == nil {
				t.Errorf("schema accepted func.yaml with %s", name)
			}
		})
	}
}

func TestEveryFuncYAMLDeploysItsFunctionAsDesigned(t *testing.T) {
	for _, name := range functionNames {
		t.Run(name, func(t *testing.T) {
			var f funcYAML
			// unknown fields are the schema's business; this only reads values
			if err := yaml.Unmarshal(readFuncYAML(t, name), &f); err != nil {
				t.Fatal(err)
			}
			checkIdentity(t, name, f)
			checkDatabaseSecret(t, f)
			checkScale(t, name, f)
		})
	}
}

func checkIdentity(t *testing.T, name string, f funcYAML) {
	t.Helper()
	got := [5]string{f.SpecVersion, f.Name, f.Runtime, f.Invoke, f.Namespace}
	want := [5]string{"0.36.0", name, "go", "cloudevent", "eventfn"}
	if got != want {
		t.Errorf("specVersion, name, runtime, invoke, namespace = %q, want %q", got, want)
	}
}

// checkDatabaseSecret wants DATABASE_URL from the eventfn-db Secret in func's
// `{{ secret:name:key }}` syntax, never a literal connection string.
func checkDatabaseSecret(t *testing.T, f funcYAML) {
	t.Helper()
	for _, e := range f.Run.Envs {
		if e.Name == "DATABASE_URL" && e.Value == "{{ secret:eventfn-db:DATABASE_URL }}" {
			return
		}
	}
	t.Errorf("run.envs lacks DATABASE_URL = {{ secret:eventfn-db:DATABASE_URL }}: %+v", f.Run.Envs)
}

// checkScale: the relay is a single always-on tailer of the log; every other
// function scales to zero and has bounded scale and concurrency.
func checkScale(t *testing.T, name string, f funcYAML) {
	t.Helper()
	s, conc := f.Deploy.Options.Scale, f.Deploy.Options.Resources.Limits.Concurrency
	if s.Min == nil || s.Max == nil || conc == nil || *conc < 1 {
		t.Fatalf("deploy.options needs scale.min, scale.max and resources.limits.concurrency ≥ 1")
	}
	if name == "relay" {
		if *s.Min != 1 || *s.Max != 1 {
			t.Errorf("relay scale = %d..%d, want exactly 1", *s.Min, *s.Max)
		}
		return
	}
	if *s.Min != 0 || *s.Max < 1 || *s.Max > 20 {
		t.Errorf("scale = %d..%d, want 0..(1-20): scale to zero, bounded", *s.Min, *s.Max)
	}
}
