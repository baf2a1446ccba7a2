// Package wiretest checks decoders of wire data in fuzz tests: whatever
// comes in, a decoder either refuses it as failure.Invalid or returns a
// value that survives a JSON round trip unchanged.
//
//	func FuzzDecodeCommand(f *testing.F) {
//		f.Add(accounts.ConfirmAccount, []byte(`{"accountNumber":"42"}`))
//		f.Fuzz(func(t *testing.T, ceType string, data []byte) {
//			wiretest.RoundTrip(t, accounts.DecodeCommand, ceType, data)
//		})
//	}
//
// ReadsBack checks the other direction of a domain's wire: that DecodeEvent
// reads back every event the domain records.
//
//	wiretest.ReadsBack(t, accounts.DecodeEvent, []accounts.Event{created(), archived()})
package wiretest
