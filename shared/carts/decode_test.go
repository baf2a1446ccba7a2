package carts

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
		{AddItem, `{"userId":"u1","sku":"apple","quantity":2}`, Add{UserID: "u1", SKU: "apple", Quantity: 2}},
		{AddItem, `{"userId":"u1","sku":"apple","quantity":0}`, Add{UserID: "u1", SKU: "apple", Quantity: 0}},
		{UpdateItem, `{"quantity":5,"sku":"apple","userId":"u1"}`, Update{UserID: "u1", SKU: "apple", Quantity: 5}},
		{RemoveItem, `{"userId":"u1","sku":"apple"}`, Remove{UserID: "u1", SKU: "apple"}},
		{CheckoutCart, `{"userId":"u1","orderId":"o1"}`, Checkout{UserID: "u1", OrderID: "o1"}},
	}
	for _, tc := range cases {
		got, err := DecodeCommand(tc.ceType, []byte(tc.data))
		if err != nil {
			t.Fatalf("DecodeCommand(%s): %v", tc.data, err)
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.data, diff)
		}
		if got.CommandType() != tc.ceType || got.AggregateID() != "u1" {
			t.Errorf("%s: type %q, aggregate %q", tc.data, got.CommandType(), got.AggregateID())
		}
	}
}

func TestDecodeCommandRefusesBadDataAsInvalid(t *testing.T) {
	cases := []struct {
		name, ceType, data, message string
	}{
		{"unknown type", "carts.cart.clear", `{"userId":"u1"}`, `unknown command type "carts.cart.clear"`},
		{"unknown field", RemoveItem, `{"userId":"u1","sku":"a","quantity":1}`, `unknown field "quantity"`},
		{"trailing data", RemoveItem, `{"userId":"u1","sku":"a"} 1`, "data has content after its JSON object"},
		{"numeric user id", AddItem, `{"userId":7,"sku":"a","quantity":1}`, "userId must be a string"},
		{"missing user id", AddItem, `{"sku":"a","quantity":1}`, "userId is required"},
		{"missing sku", AddItem, `{"userId":"u1","quantity":1}`, "sku is required"},
		{"empty sku", UpdateItem, `{"userId":"u1","sku":"","quantity":1}`, "sku must not be empty"},
		{"missing quantity", AddItem, `{"userId":"u1","sku":"a"}`, "quantity is required"},
		{"fractional quantity", AddItem, `{"userId":"u1","sku":"a","quantity":1.5}`, "quantity must be an integer"},
		{"quantity as a string", UpdateItem, `{"userId":"u1","sku":"a","quantity":"2"}`, "quantity must be an integer"},
		{"missing order id", CheckoutCart, `{"userId":"u1"}`, "orderId is required"},
		{"order id with a control character", CheckoutCart, `{"userId":"u1","orderId":"o\u00071"}`,
			"orderId contains a control character"},
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
	events := []Event{
		added("apple", 1, 3), Updated{UserID: "u1", SKU: "apple", Quantity: 4}, Removed{UserID: "u1", SKU: "apple"},
		CheckedOut{UserID: "u1", OrderID: "o1", Items: []Item{{"apple", 2}}},
	}
	wiretest.ReadsBack(t, DecodeEvent, events)
}

func TestDecodeEventRefusesUnknownTypesAndBrokenData(t *testing.T) {
	cases := []struct{ eventType, data string }{
		{"carts.cart.cleared", `{"userId":"u1"}`},
		{ItemAdded, `{"userId":"u1","quantity":"x"}`},
		{ItemRemoved, `{}`},
	}
	for _, tc := range cases {
		if _, err := DecodeEvent(tc.eventType, []byte(tc.data)); !errors.Is(err, failure.ErrInvalid) {
			t.Errorf("DecodeEvent(%s, %s) error = %v, want invalid", tc.eventType, tc.data, err)
		}
	}
}

func TestTypeListsNameEveryCommandAndEvent(t *testing.T) {
	if !slices.Equal(CommandTypes(), []string{AddItem, UpdateItem, RemoveItem, CheckoutCart}) ||
		!slices.Equal(EventTypes(), []string{ItemAdded, ItemUpdated, ItemRemoved, CartCheckedOut}) {
		t.Errorf("CommandTypes = %v, EventTypes = %v", CommandTypes(), EventTypes())
	}
}
