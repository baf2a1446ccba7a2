package funcstage

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"

	"github.com/eventfn/eventfn/shared/failure"
)

// StagedModule is the module path every staged function gets, because func's
// scaffolding requires it (`replace function => ./f`).
const StagedModule = "function"

// Stager stages functions of one root module.
type Stager struct {
	// Root is the directory holding the root module's go.mod.
	Root string
	// Go is the go command to run; "go" from PATH when empty.
	Go string
}

// Staged describes a staged function.
type Staged struct {
	// Dir is the staged project directory.
	Dir string
	// Packages are the root-module import paths copied besides the function.
	Packages []string
}

// New returns a Stager for the module whose go.mod is in root.
func New(root string) *Stager {
	return &Stager{Root: root, Go: "go"}
}

// functionName is func's own rule for a function name (func.yaml schema).
var functionName = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`)

// Stage writes the function in functions/<name> as a self-contained func
// project at out, which must not exist or be an empty directory.
func (s *Stager) Stage(ctx context.Context, name, out string) (Staged, error) {
	if err := s.check(name, out); err != nil {
		return Staged{}, err
	}
	mod, err := s.readGoMod(ctx)
	if err != nil {
		return Staged{}, err
	}
	pkgs, err := s.listPackages(ctx, mod.Module.Path, name)
	if err != nil {
		return Staged{}, err
	}
	plan, err := newPlan(mod.Module.Path, name, pkgs)
	if err != nil {
		return Staged{}, err
	}
	if err := writeAtomically(out, func(dir string) error { return s.write(ctx, dir, mod, plan) }); err != nil {
		return Staged{}, err
	}
	return Staged{Dir: out, Packages: plan.dependencies()}, nil
}

// FunctionDir is where the function called name lives in the root module.
func (s *Stager) FunctionDir(name string) string {
	return filepath.Join(s.Root, "functions", name)
}

func (s *Stager) check(name, out string) error {
	if !functionName.MatchString(name) {
		return failure.Invalidf("function name %q: want lower-case letters, digits and dashes", name)
	}
	if _, err := os.Stat(filepath.Join(s.FunctionDir(name), "function.go")); err != nil {
		return failure.NotFoundf("function %s: no functions/%s/function.go under %s", name, name, s.Root)
	}
	if err := checkEmptyOrAbsent(out); err != nil {
		return err
	}
	return s.checkNoWorkspace(out)
}

func checkEmptyOrAbsent(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return failure.Invalidf("stage directory %s: %v", dir, err)
	}
	if len(entries) > 0 {
		return failure.Invalidf("stage directory %s is not empty", dir)
	}
	return nil
}

// writeAtomically lets fill write a temporary sibling of out and renames it
// to out only once fill succeeded, so a failure never leaves a half project.
func writeAtomically(out string, fill func(dir string) error) error {
	parent := filepath.Dir(filepath.Clean(out))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", parent, err)
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(out)+".staging-")
	if err != nil {
		return fmt.Errorf("create staging directory: %w", err)
	}
	// MkdirTemp makes the directory private; a staged project is ordinary source.
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return fmt.Errorf("open up %s: %w", tmp, err)
	}
	if err := fill(tmp); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	if err := replaceEmpty(tmp, out); err != nil {
		os.RemoveAll(tmp)
		return fmt.Errorf("move staged project to %s: %w", out, err)
	}
	return nil
}

func (s *Stager) write(ctx context.Context, dir string, mod goMod, plan plan) error {
	for _, p := range plan.packages {
		if err := copyPackage(dir, p, plan.rewrite); err != nil {
			return err
		}
	}
	if err := copyFunctionExtras(dir, s.FunctionDir(plan.function)); err != nil {
		return err
	}
	if err := writeGoMod(dir, mod, s.Root); err != nil {
		return err
	}
	return s.tidy(ctx, dir)
}

// replaceEmpty renames dir to out; out may be an empty directory, which
// os.Rename refuses to replace, so it is removed first.
func replaceEmpty(dir, out string) error {
	if err := os.Remove(out); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return os.Rename(dir, out)
}
