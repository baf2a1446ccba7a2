package accounts

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/eventfn/eventfn/shared/failure"
	gwt "github.com/eventfn/eventfn/shared/scenario"
)

// scenario is one Given/When/Then case of this context's decider.
type scenario = gwt.Case[State, Command, Event]

func run(t *testing.T, cases []scenario) {
	t.Helper()
	gwt.Run(t, Decide, Evolve, cases)
}

// The events of account 42, in the order its life can take them.
const number = "42"

func created() Event   { return Created{AccountNumber: number, UserID: 7, DefaultAccount: true} }
func confirmed() Event { return Confirmed{AccountNumber: number} }
func activated() Event { return Activated{AccountNumber: number} }
func suspended() Event { return Suspended{AccountNumber: number, Reason: "fraud check"} }
func archived() Event  { return Archived{AccountNumber: number} }

func TestCreatingAnAccount(t *testing.T) {
	run(t, []scenario{
		{Name: "an unused number is created pending",
			When: Create{AccountNumber: "42", UserID: 7, DefaultAccount: true},
			Then: []Event{created()}},
		{Name: "a used number is rejected",
			Given: []Event{created()},
			When:  Create{AccountNumber: "42", UserID: 8},
			Kind:  failure.ErrRejected, Message: "account 42 already exists"},
		{Name: "an archived number stays used",
			Given: []Event{created(), archived()},
			When:  Create{AccountNumber: "42", UserID: 7},
			Kind:  failure.ErrRejected, Message: "account 42 already exists"},
	})
}

func TestConfirmingAnAccount(t *testing.T) {
	run(t, []scenario{
		{Name: "a pending account is confirmed",
			Given: []Event{created()}, When: Confirm{AccountNumber: "42"}, Then: []Event{confirmed()}},
		{Name: "an unknown account is rejected",
			When: Confirm{AccountNumber: "42"},
			Kind: failure.ErrRejected, Message: "account 42 does not exist"},
		{Name: "a confirmed account is rejected",
			Given: []Event{created(), confirmed()}, When: Confirm{AccountNumber: "42"},
			Kind: failure.ErrRejected, Message: "account 42 is confirmed and cannot be confirmed"},
		{Name: "an active account is rejected",
			Given: []Event{created(), confirmed(), activated()}, When: Confirm{AccountNumber: "42"},
			Kind: failure.ErrRejected, Message: "account 42 is active and cannot be confirmed"},
		{Name: "a suspended account is rejected",
			Given: []Event{created(), confirmed(), activated(), suspended()}, When: Confirm{AccountNumber: "42"},
			Kind: failure.ErrRejected, Message: "account 42 is suspended and cannot be confirmed"},
		{Name: "an archived account is rejected",
			Given: []Event{created(), archived()}, When: Confirm{AccountNumber: "42"},
			Kind: failure.ErrRejected, Message: "account 42 is archived"},
	})
}

func TestActivatingAnAccount(t *testing.T) {
	run(t, []scenario{
		{Name: "a confirmed account is activated",
			Given: []Event{created(), confirmed()}, When: Activate{AccountNumber: "42"}, Then: []Event{activated()}},
		{Name: "a suspended account is reactivated",
			Given: []Event{created(), confirmed(), activated(), suspended()}, When: Activate{AccountNumber: "42"},
			Then: []Event{activated()}},
		{Name: "an unknown account is rejected",
			When: Activate{AccountNumber: "42"},
			Kind: failure.ErrRejected, Message: "account 42 does not exist"},
		{Name: "a pending account is rejected",
			Given: []Event{created()}, When: Activate{AccountNumber: "42"},
			Kind: failure.ErrRejected, Message: "account 42 is pending and cannot be activated"},
		{Name: "an active account is rejected",
			Given: []Event{created(), confirmed(), activated()}, When: Activate{AccountNumber: "42"},
			Kind: failure.ErrRejected, Message: "account 42 is active and cannot be activated"},
		{Name: "an archived account is rejected",
			Given: []Event{created(), confirmed(), archived()}, When: Activate{AccountNumber: "42"},
			Kind: failure.ErrRejected, Message: "account 42 is archived"},
	})
}

