// Package scenario runs Given/When/Then tests of a decider: given the
// events an aggregate has recorded, when a command arrives, then Decide
// yields these events — or refuses with this kind of failure and message.
//
//	func TestSuspendingAnArchivedAccountIsRejected(t *testing.T) {
//		scenario.Run(t, accounts.Decide, accounts.Evolve, []scenario.Case[accounts.State, accounts.Command, accounts.Event]{{
//			Name:  "archived",
//			Given: []accounts.Event{created(), archived()},
//			When:  accounts.Suspend{AccountNumber: "42", Reason: "x"},
//			Kind:  failure.ErrRejected, Message: "account 42 is archived",
//		}})
//	}
//
// It folds Given with Evolve from the zero state, so a case also checks
// that Evolve leaves the state Decide needs.
package scenario

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/eventfn/eventfn/shared/failure"
)

// Case is one Given/When/Then case. Set Then for an accepted command, or
// Kind (a failure sentinel such as failure.ErrRejected) and Message for a
// refused one.
type Case[S, C, E any] struct {
	Name    string
	Given   []E
	When    C
	Then    []E
	Kind    error
	Message string
}

// Run runs every case as a subtest of t.
func Run[S, C, E any](t *testing.T, decide func(S, C) ([]E, error), evolve func(S, E) S, cases []Case[S, C, E]) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.Name, func(t *testing.T) {
			var state S
			for _, e := range tc.Given {
				state = evolve(state, e)
			}
			got, err := decide(state, tc.When)
			if tc.Kind != nil {
				if !errors.Is(err, tc.Kind) || failure.Message(err) != tc.Message {
					t.Fatalf("Decide error = %v, want %v %q", err, tc.Kind, tc.Message)
				}
				return
			}
			if err != nil {
				t.Fatalf("Decide: %v", err)
			}
			if diff := cmp.Diff(tc.Then, got); diff != "" {
				t.Errorf("events (-want +got):\n%s", diff)
			}
		})
	}
}
