package readmodel_test

import (
	"encoding/json"
	"errors"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/eventfn/eventfn/shared/failure"
	"github.com/eventfn/eventfn/shared/readmodel"
)

func itself(s string) string { return s }

func TestPageOfCutsTheRowBeyondTheLimitAndPointsPastTheLastItem(t *testing.T) {
	p := readmodel.PageOf([]string{"a", "b", "c"}, 2, itself)
	want := readmodel.Page[string]{Items: []string{"a", "b"}, Next: readmodel.EncodeCursor("b")}
	if diff := cmp.Diff(want, p); diff != "" {
		t.Errorf("page (-want +got):\n%s", diff)
	}
	if last := readmodel.PageOf([]string{"a", "b"}, 2, itself); last.Next != "" || len(last.Items) != 2 {
		t.Errorf("a page of exactly the limit = %+v, want both items and no next", last)
	}
}

func TestAnEmptyPageListsNoItemsRatherThanNull(t *testing.T) {
	data, err := json.Marshal(readmodel.PageOf[string](nil, 5, itself))
	if err != nil || string(data) != `{"items":[]}` {
		t.Errorf("empty page = %s, %v; want {\"items\":[]}", data, err)
	}
}

func TestBoundsDefaultsTheLimitAndDecodesTheCursor(t *testing.T) {
	limit, key, err := readmodel.Bounds(0, "")
	if err != nil || limit != readmodel.DefaultLimit || key != "" {
		t.Errorf("Bounds(0, \"\") = %d, %q, %v", limit, key, err)
	}
	limit, key, err = readmodel.Bounds(readmodel.MaxLimit, readmodel.EncodeCursor("o-17"))
	if err != nil || limit != readmodel.MaxLimit || key != "o-17" {
		t.Errorf("Bounds(max, cursor) = %d, %q, %v", limit, key, err)
	}
}

func TestBoundsRefusesLimitsOutOfRangeAndMalformedCursors(t *testing.T) {
	cases := []struct {
		limit   int
		after   string
		message string
	}{
		{-1, "", "limit -1 is outside 1..500"},
		{501, "", "limit 501 is outside 1..500"},
		{1, "!!", `malformed cursor "!!"`},
		{1, "YQ==", `malformed cursor "YQ=="`}, // padded: not the encoding EncodeCursor uses
		{1, readmodel.EncodeCursor("\xff"), `malformed cursor "_w"`},
		{1, readmodel.EncodeCursor("a\x00"), `malformed cursor "YQA"`},
	}
	for _, tc := range cases {
		_, _, err := readmodel.Bounds(tc.limit, tc.after)
		if !errors.Is(err, failure.ErrInvalid) || failure.Message(err) != tc.message {
			t.Errorf("Bounds(%d, %q) error = %v, want invalid %q", tc.limit, tc.after, err, tc.message)
		}
	}
}

// FuzzCursor checks that every storable key survives a round trip, and
// that DecodeCursor either returns a storable key or refuses as invalid.
func FuzzCursor(f *testing.F) {
	for _, s := range []string{"", "42", "é", "a\x00", "\xff", "!!"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if readmodel.Storable(s) {
			if key, err := readmodel.DecodeCursor(readmodel.EncodeCursor(s)); err != nil || key != s {
				t.Fatalf("round trip of %s = %q, %v", strconv.Quote(s), key, err)
			}
		}
		key, err := readmodel.DecodeCursor(s)
		if err != nil && failure.KindOf(err) != failure.Invalid {
			t.Fatalf("DecodeCursor(%q) error %v is not invalid", s, err)
		}
		if err == nil && !readmodel.Storable(key) {
			t.Fatalf("DecodeCursor(%q) = %q, which PostgreSQL cannot store", s, key)
		}
	})
}
