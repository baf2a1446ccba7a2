package funcstage

import (
	"path"
	"sort"
	"strings"

	"github.com/eventfn/eventfn/shared/failure"
)

// plan says where each root-module package goes in the staged module.
type plan struct {
	module   string // root module path, e.g. github.com/eventfn/eventfn
	function string // function name
	packages []stagedPackage
}

// stagedPackage is a listed package with its directory in the staged module.
type stagedPackage struct {
	listedPackage
	rel string // slash-separated directory relative to the staged root; "." for the function
}

func newPlan(module, function string, pkgs []listedPackage) (plan, error) {
	p := plan{module: module, function: function}
	owner := map[string]string{}
	for _, lp := range pkgs {
		staged, _ := p.rewrite(lp.ImportPath)
		rel := strings.TrimPrefix(strings.TrimPrefix(staged, StagedModule), "/")
		if rel == "" {
			rel = "."
		}
		if other, taken := owner[rel]; taken {
			return plan{}, failure.Invalidf("packages %s and %s would both be staged as %s", other, lp.ImportPath, staged)
		}
		owner[rel] = lp.ImportPath
		p.packages = append(p.packages, stagedPackage{listedPackage: lp, rel: rel})
	}
	return p, p.checkFunctionListed()
}

func (p plan) functionPath() string {
	return path.Join(p.module, "functions", p.function)
}

func (p plan) checkFunctionListed() error {
	for _, sp := range p.packages {
		if sp.ImportPath == p.functionPath() {
			return nil
		}
	}
	return failure.NotFoundf("package %s was not listed by the go command", p.functionPath())
}

// rewrite maps a root-module import path to its staged path: the function's
// own tree becomes the module root (so its internal packages stay internal
// to it) and every other package keeps its place below `function/`.
func (p plan) rewrite(importPath string) (string, bool) {
	if rest, ok := cutTree(importPath, p.functionPath()); ok {
		return StagedModule + rest, true
	}
	if rest, ok := cutTree(importPath, p.module); ok {
		return StagedModule + rest, true
	}
	return importPath, false
}

// cutTree returns the part of importPath after root ("" or "/...") when
// importPath is root or below it.
func cutTree(importPath, root string) (string, bool) {
	if importPath == root {
		return "", true
	}
	if strings.HasPrefix(importPath, root+"/") {
		return importPath[len(root):], true
	}
	return "", false
}

// dependencies lists the copied root-module packages other than the function.
func (p plan) dependencies() []string {
	var deps []string
	for _, sp := range p.packages {
		if sp.rel != "." {
			deps = append(deps, sp.ImportPath)
		}
	}
	sort.Strings(deps)
	return deps
}
