package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/eventfn/eventfn/shared/funcstage"
)

// runStage writes a self-contained func project for one function, so that
// `func build` and `func deploy` can run in it (see shared/funcstage).
func runStage(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("stage", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	root := fs.String("root", "", "root module directory (default: the nearest go.mod above the working directory)")
	if err := fs.Parse(args); err != nil || fs.NArg() != 2 {
		return fmt.Errorf("%w: eventfn stage [-root dir] <function> <dir>", errUsage)
	}
	dir, err := moduleRoot(*root)
	if err != nil {
		return err
	}
	staged, err := funcstage.New(dir).Stage(ctx, fs.Arg(0), fs.Arg(1))
	if err != nil {
		return fmt.Errorf("stage %s: %w", fs.Arg(0), err)
	}
	fmt.Printf("staged %s in %s with %d root-module packages\n", fs.Arg(0), staged.Dir, len(staged.Packages))
	return nil
}

// moduleRoot returns dir, or the nearest directory above the working
// directory that holds a go.mod.
func moduleRoot(dir string) (string, error) {
	if dir != "" {
		return dir, nil
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("working directory: %w", err)
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d, nil
		}
		if filepath.Dir(d) == d {
			return "", errors.New("no go.mod above the working directory: pass -root")
		}
	}
}
