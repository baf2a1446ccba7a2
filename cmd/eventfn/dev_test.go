package main

import (
	"errors"
	"strings"
	"testing"

	"github.com/eventfn/eventfn/shared/devstack"
	"github.com/eventfn/eventfn/shared/pgcluster"
)

func TestDevWithoutAPostgreSQLServerSaysWhatToInstall(t *testing.T) {
	none := func() (string, error) { return "", pgcluster.ErrNoServer }
	err := requirePostgres(devstack.Config{}, none)
	if err == nil || !strings.Contains(err.Error(), "apt-get install -y postgresql") || !strings.Contains(err.Error(), "DATABASE_URL") {
		t.Errorf("err = %v", err)
	}
	if err := requirePostgres(devstack.Config{DatabaseURL: "postgres://db"}, none); err != nil {
		t.Errorf("with DATABASE_URL no local server is needed: %v", err)
	}
}

func TestDevRefusesStrayArguments(t *testing.T) {
	if _, err := devConfig([]string{"now"}); !errors.Is(err, errUsage) {
		t.Errorf("err = %v", err)
	}
	if _, err := devConfig([]string{"-port", "-5"}); err == nil {
		t.Error("a negative port was accepted")
	}
}
