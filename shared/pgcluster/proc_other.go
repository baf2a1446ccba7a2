//go:build !linux

package pgcluster

import "syscall"

// procAttr puts the server in its own process group, so a Ctrl-C meant for
// the caller does not reach it before Stop does.
func procAttr(cred *syscall.Credential) *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Credential: cred, Setpgid: true}
}
