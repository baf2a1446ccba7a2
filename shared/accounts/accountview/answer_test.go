package accountview

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/eventfn/eventfn/shared/accounts"
	"github.com/eventfn/eventfn/shared/failure"
	"github.com/eventfn/eventfn/shared/pgtest"
	"github.com/eventfn/eventfn/shared/readmodel"
)

func TestAnswerRunsEachDecodedQuery(t *testing.T) {
	t.Parallel()
	pool := pgtest.NewDatabase(t)
	h := newHistory(t)
	schema := project(t, pool, h.Record(
		accounts.Created{AccountNumber: "1", UserID: 7},
		accounts.Created{AccountNumber: "2", UserID: 8},
		accounts.Created{AccountNumber: "3", UserID: 7},
	))
	ctx := context.Background()
	cases := []struct {
		ceType, data, replyType string
		want                    any
	}{
		{accounts.GetAccount, `{"accountNumber":"2"}`, accounts.AccountReply,
			Account{AccountNumber: "2", UserID: 8, Status: "ACCOUNT_PENDING", CreatedAt: at(2), LastModified: at(2), Version: 1}},
		{accounts.ListAccounts, `{"userId":7,"limit":1}`, accounts.PageReply, Page{
			Items: []Account{{AccountNumber: "1", UserID: 7, Status: "ACCOUNT_PENDING", CreatedAt: at(1), LastModified: at(1), Version: 1}},
			Next:  readmodel.EncodeCursor("1")}},
	}
	for _, tc := range cases {
		query, err := accounts.DecodeQuery(tc.ceType, []byte(tc.data))
		if err != nil {
			t.Fatal(err)
		}
		replyType, reply, err := Answer(ctx, pool, schema, query)
		if err != nil || replyType != tc.replyType {
			t.Fatalf("Answer(%s) = %q, %v", tc.data, replyType, err)
		}
		if diff := cmp.Diff(tc.want, reply); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.data, diff)
		}
	}
	query, _ := accounts.DecodeQuery(accounts.GetAccount, []byte(`{"accountNumber":"9"}`))
	if _, _, err := Answer(ctx, pool, schema, query); !errors.Is(err, failure.ErrNotFound) {
		t.Errorf("Answer(get 9) error = %v, want not found", err)
	}
}
