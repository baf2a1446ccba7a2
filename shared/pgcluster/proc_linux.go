package pgcluster

import "syscall"

// procAttr puts the server in its own process group, so a Ctrl-C meant for
// the caller does not reach it before Stop does, and makes the kernel stop
// it (immediate shutdown) if the caller dies without calling Stop.
func procAttr(cred *syscall.Credential) *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Credential: cred, Setpgid: true, Pdeathsig: syscall.SIGQUIT}
}
