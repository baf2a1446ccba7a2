package wire

import (
	"bytes"
	"encoding/json"
	"io"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/eventfn/eventfn/shared/failure"
)

// MaxIDLength bounds identifiers, which end up in stream names and keys.
const MaxIDLength = 128

// MaxTextLength bounds free text such as a suspension reason.
const MaxTextLength = 1024

// Object is the fields of one JSON object, by name, each still undecoded.
// A field sent as null is present, holding the text null.
type Object map[string]json.RawMessage

// ReadObject reads data as exactly one JSON object whose keys are all known
// and appear at most once, with nothing after it.
func ReadObject(data []byte, known ...string) (Object, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := expectDelim(dec, '{'); err != nil {
		return nil, err
	}
	fields := make(Object, len(known))
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

func readField(dec *json.Decoder, fields Object, known []string) error {
	tok, err := dec.Token()
	if err != nil {
		return failure.Invalidf("data is not valid JSON: %v", err)
	}
	key, _ := tok.(string)
	switch {
	case !slices.Contains(known, key):
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

// Field decodes the required field name of f; kind names its JSON type in
// the error ("a string", "an integer"). A null counts as missing.
func Field[T any](f Object, name, kind string) (T, error) {
	var v T
	raw, ok := f[name]
	if !ok || string(raw) == "null" {
		return v, failure.Invalidf("%s is required", name)
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		return v, failure.Invalidf("%s must be %s", name, kind)
	}
	return v, nil
}

// Optional decodes the field name of f into *v when it is present and not
// null, and leaves *v alone otherwise.
func Optional[T any](f Object, name, kind string, v *T) error {
	if raw, ok := f[name]; !ok || string(raw) == "null" {
		return nil
	}
	x, err := Field[T](f, name, kind)
	if err != nil {
		return err
	}
	*v = x
	return nil
}

// ID decodes the required identifier name of f: a string that CheckText
// accepts with the limit MaxIDLength.
func ID(f Object, name string) (string, error) {
	s, err := Field[string](f, name, "a string")
	if err != nil {
		return "", err
	}
	return s, CheckText(name, s, MaxIDLength)
}

// CheckText refuses empty text, text longer than limit characters and
// control characters, which have no business in identifiers or logs.
func CheckText(name, s string, limit int) error {
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
