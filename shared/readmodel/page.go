package readmodel

import (
	"encoding/base64"
	"strings"
	"unicode/utf8"

	"github.com/eventfn/eventfn/shared/failure"
)

// Limits of a page.
const (
	DefaultLimit = 50
	MaxLimit     = 500
)

// Page is one page of a list, as a query replies with it. Next is the
// cursor of the following page, empty (and left out of the JSON) on the
// last one.
type Page[T any] struct {
	Items []T    `json:"items"`
	Next  string `json:"next,omitempty"`
}

// PageOf makes a page of at most limit items out of rows, which a query
// fetched with LIMIT limit+1: a row beyond limit means another page
// follows, after the key of the last item kept. Items is never nil, so an
// empty page reads {"items":[]}.
func PageOf[T any](rows []T, limit int, key func(T) string) Page[T] {
	if rows == nil {
		rows = []T{}
	}
	if len(rows) <= limit {
		return Page[T]{Items: rows}
	}
	rows = rows[:limit]
	return Page[T]{Items: rows, Next: EncodeCursor(key(rows[limit-1]))}
}

// Bounds checks a requested limit (0 means DefaultLimit) and cursor, and
// returns the limit and the key to list after ("" for the first page).
func Bounds(limit int, after string) (int, string, error) {
	if limit == 0 {
		limit = DefaultLimit
	}
	if limit < 1 || limit > MaxLimit {
		return 0, "", failure.Invalidf("limit %d is outside 1..%d", limit, MaxLimit)
	}
	key, err := DecodeCursor(after)
	return limit, key, err
}

// EncodeCursor is the cursor of the page after key.
func EncodeCursor(key string) string { return base64.RawURLEncoding.EncodeToString([]byte(key)) }

// DecodeCursor reads a cursor; "" is the start. A key PostgreSQL could not
// compare as text (invalid UTF-8, NUL) cannot come from EncodeCursor, so it
// is refused as failure.Invalid like any other malformed cursor.
func DecodeCursor(c string) (string, error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	key := string(b)
	if err != nil || (c != "" && key == "") || !Storable(key) {
		return "", failure.Invalidf("malformed cursor %q", c)
	}
	return key, nil
}

// Storable reports whether PostgreSQL can take s as text: a key that is not
// could never have been stored, and would make the query fail rather than
// find nothing.
func Storable(s string) bool { return utf8.ValidString(s) && !strings.ContainsRune(s, 0) }
