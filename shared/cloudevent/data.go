package cloudevent

import (
	"mime"

	"github.com/cloudevents/sdk-go/v2/event"

	"github.com/eventfn/eventfn/shared/failure"
)

// MaxDataBytes bounds the data of an incoming event. The SDK has read the
// body by the time a handler runs, so this bounds what eventfn decodes,
// stores and replays, not what the HTTP server reads.
const MaxDataBytes = 1 << 20

// Data returns the JSON data of e, refusing events over MaxDataBytes and
// data that is not declared as JSON. An event without data yields "{}" so
// that commands and queries without fields decode uniformly.
func Data(e event.Event) ([]byte, error) {
	data := e.Data()
	if len(data) > MaxDataBytes {
		return nil, errTooLarge
	}
	if err := checkJSONContentType(e.DataContentType()); err != nil {
		return nil, err
	}
	if len(data) == 0 {
		return []byte("{}"), nil
	}
	return data, nil
}

func checkJSONContentType(ct string) error {
	if ct == "" {
		return nil
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return failure.Invalidf("malformed datacontenttype %q", ct)
	}
	if mt == "application/json" || mt == "text/json" || len(mt) > 5 && mt[len(mt)-5:] == "+json" {
		return nil
	}
	return failure.Invalidf("datacontenttype %q is not JSON", ct)
}
