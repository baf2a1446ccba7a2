package orders

import (
	"bytes"
	"encoding/json"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/eventfn/eventfn/shared/failure"
)

// maxIDLength bounds identifiers, which end up in stream names and keys.
const maxIDLength = 128

// maxTextLength bounds free text such as a suspension reason.
const maxTextLength = 1024

// readObject reads data as exactly one JSON object whose keys are all known
// and appear at most once. encoding/json on its own matches keys without
// regard to case and lets a repeated key win silently; command data is read
// strictly instead, so that what was sent is what is decided on.
func readObject(data []byte, known ...string) (map[string]json.RawMessage, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := expectDelim(dec, '{'); err != nil {
		return nil, err
	}
	fields := make(map[string]json.RawMessage, len(known))
	for dec.More() {
		if err := readField(dec, fields, known); err != nil {
			return nil, err
		}
	}
	if err := expectDelim(dec, '}'); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, failure.Invalidf("data has content after its JSON object")
	}
	return fields, nil
}

func readField(dec *json.Decoder, fields map[string]json.RawMessage, known []string) error {
	tok, err := dec.Token()
	if err != nil {
		return failure.Invalidf("data is not valid JSON: %v", err)
	}
	key, _ := tok.(string)
	switch {
	case !contains(known, key):
		return failure.Invalidf("unknown field %q", key)
	case fields[key] != nil:
		return failure.Invalidf("field %q appears twice", key)
	}
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		return failure.Invalidf("data is not valid JSON: %v", err)
	}
	fields[key] = raw
	return nil
}

func expectDelim(dec *json.Decoder, want json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return failure.Invalidf("data is not a valid JSON object: %v", err)
	}
	if tok != want {
		return failure.Invalidf("data is not a JSON object")
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// field decodes the required field name; kind names its JSON type in the
// error. A null counts as missing.
func field[T any](fields map[string]json.RawMessage, name, kind string) (T, error) {
	var v T
	raw, ok := fields[name]
	if !ok || string(raw) == "null" {
		return v, failure.Invalidf("%s is required", name)
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		return v, failure.Invalidf("%s must be %s", name, kind)
	}
	return v, nil
}

// idField decodes the required identifier name.
func idField(fields map[string]json.RawMessage, name string) (string, error) {
	s, err := field[string](fields, name, "a string")
	if err != nil {
		return "", err
	}
	return s, checkText(name, s, maxIDLength)
}

// checkText refuses empty text, text longer than limit characters and
// control characters, which have no business in identifiers or logs.
func checkText(name, s string, limit int) error {
	switch {
	case s == "":
		return failure.Invalidf("%s must not be empty", name)
	case utf8.RuneCountInString(s) > limit:
		return failure.Invalidf("%s is longer than %d characters", name, limit)
	case strings.IndexFunc(s, unicode.IsControl) >= 0:
		return failure.Invalidf("%s contains a control character", name)
	}
	return nil
}

// optional decodes the field name into *v when it is present and not null,
// and leaves *v alone otherwise.
func optional[T any](fields map[string]json.RawMessage, name, kind string, v *T) error {
	if raw, ok := fields[name]; !ok || string(raw) == "null" {
		return nil
	}
	x, err := field[T](fields, name, kind)
	if err != nil {
		return err
	}
	*v = x
	return nil
}
