package wire_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/eventfn/eventfn/shared/failure"
	"github.com/eventfn/eventfn/shared/wire"
)

// wantInvalid fails t unless err is a failure.Invalid saying message.
func wantInvalid(t *testing.T, err error, message string) {
	t.Helper()
	if !errors.Is(err, failure.ErrInvalid) || failure.Message(err) != message {
		t.Errorf("error = %v, want invalid %q", err, message)
	}
}

func TestReadObjectKeepsEachKnownFieldUndecoded(t *testing.T) {
	f, err := wire.ReadObject([]byte(` {"b": [1, 2], "a": null} `), "a", "b", "c")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for k, v := range f {
		got[k] = string(v)
	}
	if diff := cmp.Diff(map[string]string{"a": "null", "b": "[1, 2]"}, got); diff != "" {
		t.Errorf("fields (-want +got):\n%s", diff)
	}
}

func TestReadObjectRefusesAnythingButOneObjectOfKnownFields(t *testing.T) {
	cases := []struct{ name, data, message string }{
		{"nothing", ``, "data is not a valid JSON object: EOF"},
		{"an array", `[1]`, "data is not a JSON object"},
		{"null", `null`, "data is not a JSON object"},
		{"an unknown field", `{"a":1,"z":2}`, `unknown field "z"`},
		{"a known field in another case", `{"A":1}`, `unknown field "A"`},
		{"a repeated field", `{"a":1,"a":1}`, `field "a" appears twice`},
		{"a second object", `{"a":1}{}`, "data has content after its JSON object"},
		{"an unterminated object", `{"a":1`, "data is not a valid JSON object: EOF"},
		{"a missing value", `{"a":}`, `data is not valid JSON: invalid character '}' looking for beginning of value`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := wire.ReadObject([]byte(tc.data), "a")
			wantInvalid(t, err, tc.message)
		})
	}
}

func TestFieldTreatsNullAsMissingAndNamesTheWantedType(t *testing.T) {
	f, err := wire.ReadObject([]byte(`{"n":7,"s":"x","z":null}`), "n", "s", "z", "m")
	if err != nil {
		t.Fatal(err)
	}
	if n, err := wire.Field[int](f, "n", "an integer"); err != nil || n != 7 {
		t.Errorf("Field(n) = %d, %v; want 7", n, err)
	}
	_, err = wire.Field[int](f, "s", "an integer")
	wantInvalid(t, err, "s must be an integer")
	_, err = wire.Field[string](f, "z", "a string")
	wantInvalid(t, err, "z is required")
	_, err = wire.Field[string](f, "m", "a string")
	wantInvalid(t, err, "m is required")
}

func TestOptionalLeavesTheValueAloneWhenAbsentOrNull(t *testing.T) {
	f, err := wire.ReadObject([]byte(`{"n":7,"z":null,"s":"x"}`), "n", "z", "s", "m")
	if err != nil {
		t.Fatal(err)
	}
	n, z, m := 1, 2, 3
	for _, err := range []error{
		wire.Optional(f, "n", "an integer", &n),
		wire.Optional(f, "z", "an integer", &z),
		wire.Optional(f, "m", "an integer", &m),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	if n != 7 || z != 2 || m != 3 {
		t.Errorf("n, z, m = %d, %d, %d; want 7, 2, 3", n, z, m)
	}
	wantInvalid(t, wire.Optional(f, "s", "an integer", &n), "s must be an integer")
}

func TestIDBoundsIdentifiersInCharactersNotBytes(t *testing.T) {
	longest := strings.Repeat("é", wire.MaxIDLength)
	f, err := wire.ReadObject([]byte(`{"ok":"`+longest+`","long":"`+longest+`x","ctl":"a\tb","num":1}`),
		"ok", "long", "ctl", "num")
	if err != nil {
		t.Fatal(err)
	}
	if id, err := wire.ID(f, "ok"); err != nil || id != longest {
		t.Errorf("ID(ok) = %q, %v", id, err)
	}
	_, err = wire.ID(f, "long")
	wantInvalid(t, err, "long is longer than 128 characters")
	_, err = wire.ID(f, "ctl")
	wantInvalid(t, err, "ctl contains a control character")
	_, err = wire.ID(f, "num")
	wantInvalid(t, err, "num must be a string")
}

func TestCheckTextRefusesEmptyText(t *testing.T) {
	wantInvalid(t, wire.CheckText("reason", "", wire.MaxTextLength), "reason must not be empty")
	if err := wire.CheckText("reason", strings.Repeat("a", wire.MaxTextLength), wire.MaxTextLength); err != nil {
		t.Errorf("CheckText of %d characters: %v", wire.MaxTextLength, err)
	}
}

// FuzzReadObject checks that any input is read or refused as invalid, and
// that what is read holds only known fields; never a panic.
func FuzzReadObject(f *testing.F) {
	for _, s := range []string{`{"a":1}`, `{"a":1,"a":2}`, `{"b":{}}`, `{"a":1} x`, `[`, `{"a"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fields, err := wire.ReadObject(data, "a", "b")
		if err != nil {
			if failure.KindOf(err) != failure.Invalid {
				t.Fatalf("error %v has kind %v, want invalid", err, failure.KindOf(err))
			}
			return
		}
		for k := range fields {
			if k != "a" && k != "b" {
				t.Fatalf("field %q was read", k)
			}
		}
	})
}
