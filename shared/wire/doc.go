// Package wire reads JSON objects off the wire strictly, for the domain
// packages' decoders of command and query data. It imports only the
// standard library and shared/failure, so domain packages may use it.
//
// encoding/json on its own matches keys without regard to case, lets a
// repeated key win silently and ignores unknown ones; ReadObject refuses all
// three, so that what was sent is exactly what is decided on. Every error is
// a failure.Invalid whose message names the field:
//
//	f, err := wire.ReadObject(data, "accountNumber", "userId", "reason")
//	if err != nil {
//		return nil, err // e.g. `unknown field "extra"`
//	}
//	number, err := wire.ID(f, "accountNumber")             // required, 1–128 characters
//	user, err := wire.Field[int64](f, "userId", "an integer") // "userId must be an integer"
//	var reason string
//	err = wire.Optional(f, "reason", "a string", &reason)     // absent or null: left alone
package wire
