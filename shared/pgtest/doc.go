// Package pgtest gives every test that touches SQL its own real PostgreSQL
// database, cloned from a template migrated once per test binary.
//
//	func TestMain(m *testing.M) { pgtest.Main(m) }
//
//	func TestSomething(t *testing.T) {
//		t.Parallel()
//		pool := pgtest.NewDatabase(t) // dropped when the test ends
//		...
//	}
//
// With TEST_DATABASE_URL set, databases are created on that server (the
// role needs CREATEDB). Otherwise the first NewDatabase starts a throwaway
// cluster from the installed server binaries (shared/pgcluster) in a
// temporary directory, on a private unix socket, and Main removes it after
// the tests. A leftover from a crashed run is removed by the next run.
// No server and no URL fails the test with a line saying what to install;
// it never skips.
package pgtest
