package accounts

import "github.com/eventfn/eventfn/shared/failure"

// Status is where an account is in its life.
type Status string

// The statuses of an account, spelled as the contract spells them.
const (
	StatusPending   Status = "ACCOUNT_PENDING"
	StatusConfirmed Status = "ACCOUNT_CONFIRMED"
	StatusActive    Status = "ACCOUNT_ACTIVE"
	StatusSuspended Status = "ACCOUNT_SUSPENDED"
	StatusArchived  Status = "ACCOUNT_ARCHIVED"
)

// State is what Decide needs to know about one account: the fold of its
// events by Evolve. The zero State is an account that does not exist.
type State struct {
	AccountNumber  string
	UserID         int64
	DefaultAccount bool
	Status         Status
}

// Exists reports whether the account has been created.
func (s State) Exists() bool { return s.Status != "" }

// Decide applies the rules of the contract to cmd given the account's
// current state, and returns the events that record the change. A refusal
// is a failure.Rejected error.
func Decide(s State, cmd Command) ([]Event, error) {
	if cmd == nil {
		return nil, failure.Invalidf("no command")
	}
	if c, ok := cmd.(Create); ok {
		return create(s, c)
	}
	if !s.Exists() {
		return nil, failure.Rejectedf("account %s does not exist", cmd.AggregateID())
	}
	n := cmd.AggregateID()
	switch c := cmd.(type) {
	case Confirm:
		return transition(s, n, "confirmed", Confirmed(c), StatusPending)
	case Activate:
		return transition(s, n, "activated", Activated(c), StatusConfirmed, StatusSuspended)
	case Suspend:
		return transition(s, n, "suspended", Suspended(c), StatusActive)
	case Archive:
		return transition(s, n, "archived", Archived(c),
			StatusPending, StatusConfirmed, StatusActive, StatusSuspended)
	}
	return nil, failure.Invalidf("unknown command %T", cmd)
}

func create(s State, c Create) ([]Event, error) {
	if s.Exists() {
		return nil, failure.Rejectedf("account %s already exists", c.AccountNumber)
	}
	return []Event{Created(c)}, nil
}

// transition allows e only from one of the statuses from.
func transition(s State, number, verb string, e Event, from ...Status) ([]Event, error) {
	for _, st := range from {
		if s.Status == st {
			return []Event{e}, nil
		}
	}
	if s.Status == StatusArchived {
		return nil, failure.Rejectedf("account %s is archived", number)
	}
	return nil, failure.Rejectedf("account %s is %s and cannot be %s", number, s.Status.label(), verb)
}

// Known reports whether st is one of the statuses above.
func (st Status) Known() bool {
	switch st {
	case StatusPending, StatusConfirmed, StatusActive, StatusSuspended, StatusArchived:
		return true
	}
	return false
}

// label is the status as a word for messages: "pending", "active", ...
func (st Status) label() string {
	switch st {
	case StatusPending:
		return "pending"
	case StatusConfirmed:
		return "confirmed"
	case StatusActive:
		return "active"
	case StatusSuspended:
		return "suspended"
	case StatusArchived:
		return "archived"
	}
	return string(st)
}

// Evolve returns the state after e. It never fails: events are facts.
func Evolve(s State, e Event) State {
	switch e := e.(type) {
	case Created:
		return State{AccountNumber: e.AccountNumber, UserID: e.UserID, DefaultAccount: e.DefaultAccount, Status: StatusPending}
	case Confirmed:
		s.Status = StatusConfirmed
	case Activated:
		s.Status = StatusActive
	case Suspended:
		s.Status = StatusSuspended
	case Archived:
		s.Status = StatusArchived
	}
	return s
}
