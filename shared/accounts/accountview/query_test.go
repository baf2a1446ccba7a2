package accountview

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/eventfn/eventfn/shared/accounts"
	"github.com/eventfn/eventfn/shared/failure"
	"github.com/eventfn/eventfn/shared/pgtest"
	"github.com/eventfn/eventfn/shared/readmodel/readmodeltest"
)

// listAll follows Next from the first page to the last.
func listAll(t *testing.T, pool *pgxpool.Pool, schema string, f Filter) []Account {
	t.Helper()
	return readmodeltest.All(t, f.Limit, func(after string) (Page, error) {
		f.After = after
		return List(context.Background(), pool, schema, f)
	})
}

func TestGetOfAnUnknownAccountIsNotFound(t *testing.T) {
	t.Parallel()
	pool := pgtest.NewDatabase(t)
	schema := project(t, pool, newHistory(t).Record(accounts.Created{AccountNumber: "1", UserID: 7}))
	_, err := Get(context.Background(), pool, schema, "2")
	if !errors.Is(err, failure.ErrNotFound) || failure.Message(err) != "account 2 not found" {
		t.Fatalf("Get(2) error = %v, want not found", err)
	}
}

func TestGetOfANumberNoAccountCanHaveIsInvalid(t *testing.T) {
	t.Parallel()
	pool := pgtest.NewDatabase(t)
	schema := project(t, pool, newHistory(t).Record(accounts.Created{AccountNumber: "1", UserID: 7}))
	_, err := Get(context.Background(), pool, schema, "1\x00")
	if !errors.Is(err, failure.ErrInvalid) {
		t.Fatalf("Get(1\\x00) error = %v, want invalid", err)
	}
}

func TestListPagesThroughEveryMatchingAccountExactlyOnce(t *testing.T) {
	t.Parallel()
	pool := pgtest.NewDatabase(t)
	h, states := randomLog(t, 75, 2)
	schema := project(t, pool, h.Events)
	user := int64(3)
	filters := []Filter{
		{}, {Limit: 1}, {Limit: 7}, {Limit: 75}, {Limit: 74},
		{UserID: &user, Limit: 4},
		{Status: string(accounts.StatusActive), Limit: 3},
		{UserID: &user, Status: string(accounts.StatusPending), Limit: 2},
	}
	for _, f := range filters {
		var want []string
		for number, s := range states {
			if (f.UserID == nil || s.UserID == *f.UserID) && (f.Status == "" || string(s.Status) == f.Status) {
				want = append(want, number)
			}
		}
		slices.Sort(want)
		var got []string
		for _, a := range listAll(t, pool, schema, f) {
			got = append(got, a.AccountNumber)
		}
		if len(want) == 0 {
			t.Fatalf("filter %+v matches nothing; the test proves nothing", f)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("filter %+v (-want +got):\n%s", f, diff)
		}
	}
}

func TestTheLastPageHasNoNextCursor(t *testing.T) {
	t.Parallel()
	pool := pgtest.NewDatabase(t)
	h := newHistory(t)
	schema := project(t, pool, h.Record(
		accounts.Created{AccountNumber: "1", UserID: 7}, accounts.Created{AccountNumber: "2", UserID: 7}))
	ctx := context.Background()
	full, err := List(ctx, pool, schema, Filter{Limit: 2})
	if err != nil || len(full.Items) != 2 || full.Next != "" {
		t.Fatalf("List(limit 2) = %+v, %v; want both accounts and no next", full, err)
	}
	empty, err := List(ctx, pool, schema, Filter{Status: string(accounts.StatusArchived)})
	if err != nil {
		t.Fatal(err)
	}
	data, _ := json.Marshal(empty)
	if string(data) != `{"items":[]}` {
		t.Errorf("empty page = %s, want {\"items\":[]}", data)
	}
}

func TestListRefusesBadLimitsStatusesAndCursors(t *testing.T) {
	t.Parallel()
	pool := pgtest.NewDatabase(t)
	schema := project(t, pool, newHistory(t).Record(accounts.Created{AccountNumber: "1", UserID: 7}))
	cases := []struct {
		name string
		f    Filter
		msg  string
	}{
		{"negative limit", Filter{Limit: -1}, "limit -1 is outside 1..500"},
		{"limit too high", Filter{Limit: 501}, "limit 501 is outside 1..500"},
		{"unknown status", Filter{Status: "ACTIVE"}, `unknown status "ACTIVE"`},
		{"cursor not base64", Filter{After: "!!"}, `malformed cursor "!!"`},
		{"cursor of invalid text", Filter{After: base64.RawURLEncoding.EncodeToString([]byte{0xff})},
			`malformed cursor "_w"`},
		{"cursor with a NUL", Filter{After: base64.RawURLEncoding.EncodeToString([]byte("a\x00"))},
			`malformed cursor "YQA"`},
	}
	for _, tc := range cases {
		_, err := List(context.Background(), pool, schema, tc.f)
		if !errors.Is(err, failure.ErrInvalid) || failure.Message(err) != tc.msg {
			t.Errorf("%s: List error = %v, want invalid %q", tc.name, err, tc.msg)
		}
	}
}

func TestAccountJSONUsesTheContractsNames(t *testing.T) {
	a := Account{AccountNumber: "1", UserID: 7, DefaultAccount: true, Status: "ACCOUNT_ACTIVE",
		CreatedAt: at(1), LastModified: at(2), Version: 3}
	data, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"accountNumber":"1","userId":7,"defaultAccount":true,"status":"ACCOUNT_ACTIVE",` +
		`"createdAt":"2026-01-02T03:05:05Z","lastModified":"2026-01-02T03:06:05Z","version":3}`
	if string(data) != want {
		t.Errorf("JSON = %s\nwant   %s", data, want)
	}
}
