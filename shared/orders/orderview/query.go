package orderview

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/eventfn/eventfn/shared/failure"
	"github.com/eventfn/eventfn/shared/orders"
	"github.com/eventfn/eventfn/shared/projection"
	"github.com/eventfn/eventfn/shared/readmodel"
)

// Querier runs read-only SQL: a *pgxpool.Pool, a *pgx.Conn or a pgx.Tx.
type Querier = projection.Querier

// Order is one order as queries show it (reply type orders.order).
type Order struct {
	OrderID   string        `json:"orderId"`
	Customer  string        `json:"customer"`
	Items     []orders.Item `json:"items"`
	CreatedAt time.Time     `json:"createdAt"`
	UpdatedAt time.Time     `json:"updatedAt"`
	Version   int64         `json:"version"`
}

const columns = `order_id, customer, items, created_at, updated_at, version`

// Get returns order id from the read model in schema, or a
// failure.NotFound error, also once the order is deleted.
func Get(ctx context.Context, q Querier, schema, id string) (Order, error) {
	if !readmodel.Storable(id) {
		return Order{}, failure.Invalidf("malformed order id %q", id)
	}
	// pgx reports a failed Query through the rows too, so Collect sees it.
	rows, _ := q.Query(ctx, `SELECT `+columns+` FROM `+table(schema)+` WHERE order_id = $1`, id)
	o, err := pgx.CollectExactlyOneRow(rows, scanOrder)
	if errors.Is(err, pgx.ErrNoRows) {
		return Order{}, failure.NotFoundf("order %s not found", id)
	}
	if err != nil {
		return Order{}, fmt.Errorf("get order %s: %w", id, err)
	}
	return o, nil
}

func scanOrder(row pgx.CollectableRow) (Order, error) {
	var o Order
	err := row.Scan(&o.OrderID, &o.Customer, &o.Items, &o.CreatedAt, &o.UpdatedAt, &o.Version)
	o.CreatedAt, o.UpdatedAt = o.CreatedAt.UTC(), o.UpdatedAt.UTC()
	return o, err
}

// Filter selects a page of orders: those of Customer (when set), after the
// cursor After, at most Limit (0 means DefaultLimit).
type Filter struct {
	Customer string
	Limit    int
	After    string
}

// Page is one page of a list (reply type orders.order.page). Next is the
// cursor of the following page, empty on the last one.
type Page = readmodel.Page[Order]

// Limits of a page.
const (
	DefaultLimit = readmodel.DefaultLimit
	MaxLimit     = readmodel.MaxLimit
)

// List returns a page of orders ordered by order id. A bad limit, customer
// or cursor is a failure.Invalid error.
func List(ctx context.Context, q Querier, schema string, f Filter) (Page, error) {
	sql, args, limit, err := listQuery(schema, f)
	if err != nil {
		return Page{}, err
	}
	rows, _ := q.Query(ctx, sql, args...)
	items, err := pgx.CollectRows(rows, scanOrder)
	if err != nil {
		return Page{}, fmt.Errorf("list orders: %w", err)
	}
	return readmodel.PageOf(items, limit, func(x Order) string { return x.OrderID }), nil
}

// listQuery builds the keyset query for f. The customer condition is added
// only when set, rather than as an OR on an empty parameter, so that the
// planner can use the customer index.
func listQuery(schema string, f Filter) (string, []any, int, error) {
	limit, after, err := readmodel.Bounds(f.Limit, f.After)
	if err != nil {
		return "", nil, 0, err
	}
	if !readmodel.Storable(f.Customer) {
		return "", nil, 0, failure.Invalidf("malformed customer %q", f.Customer)
	}
	where, args := []string{"order_id > $1"}, []any{after}
	if f.Customer != "" {
		args = append(args, f.Customer)
		where = append(where, fmt.Sprintf("customer = $%d", len(args)))
	}
	// One row more than the page tells whether another page follows.
	args = append(args, limit+1)
	sql := fmt.Sprintf(`SELECT %s FROM %s WHERE %s ORDER BY order_id LIMIT $%d`,
		columns, table(schema), strings.Join(where, " AND "), len(args))
	return sql, args, limit, nil
}
