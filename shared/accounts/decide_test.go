package accounts

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/eventfn/eventfn/shared/failure"
)

// scenario is one Given/When/Then case: the account's past events, a
// command, and either the events it yields or the kind and message of the
// refusal.
type scenario struct {
	name    string
	given   []Event
	when    Command
	then    []Event
	kind    error
	message string
}

func run(t *testing.T, cases []scenario) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			state := State{}
			for _, e := range tc.given {
				state = Evolve(state, e)
			}
			got, err := Decide(state, tc.when)
			if tc.kind != nil {
				if !errors.Is(err, tc.kind) || failure.Message(err) != tc.message {
					t.Fatalf("Decide error = %v, want %v %q", err, tc.kind, tc.message)
				}
				return
			}
			if err != nil {
				t.Fatalf("Decide: %v", err)
			}
			if diff := cmp.Diff(tc.then, got); diff != "" {
				t.Errorf("events (-want +got):\n%s", diff)
			}
		})
	}
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
		{name: "an unused number is created pending",
			when: Create{AccountNumber: "42", UserID: 7, DefaultAccount: true},
			then: []Event{created()}},
		{name: "a used number is rejected",
			given: []Event{created()},
			when:  Create{AccountNumber: "42", UserID: 8},
			kind:  failure.ErrRejected, message: "account 42 already exists"},
		{name: "an archived number stays used",
			given: []Event{created(), archived()},
			when:  Create{AccountNumber: "42", UserID: 7},
			kind:  failure.ErrRejected, message: "account 42 already exists"},
	})
}

func TestConfirmingAnAccount(t *testing.T) {
	run(t, []scenario{
		{name: "a pending account is confirmed",
			given: []Event{created()}, when: Confirm{AccountNumber: "42"}, then: []Event{confirmed()}},
		{name: "an unknown account is rejected",
			when: Confirm{AccountNumber: "42"},
			kind: failure.ErrRejected, message: "account 42 does not exist"},
		{name: "a confirmed account is rejected",
			given: []Event{created(), confirmed()}, when: Confirm{AccountNumber: "42"},
			kind: failure.ErrRejected, message: "account 42 is confirmed and cannot be confirmed"},
		{name: "an active account is rejected",
			given: []Event{created(), confirmed(), activated()}, when: Confirm{AccountNumber: "42"},
			kind: failure.ErrRejected, message: "account 42 is active and cannot be confirmed"},
		{name: "a suspended account is rejected",
			given: []Event{created(), confirmed(), activated(), suspended()}, when: Confirm{AccountNumber: "42"},
			kind: failure.ErrRejected, message: "account 42 is suspended and cannot be confirmed"},
		{name: "an archived account is rejected",
			given: []Event{created(), archived()}, when: Confirm{AccountNumber: "42"},
			kind: failure.ErrRejected, message: "account 42 is archived"},
	})
}

func TestActivatingAnAccount(t *testing.T) {
	run(t, []scenario{
		{name: "a confirmed account is activated",
			given: []Event{created(), confirmed()}, when: Activate{AccountNumber: "42"}, then: []Event{activated()}},
		{name: "a suspended account is reactivated",
			given: []Event{created(), confirmed(), activated(), suspended()}, when: Activate{AccountNumber: "42"},
			then: []Event{activated()}},
		{name: "an unknown account is rejected",
			when: Activate{AccountNumber: "42"},
			kind: failure.ErrRejected, message: "account 42 does not exist"},
		{name: "a pending account is rejected",
			given: []Event{created()}, when: Activate{AccountNumber: "42"},
			kind: failure.ErrRejected, message: "account 42 is pending and cannot be activated"},
		{name: "an active account is rejected",
			given: []Event{created(), confirmed(), activated()}, when: Activate{AccountNumber: "42"},
			kind: failure.ErrRejected, message: "account 42 is active and cannot be activated"},
		{name: "an archived account is rejected",
			given: []Event{created(), confirmed(), archived()}, when: Activate{AccountNumber: "42"},
			kind: failure.ErrRejected, message: "account 42 is archived"},
	})
}

func TestSuspendingAnAccount(t *testing.T) {
	run(t, []scenario{
		{name: "an active account is suspended with its reason",
			given: []Event{created(), confirmed(), activated()},
			when:  Suspend{AccountNumber: "42", Reason: "fraud check"},
			then:  []Event{suspended()}},
		{name: "an unknown account is rejected",
			when: Suspend{AccountNumber: "42", Reason: "r"},
			kind: failure.ErrRejected, message: "account 42 does not exist"},
		{name: "a pending account is rejected",
			given: []Event{created()}, when: Suspend{AccountNumber: "42", Reason: "r"},
			kind: failure.ErrRejected, message: "account 42 is pending and cannot be suspended"},
		{name: "a confirmed account is rejected",
			given: []Event{created(), confirmed()}, when: Suspend{AccountNumber: "42", Reason: "r"},
			kind: failure.ErrRejected, message: "account 42 is confirmed and cannot be suspended"},
		{name: "a suspended account is rejected",
			given: []Event{created(), confirmed(), activated(), suspended()}, when: Suspend{AccountNumber: "42", Reason: "r"},
			kind: failure.ErrRejected, message: "account 42 is suspended and cannot be suspended"},
		{name: "an archived account is rejected",
			given: []Event{created(), confirmed(), activated(), archived()}, when: Suspend{AccountNumber: "42", Reason: "r"},
			kind: failure.ErrRejected, message: "account 42 is archived"},
	})
}

func TestArchivingAnAccount(t *testing.T) {
	run(t, []scenario{
		{name: "a pending account is archived",
			given: []Event{created()}, when: Archive{AccountNumber: "42"}, then: []Event{archived()}},
		{name: "a confirmed account is archived",
			given: []Event{created(), confirmed()}, when: Archive{AccountNumber: "42"}, then: []Event{archived()}},
		{name: "an active account is archived",
			given: []Event{created(), confirmed(), activated()}, when: Archive{AccountNumber: "42"}, then: []Event{archived()}},
		{name: "a suspended account is archived",
			given: []Event{created(), confirmed(), activated(), suspended()}, when: Archive{AccountNumber: "42"},
			then: []Event{archived()}},
		{name: "an unknown account is rejected",
			when: Archive{AccountNumber: "42"},
			kind: failure.ErrRejected, message: "account 42 does not exist"},
		{name: "an archived account is rejected",
			given: []Event{created(), archived()}, when: Archive{AccountNumber: "42"},
			kind: failure.ErrRejected, message: "account 42 is archived"},
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
