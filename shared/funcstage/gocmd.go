package funcstage

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/eventfn/eventfn/shared/failure"
)

// goMod is the part of `go mod edit -json` staging needs.
type goMod struct {
	Module    struct{ Path string }
	Go        string
	Toolchain string
	Require   []struct{ Path, Version string }
	Replace   []struct {
		Old, New struct{ Path, Version string }
	}
}

// listedPackage is the part of `go list -json` staging needs.
type listedPackage struct {
	ImportPath     string
	Dir            string
	Module         *struct{ Path string }
	GoFiles        []string
	CgoFiles       []string
	IgnoredGoFiles []string
	EmbedFiles     []string
	Error          *struct{ Err string }
}

// run runs the go command in dir and returns its standard output. The staged
// module must never be captured by a go.work, hence GOWORK=off.
func (s *Stager) run(ctx context.Context, dir string, env []string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, s.goCommand(), args...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), "GOWORK=off"), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("go %s in %s: %w: %s", strings.Join(args, " "), dir, err, strings.TrimSpace(stderr.String()))
	}
	return stdout.Bytes(), nil
}

func (s *Stager) goCommand() string {
	if s.Go == "" {
		return "go"
	}
	return s.Go
}

func (s *Stager) readGoMod(ctx context.Context) (goMod, error) {
	var mod goMod
	out, err := s.run(ctx, s.Root, nil, "mod", "edit", "-json")
	if err != nil {
		return mod, fmt.Errorf("read root go.mod: %w", err)
	}
	if err := json.Unmarshal(out, &mod); err != nil {
		return mod, fmt.Errorf("decode root go.mod: %w", err)
	}
	return mod, nil
}

// listPackages lists the function's package and everything it imports,
// test imports excluded, and keeps the packages of the root module.
func (s *Stager) listPackages(ctx context.Context, module, name string) ([]listedPackage, error) {
	fields := "-json=ImportPath,Dir,Module,GoFiles,CgoFiles,IgnoredGoFiles,EmbedFiles,Error"
	out, err := s.run(ctx, s.Root, nil, "list", "-deps", "-e", fields, "./functions/"+name)
	if err != nil {
		return nil, fmt.Errorf("list packages of %s: %w", name, err)
	}
	all, err := decodePackages(bytes.NewReader(out))
	if err != nil {
		return nil, err
	}
	return rootPackages(all, module)
}

func decodePackages(r io.Reader) ([]listedPackage, error) {
	var pkgs []listedPackage
	dec := json.NewDecoder(r)
	for {
		var p listedPackage
		err := dec.Decode(&p)
		if errors.Is(err, io.EOF) {
			return pkgs, nil
		}
		if err != nil {
			return nil, fmt.Errorf("decode go list output: %w", err)
		}
		pkgs = append(pkgs, p)
	}
}

// rootPackages keeps the root module's packages and refuses any that the go
// command could not load, since a broken function cannot be staged.
func rootPackages(all []listedPackage, module string) ([]listedPackage, error) {
	var keep []listedPackage
	for _, p := range all {
		if p.Error != nil {
			return nil, failure.Invalidf("package %s: %s", p.ImportPath, p.Error.Err)
		}
		if p.Module != nil && p.Module.Path == module {
			keep = append(keep, p)
		}
	}
	return keep, nil
}

func (s *Stager) tidy(ctx context.Context, dir string) error {
	if _, err := s.run(ctx, dir, []string{"GOFLAGS=-mod=mod"}, "mod", "tidy"); err != nil {
		return fmt.Errorf("tidy staged module: %w", err)
	}
	return nil
}

// checkNoWorkspace refuses a target below a go.work: func would build the
// staged function inside that workspace instead of as its own module.
func (s *Stager) checkNoWorkspace(out string) error {
	dir := nearestExisting(out)
	cmd := exec.Command(s.goCommand(), "env", "GOWORK")
	cmd.Dir = dir
	cmd.Env = withoutEnv(os.Environ(), "GOWORK")
	work, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("go env GOWORK in %s: %w", dir, err)
	}
	if w := strings.TrimSpace(string(work)); w != "" && w != "off" {
		return failure.Invalidf("stage directory %s is inside the Go workspace %s: stage elsewhere", out, w)
	}
	return nil
}

func nearestExisting(path string) string {
	dir := filepath.Clean(path)
	for {
		if _, err := os.Stat(dir); !errors.Is(err, fs.ErrNotExist) {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return dir
		}
		dir = parent
	}
}

func withoutEnv(env []string, name string) []string {
	kept := make([]string, 0, len(env))
	for _, kv := range env {
		if !strings.HasPrefix(kv, name+"=") {
			kept = append(kept, kv)
		}
	}
	return kept
}
