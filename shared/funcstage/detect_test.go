package funcstage_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// detectSignature applies func v0.44's Go signature rule
// (pkg/scaffolding/detectors.go): every .go file directly in dir, tests
// included, is parsed; a package-level func New means the instanced
// signature, a package-level func Handle the static one. A file that does not
// parse counts for neither.
func detectSignature(t testing.TB, dir string) (static, instanced bool) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".go") {
			continue
		}
		names := packageFuncs(filepath.Join(dir, e.Name()))
		instanced = instanced || names["New"]
		static = static || names["Handle"]
	}
	return static, instanced
}

func packageFuncs(file string) map[string]bool {
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, parser.SkipObjectResolution)
	if err != nil {
		return nil
	}
	names := map[string]bool{}
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil {
			names[fd.Name.Name] = true
		}
	}
	return names
}

// requireInstanced fails unless func would scaffold dir as instanced.
func requireInstanced(t testing.TB, dir string) {
	t.Helper()
	static, instanced := detectSignature(t, dir)
	switch {
	case static && instanced:
		t.Errorf("%s: declares both a package-level New and Handle; func refuses to build it", dir)
	case !instanced:
		t.Errorf("%s: no package-level func New (or a file does not parse); func would not detect the instanced signature", dir)
	}
}
