package wiretest_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/eventfn/eventfn/shared/failure"
	"github.com/eventfn/eventfn/shared/wire"
	"github.com/eventfn/eventfn/shared/wire/wiretest"
)

type note struct {
	Text string `json:"text"`
}

func decodeNote(ceType string, data []byte) (note, error) {
	if ceType != "test.note" {
		return note{}, failure.Invalidf("unknown type %q", ceType)
	}
	f, err := wire.ReadObject(data, "text")
	if err != nil {
		return note{}, err
	}
	text, err := wire.ID(f, "text")
	return note{Text: text}, err
}

// recorder is a testing.TB that records a failure instead of failing the
// test, so that the helpers' refusals can be checked.
type recorder struct {
	testing.TB
	failed bool
}

func (r *recorder) Helper() {}

func (r *recorder) Fatal(...any) { r.failed = true }

func (r *recorder) Fatalf(string, ...any) { r.failed = true }

func (r *recorder) Errorf(string, ...any) { r.failed = true }

func TestRoundTripAcceptsAFaithfulDecoderAndItsRefusals(t *testing.T) {
	for _, data := range []string{`{"text":"hi"}`, `{"text":1}`, `[]`} {
		r := &recorder{TB: t}
		wiretest.RoundTrip(r, decodeNote, "test.note", []byte(data))
		if r.failed {
			t.Errorf("RoundTrip of %s failed", data)
		}
	}
}

func TestRoundTripFailsADecoderThatLosesWhatItAccepted(t *testing.T) {
	lossy := func(ceType string, data []byte) (json.RawMessage, error) {
		if len(data) > 3 {
			return nil, failure.Invalidf("too long")
		}
		return json.RawMessage(`"` + string(data) + `"`), nil
	}
	r := &recorder{TB: t}
	wiretest.RoundTrip(r, lossy, "", []byte("ab"))
	if !r.failed {
		t.Error("RoundTrip passed a decoder whose output does not decode again")
	}
}

func TestRoundTripFailsAnErrorThatIsNotInvalid(t *testing.T) {
	broken := func(string, []byte) (note, error) { return note{}, errors.New("down") }
	r := &recorder{TB: t}
	wiretest.RoundTrip(r, broken, "test.note", []byte(`{}`))
	if !r.failed {
		t.Error("RoundTrip passed an unclassified error")
	}
}

type said struct {
	Words string `json:"words"`
}

func (said) EventType() string { return "test.said" }

func TestReadsBackPassesADecoderOfWhatWasRecordedAndFailsALossyOne(t *testing.T) {
	faithful := func(_ string, data []byte) (said, error) {
		var s said
		return s, json.Unmarshal(data, &s)
	}
	r := &recorder{TB: t}
	wiretest.ReadsBack(r, faithful, []said{{"hi"}, {""}})
	if r.failed {
		t.Error("ReadsBack failed a faithful decoder")
	}
	lossy := func(string, []byte) (said, error) { return said{"?"}, nil }
	r = &recorder{TB: t}
	wiretest.ReadsBack(r, lossy, []said{{"hi"}})
	if !r.failed {
		t.Error("ReadsBack passed a decoder that changes what it reads")
	}
}
