package funcstage_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/eventfn/eventfn/shared/funcstage"
)

// repoRoot is the eventfn module's root: this package sits two levels below.
func repoRoot(t testing.TB) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("no go.mod at the repository root %s: %v", root, err)
	}
	return root
}

// stageableFunctions lists the folders under functions/ that hold a
// function.go.
func stageableFunctions(t testing.TB, root string) []string {
	t.Helper()
	dirs, err := filepath.Glob(filepath.Join(root, "functions", "*", "function.go"))
	if err != nil {
		t.Fatal(err)
	}
	names := make([]string, 0, len(dirs))
	for _, d := range dirs {
		names = append(names, filepath.Base(filepath.Dir(d)))
	}
	if len(names) == 0 {
		t.Fatalf("no functions/*/function.go under %s", root)
	}
	return names
}

// TestEveryFunctionStagesAndBuildsWithFuncsOwnScaffolding stages each
// function and compiles it exactly as func v0.44's host builder does: its
// instanced-cloudevents scaffolding (module s, replace function => ./f,
// main calling ce.Start(f.New())) in the function's .func/builds directory,
// `go build` with CGO_ENABLED=0 for linux. The build cache is shared, so the
// common packages compile once; builds run -parallel at a time.
func TestEveryFunctionStagesAndBuildsWithFuncsOwnScaffolding(t *testing.T) {
	root := repoRoot(t)
	scaffold := readScaffolding(t, funcModuleDir(t), "instanced-cloudevents")
	stager := funcstage.New(root)
	for _, name := range stageableFunctions(t, root) {
		t.Run(name, func(t *testing.T) {
			t.Parallel() // linking is mostly serial: two builds keep two cores busy
			requireInstanced(t, stager.FunctionDir(name))
			staged := filepath.Join(t.TempDir(), name)
			if _, err := stager.Stage(context.Background(), name, staged); err != nil {
				t.Fatalf("stage: %v", err)
			}
			requireInstanced(t, staged)
			buildLikeFunc(t, writeScaffolding(t, scaffold, staged))
		})
	}
}

// buildLikeFunc runs the host builder's command (pkg/oci/containerize_go.go)
// in a scaffolding directory and checks that it produced an executable.
func buildLikeFunc(t *testing.T, dir string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	bin := filepath.Join(dir, "result", "f.linux.amd64")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOARCH=amd64", "GOFLAGS=-mod=mod", "GOWORK=off")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("go build in func's scaffolding: %v\n%s", err, out.String())
	}
	info, err := os.Stat(bin)
	if err != nil || info.Size() == 0 || info.Mode()&0o111 == 0 {
		t.Fatalf("go build left no executable at %s (%v)", bin, err)
	}
}
