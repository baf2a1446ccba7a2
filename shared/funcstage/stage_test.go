package funcstage_test

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/eventfn/eventfn/shared/failure"
	"github.com/eventfn/eventfn/shared/funcstage"
)

// fixture is a small root module shaped like eventfn: one function that
// imports a shared package (which embeds a file and imports an internal
// package), a shared package nobody imports, and tests everywhere.
var fixture = map[string]string{
	"go.mod": "module example.com/root\n\ngo 1.22\n",
	"functions/hello/function.go": `// Package function greets.
package function

import (
	"context"

	// the greeting lives in shared code
	greet "example.com/root/shared/greet"
)

// Greeter is the function.
type Greeter struct{}

// New returns the function.
func New() *Greeter { return &Greeter{} }

// Greet says hello.
func (g *Greeter) Greet(ctx context.Context) string { return greet.Hello() }
`,
	"functions/hello/function_test.go": "package function\n\nimport (\n\t\"testing\"\n\n\t_ \"example.com/root/shared/unused\"\n)\n\nfunc TestGreet(t *testing.T) {}\n",
	"functions/hello/func.yaml":        "specVersion: 0.36.0\nname: hello\n",
	"functions/hello/.funcignore":      "*.md\n",
	"shared/greet/greet.go": `package greet

import (
	_ "embed"

	"example.com/root/shared/greet/internal/words"
)

//go:embed hello.txt
var hello string

// Hello returns the greeting.
func Hello() string { return hello + words.World }
`,
	"shared/greet/hello.txt":               "hello ",
	"shared/greet/greet_test.go":           "package greet\n",
	"shared/greet/internal/words/words.go": "package words\n\n// World is who is greeted.\nconst World = \"world\"\n",
	"shared/unused/unused.go":              "package unused\n",
}

func writeTree(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func newFixture(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	writeTree(t, root, files)
	return root
}

func listTree(t *testing.T, root string) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(root, p)
		files = append(files, filepath.ToSlash(rel))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(files)
	return files
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestStagingCopiesTheFunctionAndTheRootPackagesItImportsButNoTests(t *testing.T) {
	root := newFixture(t, fixture)
	out := filepath.Join(t.TempDir(), "hello")
	staged, err := funcstage.New(root).Stage(context.Background(), "hello", out)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{".funcignore", "func.yaml", "function.go", "go.mod", "shared/greet/greet.go", "shared/greet/hello.txt", "shared/greet/internal/words/words.go"}
	if diff := cmp.Diff(want, listTree(t, out)); diff != "" {
		t.Errorf("staged files (-want +got):\n%s", diff)
	}
	info, err := os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o755 {
		t.Errorf("staged directory mode = %v, want rwxr-xr-x like any source folder", info.Mode())
	}
	wantPkgs := []string{"example.com/root/shared/greet", "example.com/root/shared/greet/internal/words"}
	if diff := cmp.Diff(wantPkgs, staged.Packages); diff != "" {
		t.Errorf("staged packages (-want +got):\n%s", diff)
	}
}

func TestStagingRewritesRootImportsAndKeepsTheRestOfTheFile(t *testing.T) {
	root := newFixture(t, fixture)
	out := filepath.Join(t.TempDir(), "hello")
	if _, err := funcstage.New(root).Stage(context.Background(), "hello", out); err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(fixture["functions/hello/function.go"], `"example.com/root/shared/greet"`, `"function/shared/greet"`, 1)
	if diff := cmp.Diff(want, readFile(t, filepath.Join(out, "function.go"))); diff != "" {
		t.Errorf("function.go (-want +got):\n%s", diff)
	}
	if got := readFile(t, filepath.Join(out, "shared/greet/greet.go")); !strings.Contains(got, `"function/shared/greet/internal/words"`) {
		t.Errorf("greet.go keeps the root import:\n%s", got)
	}
}

func TestStagedModuleIsNamedFunctionAndBuildsOnItsOwn(t *testing.T) {
	root := newFixture(t, fixture)
	out := filepath.Join(t.TempDir(), "hello")
	if _, err := funcstage.New(root).Stage(context.Background(), "hello", out); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, filepath.Join(out, "go.mod")); !strings.Contains(got, "\nmodule function\n") {
		t.Errorf("go.mod does not declare module function:\n%s", got)
	}
	os.RemoveAll(root) // the staged copy must not reach back into the root module
	cmd := exec.Command("go", "vet", "./...")
	cmd.Dir = out
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go vet in the staged module: %v\n%s", err, b)
	}
}

