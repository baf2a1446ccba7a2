package wiretest

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/eventfn/eventfn/shared/failure"
)

// RoundTrip decodes data of type ceType and fails t unless decode refuses
// it as failure.Invalid, or what it returns encodes to JSON that decodes to
// the same value again: a decoder that accepted something it cannot have
// read faithfully would not.
func RoundTrip[T any](t testing.TB, decode func(ceType string, data []byte) (T, error), ceType string, data []byte) {
	t.Helper()
	v, err := decode(ceType, data)
	if err != nil {
		if failure.KindOf(err) != failure.Invalid {
			t.Fatalf("error %v has kind %v, want invalid", err, failure.KindOf(err))
		}
		return
	}
	encoded, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("encode %#v: %v", v, err)
	}
	again, err := decode(ceType, encoded)
	if err != nil {
		t.Fatalf("decode %s again: %v", encoded, err)
	}
	if diff := cmp.Diff(v, again); diff != "" {
		t.Fatalf("round trip (-first +second):\n%s", diff)
	}
}

// ReadsBack fails t unless decode (a domain's DecodeEvent) reads each of
// events back, unchanged, from the JSON the event store would hold.
func ReadsBack[E interface{ EventType() string }](t testing.TB, decode func(eventType string, data []byte) (E, error), events []E) {
	t.Helper()
	for _, e := range events {
		data, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		got, err := decode(e.EventType(), data)
		if err != nil {
			t.Fatalf("decode %s: %v", e.EventType(), err)
		}
		if diff := cmp.Diff(e, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", e.EventType(), diff)
		}
	}
}
