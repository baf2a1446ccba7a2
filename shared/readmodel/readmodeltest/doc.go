// Package readmodeltest helps test a read model against a real PostgreSQL
// (shared/pgtest): Log records domain events as the event store would,
// Project applies them as the runner would, CatchUpAndRebuild runs the real
// runner over them from the real log and checks a rebuild gives the same,
// and All follows a list to its last page.
//
//	func TestMain(m *testing.M) { pgtest.Main(m) }
//
//	func TestApplyShowsTheAccount(t *testing.T) {
//		pool := pgtest.NewDatabase(t)
//		log := readmodeltest.NewLog[accounts.Event](t, accounts.StreamID)
//		schema := readmodeltest.Project(t, pool, accountview.New(),
//			log.Record(accounts.Created{AccountNumber: "1", UserID: 7}))
//		a, err := accountview.Get(ctx, pool, schema, "1") // CreatedAt: readmodeltest.At(1)
//	}
package readmodeltest
