package accounts

// Created records a new, pending account. It carries everything a read
// model shows about the account, so a projector needs no state.
type Created struct {
	AccountNumber  string `json:"accountNumber"`
	UserID         int64  `json:"userId"`
	DefaultAccount bool   `json:"defaultAccount"`
}

// Confirmed records that a pending account was confirmed.
type Confirmed struct {
	AccountNumber string `json:"accountNumber"`
}

// Activated records that an account became active.
type Activated struct {
	AccountNumber string `json:"accountNumber"`
}

// Suspended records that an active account was suspended, and why.
type Suspended struct {
	AccountNumber string `json:"accountNumber"`
	Reason        string `json:"reason"`
}

// Archived records that an account was closed for good.
type Archived struct {
	AccountNumber string `json:"accountNumber"`
}

// EventType implements Event.
func (Created) EventType() string { return AccountCreated }

// EventType implements Event.
func (Confirmed) EventType() string { return AccountConfirmed }

// EventType implements Event.
func (Activated) EventType() string { return AccountActivated }

// EventType implements Event.
func (Suspended) EventType() string { return AccountSuspended }

// EventType implements Event.
func (Archived) EventType() string { return AccountArchived }

// AggregateID implements Event.
func (e Created) AggregateID() string { return e.AccountNumber }

// AggregateID implements Event.
func (e Confirmed) AggregateID() string { return e.AccountNumber }

// AggregateID implements Event.
func (e Activated) AggregateID() string { return e.AccountNumber }

// AggregateID implements Event.
func (e Suspended) AggregateID() string { return e.AccountNumber }

// AggregateID implements Event.
func (e Archived) AggregateID() string { return e.AccountNumber }
