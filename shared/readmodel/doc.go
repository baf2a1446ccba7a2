// Package readmodel holds what the read models (accountview, orderview,
// cartview) share beyond their SQL. Apply folds a batch into one change per
// aggregate with Fold, which blames an undecodable event as poison:
//
//	rows, err := readmodel.Fold(events, accounts.DecodeEvent, newRow, (*row).apply)
//	// one INSERT … SELECT FROM unnest(…) of every row, in the order first touched
//
// A list query checks its bounds, asks for one row more than the page, and
// lets PageOf tell whether another page follows:
//
//	limit, after, err := readmodel.Bounds(f.Limit, f.After) // failure.Invalid when out of range
//	rows, _ := q.Query(ctx, `SELECT ... WHERE id > $1 ORDER BY id LIMIT $2`, after, limit+1)
//	items, err := pgx.CollectRows(rows, scanOrder)
//	return readmodel.PageOf(items, limit, func(o Order) string { return o.OrderID }), nil
//
// Storable says whether a key is text PostgreSQL can store at all. The
// cursor is the last key of a page, base64url-encoded: clients only hand
// it back, so the encoding may change without breaking them. Keys sort
// bytewise (COLLATE "C"), so pages do not depend on the server's locale.
package readmodel
