package accounts

import (
	"testing"

	"github.com/eventfn/eventfn/shared/wire/wiretest"
)

// FuzzDecodeCommand checks that any input either decodes to a command that
// survives a JSON round trip unchanged, or fails as invalid; never panics.
func FuzzDecodeCommand(f *testing.F) {
	seeds := []struct{ ceType, data string }{
		{CreateAccount, `{"accountNumber":"42","userId":7,"defaultAccount":true}`},
		{CreateAccount, `{"accountNumber":"42","userId":"7","defaultAccount":true}`},
		{ConfirmAccount, `{"accountNumber":"42"}`},
		{ActivateAccount, `{"accountNumber":"\u00e9"}`},
		{SuspendAccount, `{"accountNumber":"42","reason":"fraud"}`},
		{ArchiveAccount, `{"accountNumber":"42"}{}`},
		{ArchiveAccount, `{"accountNumber":"42","accountNumber":"42"}`},
		{"accounts.account.unknown", `{}`},
	}
	for _, s := range seeds {
		f.Add(s.ceType, []byte(s.data))
	}
	f.Fuzz(func(t *testing.T, ceType string, data []byte) {
		wiretest.RoundTrip(t, DecodeCommand, ceType, data)
	})
}
