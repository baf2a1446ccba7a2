package eventstore_test

import (
	"testing"

	"github.com/eventfn/eventfn/shared/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }
