package funcstage

import (
	"bytes"
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// copyPackage copies a package's buildable files, never its tests, into the
// staged module, rewriting root-module imports on the way.
func copyPackage(root string, p stagedPackage, rewrite func(string) (string, bool)) error {
	dst := filepath.Join(root, filepath.FromSlash(p.rel))
	for _, name := range p.sourceFiles() {
		if err := copyGoFile(filepath.Join(p.Dir, name), filepath.Join(dst, name), rewrite); err != nil {
			return err
		}
	}
	for _, name := range p.EmbedFiles {
		if err := copyFile(filepath.Join(p.Dir, filepath.FromSlash(name)), filepath.Join(dst, filepath.FromSlash(name))); err != nil {
			return err
		}
	}
	return nil
}

// sourceFiles are the package's Go files for every platform: files excluded
// by build constraints here are still needed when func cross-compiles.
func (p stagedPackage) sourceFiles() []string {
	var names []string
	for _, group := range [][]string{p.GoFiles, p.CgoFiles, p.IgnoredGoFiles} {
		for _, name := range group {
			if !strings.HasSuffix(name, "_test.go") {
				names = append(names, name)
			}
		}
	}
	return names
}

// copyFunctionExtras copies the function folder's other top-level files
// (func.yaml, .funcignore, a cfg file) that func reads next to the code.
func copyFunctionExtras(root, functionDir string) error {
	entries, err := os.ReadDir(functionDir)
	if err != nil {
		return fmt.Errorf("read %s: %w", functionDir, err)
	}
	for _, e := range entries {
		if !e.Type().IsRegular() || strings.HasSuffix(e.Name(), ".go") {
			continue
		}
		if err := copyFile(filepath.Join(functionDir, e.Name()), filepath.Join(root, e.Name())); err != nil {
			return err
		}
	}
	return nil
}

func copyGoFile(src, dst string, rewrite func(string) (string, bool)) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return fmt.Errorf("read %s: %w", src, err)
	}
	data, err = rewriteImports(src, data, rewrite)
	if err != nil {
		return err
	}
	return writeFile(dst, data)
}

func copyFile(src, dst string) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return fmt.Errorf("read %s: %w", src, err)
	}
	return writeFile(dst, data)
}

func writeFile(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("create %s: %w", filepath.Dir(path), err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// rewriteImports replaces the import paths rewrite maps, splicing only the
// quoted paths so that everything else in the file stays byte for byte.
func rewriteImports(name string, src []byte, rewrite func(string) (string, bool)) ([]byte, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, parser.ImportsOnly|parser.SkipObjectResolution)
	if err != nil {
		return nil, fmt.Errorf("parse imports: %w", err)
	}
	var out bytes.Buffer
	last := 0
	for _, imp := range f.Imports {
		importPath, err := strconv.Unquote(imp.Path.Value)
		if err != nil {
			return nil, fmt.Errorf("%s: import %s: %w", fset.Position(imp.Pos()), imp.Path.Value, err)
		}
		staged, ok := rewrite(importPath)
		if !ok {
			continue
		}
		start, end := fset.Position(imp.Path.Pos()).Offset, fset.Position(imp.Path.End()).Offset
		out.Write(src[last:start])
		out.WriteString(strconv.Quote(staged))
		last = end
	}
	out.Write(src[last:])
	return out.Bytes(), nil
}

// writeGoMod writes the staged go.mod: module `function` with the root
// module's go version, requirements and replacements (local replacements
// made absolute, since the staged module lives elsewhere). go mod tidy then
// drops what the function does not need.
func writeGoMod(dir string, mod goMod, root string) error {
	var b strings.Builder
	fmt.Fprintf(&b, "// Staged from %s by `eventfn stage`: regenerate it, do not edit.\nmodule %s\n\ngo %s\n", mod.Module.Path, StagedModule, mod.Go)
	if mod.Toolchain != "" {
		fmt.Fprintf(&b, "\ntoolchain %s\n", mod.Toolchain)
	}
	b.WriteString("\nrequire (\n")
	for _, r := range mod.Require {
		fmt.Fprintf(&b, "\t%s %s\n", r.Path, r.Version)
	}
	b.WriteString(")\n")
	for _, r := range mod.Replace {
		fmt.Fprintf(&b, "\nreplace %s => %s\n", modVersion(r.Old.Path, r.Old.Version), replacement(r.New.Path, r.New.Version, root))
	}
	if err := writeFile(filepath.Join(dir, "go.mod"), []byte(b.String())); err != nil {
		return err
	}
	return copyGoSum(dir, root)
}

func modVersion(path, version string) string {
	if version == "" {
		return path
	}
	return path + " " + version
}

func replacement(path, version, root string) string {
	if version == "" && !filepath.IsAbs(path) {
		return filepath.Join(root, path)
	}
	return modVersion(path, version)
}

// copyGoSum seeds the staged go.sum with the root's checksums, so tidy
// verifies against what the root module already trusts.
func copyGoSum(dir, root string) error {
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read root go.sum: %w", err)
	}
	return writeFile(filepath.Join(dir, "go.sum"), sum)
}
