package accounts

import (
	"errors"
	"slices"
	"strings"
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
		{CreateAccount, `{"accountNumber":"42","userId":7,"defaultAccount":true}`,
			Create{AccountNumber: "42", UserID: 7, DefaultAccount: true}},
		{ConfirmAccount, `{"accountNumber":"42"}`, Confirm{AccountNumber: "42"}},
		{ActivateAccount, ` {"accountNumber":"42"} `, Activate{AccountNumber: "42"}},
		{SuspendAccount, `{"reason":"fraud check","accountNumber":"42"}`,
			Suspend{AccountNumber: "42", Reason: "fraud check"}},
		{ArchiveAccount, `{"accountNumber":"42"}`, Archive{AccountNumber: "42"}},
	}
	for _, tc := range cases {
		got, err := DecodeCommand(tc.ceType, []byte(tc.data))
		if err != nil {
			t.Fatalf("DecodeCommand(%s): %v", tc.ceType, err)
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.ceType, diff)
		}
		if got.CommandType() != tc.ceType || got.AggregateID() != "42" {
			t.Errorf("%s: type %q, aggregate %q", tc.ceType, got.CommandType(), got.AggregateID())
		}
	}
}

func TestDecodeCommandRefusesBadDataAsInvalid(t *testing.T) {
	cases := []struct {
		name, ceType, data, message string
	}{
		{"unknown type", "accounts.account.delete", `{"accountNumber":"42"}`,
			`unknown command type "accounts.account.delete"`},
		{"empty body", ConfirmAccount, ``, "data is not a valid JSON object: EOF"},
		{"not an object", ConfirmAccount, `["42"]`, "data is not a JSON object"},
		{"null body", ConfirmAccount, `null`, "data is not a JSON object"},
		{"unknown field", ConfirmAccount, `{"accountNumber":"42","extra":1}`, `unknown field "extra"`},
		{"field in the wrong case", ConfirmAccount, `{"AccountNumber":"42"}`, `unknown field "AccountNumber"`},
		{"repeated field", ConfirmAccount, `{"accountNumber":"42","accountNumber":"43"}`,
			`field "accountNumber" appears twice`},
		{"trailing data", ConfirmAccount, `{"accountNumber":"42"} {}`, "data has content after its JSON object"},
		{"trailing garbage", ConfirmAccount, `{"accountNumber":"42"}x`, "data has content after its JSON object"},
		{"missing number", ConfirmAccount, `{}`, "accountNumber is required"},
		{"null number", ConfirmAccount, `{"accountNumber":null}`, "accountNumber is required"},
		{"numeric number", ConfirmAccount, `{"accountNumber":42}`, "accountNumber must be a string"},
		{"empty number", ConfirmAccount, `{"accountNumber":""}`, "accountNumber must not be empty"},
		{"overlong number", ConfirmAccount, `{"accountNumber":"` + strings.Repeat("9", 129) + `"}`,
			"accountNumber is longer than 128 characters"},
		{"control character", ConfirmAccount, `{"accountNumber":"4\n2"}`, "accountNumber contains a control character"},
		{"user id as a string", CreateAccount, `{"accountNumber":"42","userId":"7","defaultAccount":false}`,
			"userId must be an integer"},
		{"fractional user id", CreateAccount, `{"accountNumber":"42","userId":7.5,"defaultAccount":false}`,
			"userId must be an integer"},
		{"zero user id", CreateAccount, `{"accountNumber":"42","userId":0,"defaultAccount":false}`,
			"userId must be a positive integer"},
		{"missing user id", CreateAccount, `{"accountNumber":"42","defaultAccount":false}`, "userId is required"},
		{"missing default flag", CreateAccount, `{"accountNumber":"42","userId":7}`, "defaultAccount is required"},
		{"default flag as a string", CreateAccount, `{"accountNumber":"42","userId":7,"defaultAccount":"true"}`,
			"defaultAccount must be a boolean"},
		{"missing reason", SuspendAccount, `{"accountNumber":"42"}`, "reason is required"},
		{"empty reason", SuspendAccount, `{"accountNumber":"42","reason":""}`, "reason must not be empty"},
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
	events := []Event{created(), confirmed(), activated(), suspended(), archived()}
	wiretest.ReadsBack(t, DecodeEvent, events)
}

func TestDecodeEventRefusesUnknownTypesAndBrokenData(t *testing.T) {
	cases := []struct{ eventType, data string }{
		{"accounts.account.deleted", `{"accountNumber":"42"}`},
		{AccountCreated, `{"accountNumber":"42","userId":"7"}`},
		{AccountConfirmed, `{}`},
		{AccountArchived, `not json`},
	}
	for _, tc := range cases {
		if _, err := DecodeEvent(tc.eventType, []byte(tc.data)); !errors.Is(err, failure.ErrInvalid) {
			t.Errorf("DecodeEvent(%s, %s) error = %v, want invalid", tc.eventType, tc.data, err)
		}
	}
}

func TestTypeListsNameEveryCommandAndEvent(t *testing.T) {
	wantCommands := []string{CreateAccount, ConfirmAccount, ActivateAccount, SuspendAccount, ArchiveAccount}
	wantEvents := []string{AccountCreated, AccountConfirmed, AccountActivated, AccountSuspended, AccountArchived}
	if !slices.Equal(CommandTypes(), wantCommands) || !slices.Equal(EventTypes(), wantEvents) {
		t.Errorf("CommandTypes = %v, EventTypes = %v", CommandTypes(), EventTypes())
	}
	CommandTypes()[0] = "changed"
	if CommandTypes()[0] != CreateAccount {
		t.Error("CommandTypes shares its slice with callers")
	}
}
