package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// quickstart returns the README's quickstart block: the sh block after the
// quickstart marker.
func quickstart(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(b), "<!-- quickstart")
	if !ok {
		t.Fatal("README.md has no quickstart marker")
	}
	_, rest, ok = strings.Cut(rest, "```sh\n")
	block, _, closed := strings.Cut(rest, "```")
	if !ok || !closed {
		t.Fatal("README.md's quickstart marker is not followed by an sh block")
	}
	return block
}

// onPorts rewrites the README's default ports (8080 and up) to a stack
// started on base.
func onPorts(script string, base int) string {
	return regexp.MustCompile(`http://localhost:(80\d\d)`).ReplaceAllStringFunc(script, func(m string) string {
		p, _ := strconv.Atoi(m[len("http://localhost:"):])
		return fmt.Sprintf("http://127.0.0.1:%d", base+p-8080)
	})
}

func TestTheReadmeQuickstartRuns(t *testing.T) {
	if _, ok := fromEnv(t); ok {
		t.Skip("the README addresses eventfn dev's ports; EVENTFN_E2E_TARGET points elsewhere")
	}
	system(t)
	script := onPorts(quickstart(t), sharedDev.port)
	if !strings.Contains(script, "curl") || strings.Contains(script, "localhost:80") {
		t.Fatalf("unexpected quickstart after rewriting ports:\n%s", script)
	}
	out, err := exec.Command("bash", "-euo", "pipefail", "-c", script).CombinedOutput()
	if err != nil {
		t.Fatalf("quickstart failed: %v\n%s", err, out)
	}
	for _, want := range []string{`"status":"ACCOUNT_CONFIRMED"`, `"orderId":"o-1"`, `"customer":"ann"`, `"type":"orders.order.created"`} {
		if !strings.Contains(string(out), want) {
			t.Errorf("quickstart output lacks %s:\n%s", want, out)
		}
	}
}
