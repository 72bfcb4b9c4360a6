package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/syncaudit/syncaudit"
)

// GitHub writes the deny and warn findings as GitHub Actions workflow
// commands (::error and ::warning), so they show as annotations on the run,
// followed by a one-line summary.
type GitHub struct{}

// Write writes one annotation per deny or warn finding.
func (GitHub) Write(w io.Writer, rep *syncaudit.Report) error {
	for _, f := range rep.Findings {
		var cmd string
		switch f.Severity {
		case syncaudit.Deny:
			cmd = "error"
		case syncaudit.Warn:
			cmd = "warning"
		default:
			continue
		}
		title := "syncaudit " + f.Rule
		if f.Account != "" {
			title += " account " + f.Account
		}
		if f.School != "" {
			title += " school " + f.School
		}
		msg := f.Message
		if f.Fix != "" {
			msg += "\nFix: " + f.Fix
		}
		if _, err := fmt.Fprintf(w, "::%s title=%s::%s\n", cmd, escapeProperty(title), escapeData(msg)); err != nil {
			return fmt.Errorf("write annotations: %w", err)
		}
	}
	s := rep.Summary.Findings
	_, err := fmt.Fprintf(w, "syncaudit %s %s: %d deny, %d warn, %d info findings; %d actions\n",
		Printable(rep.Run.Tenant), rep.Run.RunDate, s[syncaudit.Deny], s[syncaudit.Warn], s[syncaudit.Info], len(rep.Actions))
	if err != nil {
		return fmt.Errorf("write annotations: %w", err)
	}
	return nil
}

// escapeData escapes a workflow command's message: %, CR and LF, and the
// characters a terminal would obey (Printable).
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(Printable(s))
}

// escapeProperty escapes a workflow command's property value: as data, plus : and ,.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(Printable(s))
}
