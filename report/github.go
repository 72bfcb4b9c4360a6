package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/syncaudit/syncaudit"
)

// GitHub writes the deny and warn findings as GitHub Actions workflow
// commands (::error and ::warning), so they show as annotations on the run,
// followed by a one-line summary. Many tenants get the tenant in each
// annotation's title and a summary line each; a tenant that could not be
// checked is an ::error.
type GitHub struct{}

// Write writes one annotation per deny or warn finding.
func (GitHub) Write(w io.Writer, rep *syncaudit.Report) error {
	return writeGitHub(w, single(rep), false)
}

// WriteFleet writes the annotations of every tenant.
func (GitHub) WriteFleet(w io.Writer, tenants []TenantResult) error {
	return writeGitHub(w, tenants, true)
}

func writeGitHub(w io.Writer, tenants []TenantResult, many bool) error {
	for _, t := range tenants {
		if err := writeGitHubTenant(w, t, many); err != nil {
			return fmt.Errorf("write annotations: %w", err)
		}
	}
	return nil
}

func writeGitHubTenant(w io.Writer, t TenantResult, many bool) error {
	rep := t.Report
	if rep == nil {
		_, err := fmt.Fprintf(w, "::error title=%s::%s\n", escapeProperty("syncaudit "+t.name()), escapeData(t.notChecked()))
		return err
	}
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
		if many {
			title = "syncaudit " + t.name() + " " + f.Rule
		}
		lang := ParseLang(rep.Run.Language)
		if f.Account != "" {
			title += " " + strings.ToLower(T(lang, "account")) + " " + f.Account
		}
		if f.School != "" {
			title += " " + strings.ToLower(T(lang, "school")) + " " + f.School
		}
		msg := f.Message
		if f.Fix != "" {
			msg += "\n" + T(lang, "fix") + ": " + f.Fix
		}
		if _, err := fmt.Fprintf(w, "::%s title=%s::%s\n", cmd, escapeProperty(title), escapeData(msg)); err != nil {
			return err
		}
	}
	_, err := fmt.Fprintf(w, "%s\n", summaryLine(rep))
	return err
}

// summaryLine is a report's one-line count: "syncaudit de-linde 2026-11-23:
// 1 deny, 2 warn, 3 info findings; 4 actions".
func summaryLine(rep *syncaudit.Report) string {
	s := rep.Summary.Findings
	return fmt.Sprintf("syncaudit %s %s: %d deny, %d warn, %d info findings; %d actions",
		Printable(rep.Run.Tenant), rep.Run.RunDate, s[syncaudit.Deny], s[syncaudit.Warn], s[syncaudit.Info], len(rep.Actions))
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
