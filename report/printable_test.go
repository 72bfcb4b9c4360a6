package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/syncaudit/syncaudit"
)

func TestPrintable(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"Zoë Öztürk", "Zoë Öztürk"},
		{"tab\tand\nnewline\r", "tab\tand\nnewline\r"},
		{"Zo\x1b[2Je", `Zo\x1b[2Je`},                                 // clear the screen
		{"X\x1b]52;c;cHduZWQ=\x07Y", `X\x1b]52;c;cHduZWQ=\x07Y`},     // write the clipboard
		{"X\u009b31mY", `X\x9b31mY`},                                 // the one-byte CSI
		{"invoice\u202egnp.exe", `invoice\u202egnp.exe`},             // read right to left
		{"a\u2066b\u2069c\u200fd\x7f", `a\u2066b\u2069c\u200fd\x7f`}, // isolates, a mark, DEL
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := Printable(tt.in); got != tt.want {
				t.Errorf("Printable(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestTerminalEscapesAreShownNotObeyed: a name with escape sequences in a
// finding reaches the table and the GitHub annotations written out, never
// as a raw ESC or BEL a terminal would act on.
func TestTerminalEscapesAreShownNotObeyed(t *testing.T) {
	hostile := "X\x1b]52;c;cHduZWQ=\x07Y Berg\x1b[2J"
	rep := &syncaudit.Report{
		Schema:   syncaudit.ReportSchema,
		Run:      syncaudit.Run{Tenant: "t\x1b[2J", TenantName: "De \x1b]0;title\x07 Linde"},
		Findings: []syncaudit.Finding{{Rule: "E2", Severity: syncaudit.Deny, Account: "A2\x1b[1A", Message: hostile + " is on the exception list", Fix: "remove " + hostile}},
	}
	rep.Summarise(1)
	var table, gh bytes.Buffer
	if err := (&Table{}).Write(&table, rep); err != nil {
		t.Fatal(err)
	}
	if err := (GitHub{}).Write(&gh, rep); err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]string{"table": table.String(), "github": gh.String()} {
		if strings.ContainsAny(out, "\x1b\x07") {
			t.Errorf("%s output holds a raw ESC or BEL:\n%q", name, out)
		}
		if !strings.Contains(out, `X\x1b]52;c;cHduZWQ=\x07Y Berg`) {
			t.Errorf("%s output does not show the name written out:\n%s", name, out)
		}
	}
}
