// Package funcstage turns one function folder of the eventfn module into a
// self-contained Knative Functions project.
//
// func v0.44 scaffolds every Go function as its own module named `function`
// and cannot reach a parent module, so a function that imports
// github.com/eventfn/eventfn/shared/... cannot be built from its folder.
// Staging copies the function's files (never its tests) and every package of
// the root module it imports, rewrites those imports to function/..., writes
// a go.mod for module `function` with the root module's requirements, and
// runs `go mod tidy`. The result builds with `func build` as it stands.
//
//	s := funcstage.New("/src/eventfn")
//	staged, err := s.Stage(ctx, "accounts-command", "/tmp/accounts-command")
//	if err != nil {
//		return err
//	}
//	fmt.Println("staged", len(staged.Packages), "packages in", staged.Dir)
//
// Staging writes into a temporary sibling of the target and renames it into
// place only when every step succeeded, so a failed stage leaves nothing.
package funcstage