func TestSuspendingAnAccount(t *testing.T) {
	run(t, []scenario{
		{Name: "an active account is suspended with its reason",
			Given: []Event{created(), confirmed(), activated()},
			When:  Suspend{AccountNumber: "42", Reason: "fraud check"},
			Then:  []Event{suspended()}},
		{Name: "an unknown account is rejected",
			When: Suspend{AccountNumber: "42", Reason: "r"},
			Kind: failure.ErrRejected, Message: "account 42 does not exist"},
		{Name: "a pending account is rejected",
			Given: []Event{created()}, When: Suspend{AccountNumber: "42", Reason: "r"},
			Kind: failure.ErrRejected, Message: "account 42 is pending and cannot be suspended"},
		{Name: "a confirmed account is rejected",
			Given: []Event{created(), confirmed()}, When: Suspend{AccountNumber: "42", Reason: "r"},
			Kind: failure.ErrRejected, Message: "account 42 is confirmed and cannot be suspended"},
		{Name: "a suspended account is rejected",
			Given: []Event{created(), confirmed(), activated(), suspended()}, When: Suspend{AccountNumber: "42", Reason: "r"},
			Kind: failure.ErrRejected, Message: "account 42 is suspended and cannot be suspended"},
		{Name: "an archived account is rejected",
			Given: []Event{created(), confirmed(), activated(), archived()}, When: Suspend{AccountNumber: "42", Reason: "r"},
			Kind: failure.ErrRejected, Message: "account 42 is archived"},
	})
}

func TestArchivingAnAccount(t *testing.T) {
	run(t, []scenario{
		{Name: "a pending account is archived",
			Given: []Event{created()}, When: Archive{AccountNumber: "42"}, Then: []Event{archived()}},
		{Name: "a confirmed account is archived",
			Given: []Event{created(), confirmed()}, When: Archive{AccountNumber: "42"}, Then: []Event{archived()}},
		{Name: "an active account is archived",
			Given: []Event{created(), confirmed(), activated()}, When: Archive{AccountNumber: "42"}, Then: []Event{archived()}},
		{Name: "a suspended account is archived",
			Given: []Event{created(), confirmed(), activated(), suspended()}, When: Archive{AccountNumber: "42"},
			Then: []Event{archived()}},
		{Name: "an unknown account is rejected",
			When: Archive{AccountNumber: "42"},
			Kind: failure.ErrRejected, Message: "account 42 does not exist"},
		{Name: "an archived account is rejected",
			Given: []Event{created(), archived()}, When: Archive{AccountNumber: "42"},
			Kind: failure.ErrRejected, Message: "account 42 is archived"},
	})
}

func TestDecidingNoCommandIsInvalid(t *testing.T) {
	if _, err := Decide(State{}, nil); !errors.Is(err, failure.ErrInvalid) {
		t.Fatalf("Decide(nil) error = %v, want invalid", err)
	}
}

func TestEvolveFollowsTheStatusMachine(t *testing.T) {
	steps := []struct {
		event Event
		want  Status
	}{
		{created(), StatusPending}, {confirmed(), StatusConfirmed}, {activated(), StatusActive},
		{suspended(), StatusSuspended}, {activated(), StatusActive}, {archived(), StatusArchived},
	}
	s := State{}
	for _, step := range steps {
		s = Evolve(s, step.event)
		if s.Status != step.want {
			t.Fatalf("after %s status = %s, want %s", step.event.EventType(), s.Status, step.want)
		}
	}
	want := State{AccountNumber: "42", UserID: 7, DefaultAccount: true, Status: StatusArchived}
	if diff := cmp.Diff(want, s); diff != "" {
		t.Errorf("final state (-want +got):\n%s", diff)
	}
}

func TestStreamIDNamesTheAccount(t *testing.T) {
	if got := StreamID("42"); got != "account-42" {
		t.Errorf("StreamID(42) = %q", got)
	}
}
