package accounts

// Create opens a new account, pending until confirmed.
type Create struct {
	AccountNumber  string `json:"accountNumber"`
	UserID         int64  `json:"userId"`
	DefaultAccount bool   `json:"defaultAccount"`
}

// Confirm confirms a pending account.
type Confirm struct {
	AccountNumber string `json:"accountNumber"`
}

// Activate activates a confirmed or suspended account.
type Activate struct {
	AccountNumber string `json:"accountNumber"`
}

// Suspend suspends an active account, saying why.
type Suspend struct {
	AccountNumber string `json:"accountNumber"`
	Reason        string `json:"reason"`
}

// Archive closes an account for good.
type Archive struct {
	AccountNumber string `json:"accountNumber"`
}

// AggregateID implements Command.
func (c Create) AggregateID() string { return c.AccountNumber }

// AggregateID implements Command.
func (c Confirm) AggregateID() string { return c.AccountNumber }

// AggregateID implements Command.
func (c Activate) AggregateID() string { return c.AccountNumber }

// AggregateID implements Command.
func (c Suspend) AggregateID() string { return c.AccountNumber }

// AggregateID implements Command.
func (c Archive) AggregateID() string { return c.AccountNumber }

// CommandType implements Command.
func (Create) CommandType() string { return CreateAccount }

// CommandType implements Command.
func (Confirm) CommandType() string { return ConfirmAccount }

// CommandType implements Command.
func (Activate) CommandType() string { return ActivateAccount }

// CommandType implements Command.
func (Suspend) CommandType() string { return SuspendAccount }

// CommandType implements Command.
func (Archive) CommandType() string { return ArchiveAccount }
