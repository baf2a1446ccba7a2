package accounts

// CloudEvent types of the commands this context accepts.
const (
	CreateAccount   = "accounts.account.create"
	ConfirmAccount  = "accounts.account.confirm"
	ActivateAccount = "accounts.account.activate"
	SuspendAccount  = "accounts.account.suspend"
	ArchiveAccount  = "accounts.account.archive"
)

// CloudEvent types of the events this context records.
const (
	AccountCreated   = "accounts.account.created"
	AccountConfirmed = "accounts.account.confirmed"
	AccountActivated = "accounts.account.activated"
	AccountSuspended = "accounts.account.suspended"
	AccountArchived  = "accounts.account.archived"
)

// CloudEvent types of the queries and their replies.
const (
	GetAccount   = "accounts.account.get"
	ListAccounts = "accounts.account.list"
	AccountReply = "accounts.account"
	PageReply    = "accounts.account.page"
)

// Command is a request to change one account.
type Command interface {
	// AggregateID is the account number the command is about.
	AggregateID() string
	// CommandType is the command's CloudEvent type.
	CommandType() string
}

// Event is something that happened to one account.
type Event interface {
	// EventType is the event's CloudEvent type.
	EventType() string
	// AggregateID is the id of the account the event is about.
	AggregateID() string
}

// CommandTypes lists every command type, in the order of the contract.
func CommandTypes() []string {
	return []string{CreateAccount, ConfirmAccount, ActivateAccount, SuspendAccount, ArchiveAccount}
}

// EventTypes lists every event type, in the order of the contract.
func EventTypes() []string {
	return []string{AccountCreated, AccountConfirmed, AccountActivated, AccountSuspended, AccountArchived}
}

// StreamID is the name of the event stream of account number.
func StreamID(number string) string { return "account-" + number }
