package accounts

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/eventfn/eventfn/shared/failure"
	"github.com/eventfn/eventfn/shared/wire/wiretest"
)

func TestDecodeQueryReadsBothQueries(t *testing.T) {
	user := int64(7)
	cases := []struct {
		ceType, data string
		want         Query
	}{
		{GetAccount, `{"accountNumber":"42"}`, GetQuery{AccountNumber: "42"}},
		{ListAccounts, `{}`, ListQuery{}},
		{ListAccounts, `{"userId":null,"status":null,"limit":null,"after":null}`, ListQuery{}},
		{ListAccounts, `{"userId":7,"status":"ACCOUNT_ACTIVE","limit":20,"after":"NDI"}`,
			ListQuery{UserID: &user, Status: StatusActive, Limit: 20, After: "NDI"}},
	}
	for _, tc := range cases {
		got, err := DecodeQuery(tc.ceType, []byte(tc.data))
		if err != nil {
			t.Fatalf("DecodeQuery(%s): %v", tc.data, err)
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.data, diff)
		}
		if got.QueryType() != tc.ceType {
			t.Errorf("%s: QueryType = %q", tc.data, got.QueryType())
		}
	}
}

func TestDecodeQueryRefusesBadDataAsInvalid(t *testing.T) {
	cases := []struct{ name, ceType, data, message string }{
		{"unknown type", "accounts.account.find", `{}`, `unknown query type "accounts.account.find"`},
		{"get without a number", GetAccount, `{}`, "accountNumber is required"},
		{"get with an unknown field", GetAccount, `{"accountNumber":"1","x":1}`, `unknown field "x"`},
		{"user id as a string", ListAccounts, `{"userId":"7"}`, "userId must be an integer"},
		{"zero user id", ListAccounts, `{"userId":0}`, "userId must be a positive integer"},
		{"unknown status", ListAccounts, `{"status":"ACTIVE"}`, `unknown status "ACTIVE"`},
		{"zero limit", ListAccounts, `{"limit":0}`, "limit must be at least 1"},
		{"fractional limit", ListAccounts, `{"limit":2.5}`, "limit must be an integer"},
		{"numeric cursor", ListAccounts, `{"after":5}`, "after must be a string"},
		{"trailing data", ListAccounts, `{}{}`, "data has content after its JSON object"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			q, err := DecodeQuery(tc.ceType, []byte(tc.data))
			if !errors.Is(err, failure.ErrInvalid) || failure.Message(err) != tc.message {
				t.Fatalf("DecodeQuery = %v, %v; want invalid %q", q, err, tc.message)
			}
		})
	}
}

func FuzzDecodeQuery(f *testing.F) {
	f.Add(GetAccount, []byte(`{"accountNumber":"42"}`))
	f.Add(ListAccounts, []byte(`{"userId":7,"status":"ACCOUNT_ACTIVE","limit":20,"after":"NDI"}`))
	f.Add(ListAccounts, []byte(`{"limit":null,"after":""}`))
	f.Fuzz(func(t *testing.T, ceType string, data []byte) {
		wiretest.RoundTrip(t, DecodeQuery, ceType, data)
	})
}
