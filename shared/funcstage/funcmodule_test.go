package funcstage_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// funcVersion is the Knative Functions release whose scaffolding, signature
// detection and func.yaml schema the staged functions must satisfy.
const funcVersion = "v0.44.0"

// funcModuleDir downloads (or finds in the module cache) knative.dev/func and
// returns its directory, so the tests check against func's real files.
func funcModuleDir(t testing.TB) string {
	t.Helper()
	out, err := exec.Command("go", "mod", "download", "-json", "knative.dev/func@"+funcVersion).Output()
	if err != nil {
		t.Fatalf("go mod download knative.dev/func@%s: %v", funcVersion, err)
	}
	var m struct{ Dir, Error string }
	if err := json.Unmarshal(out, &m); err != nil || m.Dir == "" {
		t.Fatalf("go mod download knative.dev/func@%s: %s %v", funcVersion, m.Error, err)
	}
	return m.Dir
}

// scaffolding holds the files of one of func's Go scaffoldings.
type scaffolding map[string][]byte

// readScaffolding reads func's Go scaffolding for a signature (such as
// "instanced-cloudevents") out of the templates archive func embeds in
// generate/zz_filesystem_generated.go: the module zip omits the template
// folders themselves because each holds a go.mod.
func readScaffolding(t testing.TB, funcDir, signature string) scaffolding {
	t.Helper()
	archive, err := embeddedTemplates(filepath.Join(funcDir, "generate", "zz_filesystem_generated.go"))
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(archive), int64(len(archive)))
	if err != nil {
		t.Fatalf("open func templates archive: %v", err)
	}
	files := scaffolding{}
	prefix := "go/scaffolding/" + signature + "/"
	for _, f := range zr.File {
		name, ok := strings.CutPrefix(f.Name, prefix)
		if !ok || name == "" || f.FileInfo().IsDir() || f.Mode()&os.ModeSymlink != 0 {
			continue
		}
		files[name] = readZipFile(t, f)
	}
	if len(files) == 0 {
		t.Fatalf("func %s has no Go scaffolding %q", funcVersion, signature)
	}
	return files
}

func readZipFile(t testing.TB, f *zip.File) []byte {
	t.Helper()
	rc, err := f.Open()
	if err != nil {
		t.Fatalf("open %s: %v", f.Name, err)
	}
	defer rc.Close()
	var b bytes.Buffer
	if _, err := b.ReadFrom(rc); err != nil {
		t.Fatalf("read %s: %v", f.Name, err)
	}
	return b.Bytes()
}

// embeddedTemplates decodes the `var TemplatesZip = []byte{0x50, ...}`
// literal of func's generated file.
func embeddedTemplates(file string) ([]byte, error) {
	src, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	_, body, ok := bytes.Cut(src, []byte("[]byte{"))
	if !ok {
		return nil, fmt.Errorf("%s: no byte slice literal", file)
	}
	body, _, _ = bytes.Cut(body, []byte("}"))
	var archive []byte
	for _, tok := range strings.FieldsFunc(string(body), func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\t' }) {
		b, err := strconv.ParseUint(tok, 0, 8)
		if err != nil {
			return nil, fmt.Errorf("%s: byte %q: %w", file, tok, err)
		}
		archive = append(archive, byte(b))
	}
	return archive, nil
}

// writeScaffolding lays the scaffolding out the way func's host builder does:
// in the function's .func/builds directory, with f a relative symlink back to
// the function's root (pkg/scaffolding.Write).
func writeScaffolding(t testing.TB, s scaffolding, functionRoot string) string {
	t.Helper()
	out := filepath.Join(functionRoot, ".func", "builds", "by-hash", "test")
	for name, data := range s {
		p := filepath.Join(out, filepath.FromSlash(path.Clean(name)))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	rel, err := filepath.Rel(out, functionRoot)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(rel, filepath.Join(out, "f")); err != nil {
		t.Fatal(err)
	}
	return out
}
