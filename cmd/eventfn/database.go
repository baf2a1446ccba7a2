package main

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/eventfn/eventfn/shared/devstack"
)

// databaseURL is DATABASE_URL, or else the database of the `eventfn dev`
// stack running from this directory, so that operating commands work
// against the local stack with no setup.
func databaseURL() string {
	if url := os.Getenv("DATABASE_URL"); url != "" {
		return url
	}
	b, err := os.ReadFile(filepath.Join(".eventfn", devstack.URLFile))
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}