func TestStagingKeepsOnlyTheRequirementsTheFunctionNeeds(t *testing.T) {
	files := map[string]string{"go.mod": "module example.com/root\n\ngo 1.22\n\nrequire github.com/google/go-cmp v0.7.0\n"}
	for k, v := range fixture {
		if k != "go.mod" {
			files[k] = v
		}
	}
	root := newFixture(t, files)
	copyGoSum(t, root)
	out := filepath.Join(t.TempDir(), "hello")
	if _, err := funcstage.New(root).Stage(context.Background(), "hello", out); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, filepath.Join(out, "go.mod")); strings.Contains(got, "go-cmp") {
		t.Errorf("go mod tidy left an unused requirement:\n%s", got)
	}
}

// copyGoSum gives a fixture the eventfn go.sum, so tidy needs no network.
func copyGoSum(t *testing.T, root string) {
	t.Helper()
	writeTree(t, root, map[string]string{"go.sum": readFile(t, filepath.Join(repoRoot(t), "go.sum"))})
}

func TestStagingRefusesBadInputAndWritesNothing(t *testing.T) {
	root := newFixture(t, fixture)
	broken := newFixture(t, fixture)
	writeTree(t, broken, map[string]string{"functions/hello/broken.go": "package function\n\nimport _ \"example.com/root/shared/missing\"\n"})
	cases := []struct {
		name, root, function string
		kind                 error
	}{
		{"a name func would refuse", root, "Hello_World", failure.ErrInvalid},
		{"a path as the name", root, "../hello", failure.ErrInvalid},
		{"a folder without function.go", root, "absent", failure.ErrNotFound},
		{"a function importing a missing package", broken, "hello", failure.ErrInvalid},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			parent := t.TempDir()
			_, err := funcstage.New(c.root).Stage(context.Background(), c.function, filepath.Join(parent, "out"))
			if !errors.Is(err, c.kind) {
				t.Fatalf("got error %v, want kind %v", err, c.kind)
			}
			if left := listTree(t, parent); len(left) != 0 {
				t.Errorf("a refused stage left files behind: %v", left)
			}
		})
	}
}

func TestStagingIntoANonEmptyDirectoryIsRefusedAndLeavesItAlone(t *testing.T) {
	root := newFixture(t, fixture)
	out := t.TempDir()
	writeTree(t, out, map[string]string{"keep.txt": "mine"})
	_, err := funcstage.New(root).Stage(context.Background(), "hello", out)
	if !errors.Is(err, failure.ErrInvalid) {
		t.Fatalf("got error %v, want invalid", err)
	}
	if diff := cmp.Diff([]string{"keep.txt"}, listTree(t, out)); diff != "" {
		t.Errorf("directory changed (-want +got):\n%s", diff)
	}
}

func TestStagingIntoAnEmptyDirectoryFillsIt(t *testing.T) {
	root := newFixture(t, fixture)
	out := t.TempDir()
	if _, err := funcstage.New(root).Stage(context.Background(), "hello", out); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(out, "function.go")); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	for _, e := range entries {
		if strings.Contains(e.Name(), ".staging-") {
			t.Errorf("temporary directory %s left behind", e.Name())
		}
	}
}

func TestStagingBelowAGoWorkspaceIsRefused(t *testing.T) {
	root := newFixture(t, fixture)
	ws := t.TempDir()
	writeTree(t, ws, map[string]string{"go.work": "go 1.22\n"})
	_, err := funcstage.New(root).Stage(context.Background(), "hello", filepath.Join(ws, "stage", "hello"))
	if !errors.Is(err, failure.ErrInvalid) || !strings.Contains(err.Error(), "go.work") {
		t.Fatalf("got error %v, want invalid naming the go.work", err)
	}
	if diff := cmp.Diff([]string{"go.work"}, listTree(t, ws)); diff != "" {
		t.Errorf("workspace changed (-want +got):\n%s", diff)
	}
}
