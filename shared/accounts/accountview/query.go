package accountview

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/eventfn/eventfn/shared/accounts"
	"github.com/eventfn/eventfn/shared/failure"
	"github.com/eventfn/eventfn/shared/projection"
	"github.com/eventfn/eventfn/shared/readmodel"
)

// Querier runs read-only SQL: a *pgxpool.Pool, a *pgx.Conn or a pgx.Tx.
type Querier = projection.Querier

// Account is one account as queries show it (reply type accounts.account).
type Account struct {
	AccountNumber  string    `json:"accountNumber"`
	UserID         int64     `json:"userId"`
	DefaultAccount bool      `json:"defaultAccount"`
	Status         string    `json:"status"`
	CreatedAt      time.Time `json:"createdAt"`
	LastModified   time.Time `json:"lastModified"`
	Version        int64     `json:"version"`
}

const columns = `account_number, user_id, default_account, status, created_at, last_modified, version`

// Get returns account number from the read model in schema, or a
// failure.NotFound error.
func Get(ctx context.Context, q Querier, schema, number string) (Account, error) {
	if !readmodel.Storable(number) {
		return Account{}, failure.Invalidf("malformed account number %q", number)
	}
	// pgx reports a failed Query through the rows too, so Collect sees it.
	rows, _ := q.Query(ctx, `SELECT `+columns+` FROM `+table(schema)+` WHERE account_number = $1`, number)
	a, err := pgx.CollectExactlyOneRow(rows, scanAccount)
	if errors.Is(err, pgx.ErrNoRows) {
		return Account{}, failure.NotFoundf("account %s not found", number)
	}
	if err != nil {
		return Account{}, fmt.Errorf("get account %s: %w", number, err)
	}
	return a, nil
}

func scanAccount(row pgx.CollectableRow) (Account, error) {
	var a Account
	err := row.Scan(&a.AccountNumber, &a.UserID, &a.DefaultAccount, &a.Status,
		&a.CreatedAt, &a.LastModified, &a.Version)
	a.CreatedAt, a.LastModified = a.CreatedAt.UTC(), a.LastModified.UTC()
	return a, err
}

// Filter selects a page of accounts: those of UserID (when set) in Status
// (when set), after the cursor After, at most Limit (0 means DefaultLimit).
type Filter struct {
	UserID *int64
	Status string
	Limit  int
	After  string
}

// Page is one page of a list (reply type accounts.account.page). Next is
// the cursor of the following page, empty on the last one.
type Page = readmodel.Page[Account]

// Limits of a page.
const (
	DefaultLimit = readmodel.DefaultLimit
	MaxLimit     = readmodel.MaxLimit
)

// List returns a page of accounts ordered by account number. A bad limit,
// status or cursor is a failure.Invalid error.
func List(ctx context.Context, q Querier, schema string, f Filter) (Page, error) {
	sql, args, limit, err := listQuery(schema, f)
	if err != nil {
		return Page{}, err
	}
	rows, _ := q.Query(ctx, sql, args...)
	items, err := pgx.CollectRows(rows, scanAccount)
	if err != nil {
		return Page{}, fmt.Errorf("list accounts: %w", err)
	}
	return readmodel.PageOf(items, limit, func(x Account) string { return x.AccountNumber }), nil
}

// listQuery builds the keyset query for f. Conditions are added only when
// set, rather than as "$1 IS NULL OR ...", so that the planner can use the
// index that matches them.
func listQuery(schema string, f Filter) (string, []any, int, error) {
	limit, after, err := readmodel.Bounds(f.Limit, f.After)
	if err != nil {
		return "", nil, 0, err
	}
	where, args := []string{"account_number > $1"}, []any{after}
	if f.UserID != nil {
		args = append(args, *f.UserID)
		where = append(where, fmt.Sprintf("user_id = $%d", len(args)))
	}
	if f.Status != "" {
		if err := checkStatus(f.Status); err != nil {
			return "", nil, 0, err
		}
		args = append(args, f.Status)
		where = append(where, fmt.Sprintf("status = $%d", len(args)))
	}
	// One row more than the page tells whether another page follows.
	args = append(args, limit+1)
	sql := fmt.Sprintf(`SELECT %s FROM %s WHERE %s ORDER BY account_number LIMIT $%d`,
		columns, table(schema), strings.Join(where, " AND "), len(args))
	return sql, args, limit, nil
}

func checkStatus(s string) error {
	if !accounts.Status(s).Known() {
		return failure.Invalidf("unknown status %q", s)
	}
	return nil
}
