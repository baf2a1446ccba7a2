package cartview

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/eventfn/eventfn/shared/carts"
	"github.com/eventfn/eventfn/shared/failure"
	"github.com/eventfn/eventfn/shared/projection"
	"github.com/eventfn/eventfn/shared/readmodel"
)

// Querier runs read-only SQL: a *pgxpool.Pool, a *pgx.Conn or a pgx.Tx.
type Querier = projection.Querier

// Cart is one user's cart as the query shows it (reply type carts.cart).
type Cart struct {
	UserID  string       `json:"userId"`
	Items   []carts.Item `json:"items"`
	Version int64        `json:"version"`
}

// Get returns the cart of user from the read model in schema, items sorted
// by sku. Every user has a cart: an unknown user's is empty, at version 0.
func Get(ctx context.Context, q Querier, schema, user string) (Cart, error) {
	if !readmodel.Storable(user) {
		return Cart{}, failure.Invalidf("malformed user id %q", user)
	}
	// pgx reports a failed Query through the rows too, so ForEachRow sees it.
	rows, _ := q.Query(ctx, `SELECT c.version, l.sku, l.quantity
FROM `+cartsTable(schema)+` c LEFT JOIN `+linesTable(schema)+` l ON l.user_id = c.user_id
WHERE c.user_id = $1 ORDER BY l.sku`, user)
	cart := Cart{UserID: user, Items: []carts.Item{}}
	var (
		sku      *string
		quantity *int
	)
	_, err := pgx.ForEachRow(rows, []any{&cart.Version, &sku, &quantity}, func() error {
		if sku != nil {
			cart.Items = append(cart.Items, carts.Item{SKU: *sku, Quantity: *quantity})
		}
		return nil
	})
	if err != nil {
		return Cart{}, fmt.Errorf("get cart of user %s: %w", user, err)
	}
	return cart, nil
}
