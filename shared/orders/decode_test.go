package orders

import (
	"errors"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/eventfn/eventfn/shared/failure"
	"github.com/eventfn/eventfn/shared/wire/wiretest"
)

func TestDecodeCommandReadsEveryCommandOfTheContract(t *testing.T) {
	cases := []struct {
		ceType, data string
		want         Command
	}{
		{CreateOrder, `{"orderId":"o1","customer":"ann","items":[{"sku":"apple","quantity":2}]}`,
			Create{OrderID: "o1", Customer: "ann", Items: items("apple", 2)}},
		{CreateOrder, `{"orderId":"o1","customer":"ann","items":[]}`,
			Create{OrderID: "o1", Customer: "ann", Items: []Item{}}},
		{UpdateOrder, `{"orderId":"o1","customer":"bob"}`, Update{OrderID: "o1", Customer: ptr("bob")}},
		{UpdateOrder, `{"orderId":"o1","items":[{"quantity":1,"sku":"fig"}]}`,
			Update{OrderID: "o1", Items: items("fig", 1)}},
		{UpdateOrder, `{"orderId":"o1","items":[]}`, Update{OrderID: "o1", Items: []Item{}}},
		{DeleteOrder, `{"orderId":"o1"}`, Delete{OrderID: "o1"}},
	}
	for _, tc := range cases {
		got, err := DecodeCommand(tc.ceType, []byte(tc.data))
		if err != nil {
			t.Fatalf("DecodeCommand(%s): %v", tc.data, err)
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.data, diff)
		}
	}
}

func TestDecodeCommandRefusesBadDataAsInvalid(t *testing.T) {
	cases := []struct {
		name, ceType, data, message string
	}{
		{"unknown type", "orders.order.cancel", `{"orderId":"o1"}`, `unknown command type "orders.order.cancel"`},
		{"unknown field", DeleteOrder, `{"orderId":"o1","why":"x"}`, `unknown field "why"`},
		{"trailing data", DeleteOrder, `{"orderId":"o1"}[]`, "data has content after its JSON object"},
		{"missing id", DeleteOrder, `{}`, "orderId is required"},
		{"numeric id", DeleteOrder, `{"orderId":1}`, "orderId must be a string"},
		{"missing customer", CreateOrder, `{"orderId":"o1","items":[{"sku":"a","quantity":1}]}`,
			"customer is required"},
		{"empty customer", CreateOrder, `{"orderId":"o1","customer":"","items":[{"sku":"a","quantity":1}]}`,
			"customer must not be empty"},
		{"missing items", CreateOrder, `{"orderId":"o1","customer":"ann"}`, "items is required"},
		{"null items", CreateOrder, `{"orderId":"o1","customer":"ann","items":null}`, "items is required"},
		{"items not an array", CreateOrder, `{"orderId":"o1","customer":"ann","items":{}}`, "items must be an array"},
		{"item not an object", CreateOrder, `{"orderId":"o1","customer":"ann","items":["a"]}`,
			"items[0]: data is not a JSON object"},
		{"item with unknown field", CreateOrder,
			`{"orderId":"o1","customer":"ann","items":[{"sku":"a","quantity":1,"price":3}]}`,
			`items[0]: unknown field "price"`},
		{"item without sku", CreateOrder, `{"orderId":"o1","customer":"ann","items":[{"quantity":1}]}`,
			"items[0]: sku is required"},
		{"item without quantity", CreateOrder, `{"orderId":"o1","customer":"ann","items":[{"sku":"a"}]}`,
			"items[0]: quantity is required"},
		{"zero quantity", CreateOrder,
			`{"orderId":"o1","customer":"ann","items":[{"sku":"a","quantity":1},{"sku":"b","quantity":0}]}`,
			"items[1]: quantity must be from 1 to 1000000"},
		{"huge quantity", CreateOrder, `{"orderId":"o1","customer":"ann","items":[{"sku":"a","quantity":1000001}]}`,
			"items[0]: quantity must be from 1 to 1000000"},
		{"quantity as a string", CreateOrder, `{"orderId":"o1","customer":"ann","items":[{"sku":"a","quantity":"1"}]}`,
			"items[0]: quantity must be an integer"},
		{"duplicate sku", CreateOrder,
			`{"orderId":"o1","customer":"ann","items":[{"sku":"a","quantity":1},{"sku":"a","quantity":2}]}`,
			`items[1]: sku "a" is listed twice`},
		{"update of nothing", UpdateOrder, `{"orderId":"o1"}`, "an update needs customer, items or both"},
		{"update to a null customer", UpdateOrder, `{"orderId":"o1","customer":null}`, "customer is required"},
		{"update to an empty customer", UpdateOrder, `{"orderId":"o1","customer":""}`, "customer must not be empty"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cmd, err := DecodeCommand(tc.ceType, []byte(tc.data))
			if !errors.Is(err, failure.ErrInvalid) || failure.Message(err) != tc.message {
				t.Fatalf("DecodeCommand = %v, %v; want invalid %q", cmd, err, tc.message)
			}
		})
	}
}

func TestDecodeEventReadsWhatTheDomainRecorded(t *testing.T) {
	events := []Event{placed(), Updated{OrderID: "o1", Customer: "bob", Items: items("fig", 1)}, Deleted{OrderID: "o1"}}
	wiretest.ReadsBack(t, DecodeEvent, events)
}

func TestDecodeEventRefusesUnknownTypesAndBrokenData(t *testing.T) {
	cases := []struct{ eventType, data string }{
		{"orders.order.cancelled", `{"orderId":"o1"}`},
		{OrderCreated, `{"orderId":"o1","items":{}}`},
		{OrderDeleted, `{}`},
	}
	for _, tc := range cases {
		if _, err := DecodeEvent(tc.eventType, []byte(tc.data)); !errors.Is(err, failure.ErrInvalid) {
			t.Errorf("DecodeEvent(%s, %s) error = %v, want invalid", tc.eventType, tc.data, err)
		}
	}
}

func TestTypeListsNameEveryCommandAndEvent(t *testing.T) {
	if !slices.Equal(CommandTypes(), []string{CreateOrder, UpdateOrder, DeleteOrder}) ||
		!slices.Equal(EventTypes(), []string{OrderCreated, OrderUpdated, OrderDeleted}) {
		t.Errorf("CommandTypes = %v, EventTypes = %v", CommandTypes(), EventTypes())
	}
}
