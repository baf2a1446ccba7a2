package accounts

import (
	"encoding/json"
	"fmt"

	"github.com/eventfn/eventfn/shared/failure"
	"github.com/eventfn/eventfn/shared/wire"
)

// DecodeCommand reads the data of a command of CloudEvent type ceType.
// Anything but exactly the fields of the contract, with their JSON types,
// is a failure.Invalid error, as is an unknown type.
func DecodeCommand(ceType string, data []byte) (Command, error) {
	var (
		cmd Command
		err error
	)
	switch ceType {
	case CreateAccount:
		cmd, err = decodeCreate(data)
	case ConfirmAccount:
		cmd, err = decodeNumberOnly(data, func(n string) Command { return Confirm{AccountNumber: n} })
	case ActivateAccount:
		cmd, err = decodeNumberOnly(data, func(n string) Command { return Activate{AccountNumber: n} })
	case SuspendAccount:
		cmd, err = decodeSuspend(data)
	case ArchiveAccount:
		cmd, err = decodeNumberOnly(data, func(n string) Command { return Archive{AccountNumber: n} })
	default:
		return nil, failure.Invalidf("unknown command type %q", ceType)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", ceType, err)
	}
	return cmd, nil
}

func decodeCreate(data []byte) (Command, error) {
	f, err := wire.ReadObject(data, "accountNumber", "userId", "defaultAccount")
	if err != nil {
		return nil, err
	}
	var c Create
	if c.AccountNumber, err = wire.ID(f, "accountNumber"); err != nil {
		return nil, err
	}
	if c.UserID, err = wire.Field[int64](f, "userId", "an integer"); err != nil {
		return nil, err
	}
	if c.UserID < 1 {
		return nil, failure.Invalidf("userId must be a positive integer")
	}
	if c.DefaultAccount, err = wire.Field[bool](f, "defaultAccount", "a boolean"); err != nil {
		return nil, err
	}
	return c, nil
}

// decodeNumberOnly reads the commands whose only field is the account number.
func decodeNumberOnly(data []byte, build func(number string) Command) (Command, error) {
	n, err := decodeNumber(data)
	if err != nil {
		return nil, err
	}
	return build(n), nil
}

// decodeNumber reads data whose only field is the account number.
func decodeNumber(data []byte) (string, error) {
	f, err := wire.ReadObject(data, "accountNumber")
	if err != nil {
		return "", err
	}
	return wire.ID(f, "accountNumber")
}

func decodeSuspend(data []byte) (Command, error) {
	f, err := wire.ReadObject(data, "accountNumber", "reason")
	if err != nil {
		return nil, err
	}
	var c Suspend
	if c.AccountNumber, err = wire.ID(f, "accountNumber"); err != nil {
		return nil, err
	}
	if c.Reason, err = wire.Field[string](f, "reason", "a string"); err != nil {
		return nil, err
	}
	return c, wire.CheckText("reason", c.Reason, wire.MaxTextLength)
}

// DecodeEvent reads the data of a recorded event of type eventType. Events
// come from the log this package wrote, so decoding is tolerant of fields a
// later version may add; malformed data or an unknown type is
// failure.Invalid.
func DecodeEvent(eventType string, data []byte) (Event, error) {
	switch eventType {
	case AccountCreated:
		return decodeEvent[Created](eventType, data)
	case AccountConfirmed:
		return decodeEvent[Confirmed](eventType, data)
	case AccountActivated:
		return decodeEvent[Activated](eventType, data)
	case AccountSuspended:
		return decodeEvent[Suspended](eventType, data)
	case AccountArchived:
		return decodeEvent[Archived](eventType, data)
	}
	return nil, failure.Invalidf("unknown event type %q", eventType)
}

func decodeEvent[E Event](eventType string, data []byte) (Event, error) {
	var e E
	if err := json.Unmarshal(data, &e); err != nil {
		return nil, failure.Invalidf("%s: data is not valid: %v", eventType, err)
	}
	if e.AggregateID() == "" {
		return nil, failure.Invalidf("%s: accountNumber is missing", eventType)
	}
	return e, nil
}
