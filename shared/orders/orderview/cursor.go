package orderview

import (
	"encoding/base64"
	"strings"
	"unicode/utf8"

	"github.com/eventfn/eventfn/shared/failure"
)

// A cursor is the last key of a page, base64url-encoded: opaque to
// clients, who only hand it back.
func encodeCursor(key string) string { return base64.RawURLEncoding.EncodeToString([]byte(key)) }

// decodeCursor reads a cursor; "" is the start. A key PostgreSQL could not
// compare as text (invalid UTF-8, NUL) cannot come from encodeCursor.
func decodeCursor(c string) (string, error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	key := string(b)
	if err != nil || (c != "" && key == "") || !storable(key) {
		return "", failure.Invalidf("malformed cursor %q", c)
	}
	return key, nil
}

// storable reports whether PostgreSQL can take s as text: a key that is not
// could never have been stored, and would make the query fail.
func storable(s string) bool { return utf8.ValidString(s) && !strings.ContainsRune(s, 0) }

// pageBounds checks a requested limit (0 means DefaultLimit) and cursor.
func pageBounds(limit int, after string) (int, string, error) {
	if limit == 0 {
		limit = DefaultLimit
	}
	if limit < 1 || limit > MaxLimit {
		return 0, "", failure.Invalidf("limit %d is outside 1..%d", limit, MaxLimit)
	}
	key, err := decodeCursor(after)
	return limit, key, err
}
