package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// copyWith copies every manifest of config/ into a temporary directory,
// replacing the first occurrence of old by replacement in file.
func copyWith(t *testing.T, file, old, replacement string) string {
	t.Helper()
	dir := t.TempDir()
	files, err := manifestFiles(".")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		text := string(raw)
		if filepath.Base(f) == file {
			if !strings.Contains(text, old) {
				t.Fatalf("%s does not contain %q", file, old)
			}
			text = strings.Replace(text, old, replacement, 1)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(f)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestAMisspelledFieldInAnyManifestIsRefused(t *testing.T) {
	cases := []struct{ file, old, typo string }{
		{"namespace.yaml", "labels:", "lables:"},
		{"postgres.yaml", "stringData:", "stringdata:"},
		{"postgres.yaml", "volumeClaimTemplates:", "volumeClaimTemplate:"},
		{"postgres.yaml", "targetPort:", "targetport:"},
		{"migrate-job.yaml", "backoffLimit:", "backofflimit:"},
		{"broker.yaml", "backoffDelay:", "backofDelay:"},
		{"triggers.yaml", "subscriber:", "subscribers:"},
		{"triggers.yaml", "    - exact:", "    - exakt:"},
		{"ping.yaml", "schedule:", "schedul:"},
		{"relay.yaml", "- image:", "- Image:"},
		{"relay.yaml", "subject:", "subjekt:"},
	}
	for _, c := range cases {
		t.Run(c.file+"/"+c.typo, func(t *testing.T) {
			_, err := Load(copyWith(t, c.file, c.old, c.typo))
			if err == nil {
				t.Fatalf("%s with %q accepted", c.file, c.typo)
			}
			if !strings.Contains(err.Error(), c.file) {
				t.Errorf("error does not name the file: %v", err)
			}
		})
	}
}

func TestAValueKnativeWouldRefuseIsRefused(t *testing.T) {
	cases := []struct{ name, file, old, bad string }{
		{"backoff delay not a duration", "broker.yaml", "PT0.2S", "soon"},
		{"unknown backoff policy", "broker.yaml", "backoffPolicy: exponential", "backoffPolicy: random"},
		{"two dialects in one filter", "triggers.yaml", "  - exact:\n      type: orders.order.create",
			"  - exact:\n      type: orders.order.create\n    prefix:\n      type: orders."},
		{"unparsable cesql", "triggers.yaml", "  - exact:\n      type: orders.order.create",
			"  - cesql: \"type = = 'x'\""},
		{"no subscriber", "triggers.yaml", "  subscriber:\n    ref:\n      apiVersion: serving.knative.dev/v1\n      kind: Service\n      name: orders-command", ""},
		{"bad cron schedule", "ping.yaml", `"* * * * *"`, `"every minute"`},
		{"non-numeric min scale", "relay.yaml", `min-scale: "1"`, `min-scale: "one"`},
		{"unknown kind", "namespace.yaml", "kind: Namespace", "kind: Namespaces"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if _, err := Load(copyWith(t, c.file, c.old, c.bad)); err == nil {
				t.Fatalf("%s accepted", c.name)
			}
		})
	}
}

func TestAnEmptyManifestDirectoryIsAnError(t *testing.T) {
	if _, err := Load(t.TempDir()); err == nil {
		t.Fatal("empty directory accepted")
	}
}
