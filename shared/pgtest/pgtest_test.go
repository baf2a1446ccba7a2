package pgtest_test

import (
	"context"
	"testing"

	"github.com/eventfn/eventfn/shared/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

func TestEachTestGetsADatabaseOfItsOwn(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a, b := pgtest.NewDatabase(t), pgtest.NewDatabase(t)
	if _, err := a.Exec(ctx, `CREATE TABLE only_in_a (n int)`); err != nil {
		t.Fatal(err)
	}
	var found bool
	err := b.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_tables WHERE tablename = 'only_in_a')`).Scan(&found)
	if err != nil || found {
		t.Fatalf("table made in one database visible in the other: %v, %v", found, err)
	}
}

func TestDatabasesComeMigrated(t *testing.T) {
	t.Parallel()
	var n int
	err := pgtest.NewDatabase(t).QueryRow(context.Background(),
		`SELECT count(*) FROM pg_tables WHERE tablename IN ('events', 'commands', 'checkpoints')`).Scan(&n)
	if err != nil || n != 3 {
		t.Fatalf("found %d of the event store's tables (%v), want 3", n, err)
	}
}

func TestADatabaseIsDroppedWhenItsTestEnds(t *testing.T) {
	var name string
	t.Run("user", func(t *testing.T) {
		err := pgtest.NewDatabase(t).QueryRow(context.Background(), `SELECT current_database()`).Scan(&name)
		if err != nil {
			t.Fatal(err)
		}
	})
	var exists bool
	err := pgtest.NewDatabase(t).QueryRow(context.Background(),
		`SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, name).Scan(&exists)
	if err != nil || exists {
		t.Fatalf("database %s still exists after its test (%v)", name, err)
	}
}
