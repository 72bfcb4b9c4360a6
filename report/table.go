package report

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/syncaudit/syncaudit"
)

// Table writes a report for a person at a terminal: what was checked, the
// counts of actions and findings, and the deny and warn findings with their
// fix. Colour is used only when Color is set (the CLI sets it on a terminal).
type Table struct {
	Color bool
	Lang  Lang
	// Max is the most findings listed; 0 means 200.
	Max int
}

// ANSI colours of the severities; red and yellow have the same length, so
// columns stay aligned.
const (
	red   = "\x1b[31m"
	amber = "\x1b[33m"
	bold  = "\x1b[1m"
	reset = "\x1b[0m"
)

// Write writes the summary and the deny and warn findings.
func (t *Table) Write(w io.Writer, rep *syncaudit.Report) (err error) {
	lang := langOf(t.Lang, rep)
	max := t.Max
	if max <= 0 {
		max = 200
	}
	ew := &errWriter{w: w}
	tenant := rep.Run.Tenant
	if rep.Run.TenantName != "" {
		tenant += " (" + rep.Run.TenantName + ")"
	}
	tenant = oneLine(tenant)
	tw := tabwriter.NewWriter(ew, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "%s:\t%s\n", T(lang, "tenant"), tenant)
	fmt.Fprintf(tw, "%s:\t%s\n", T(lang, "structure"), StructureLabel(lang, rep.Run.Structure))
	fmt.Fprintf(tw, "%s:\t%s\n", T(lang, "run_date"), rep.Run.RunDate)
	fmt.Fprintf(tw, "%s:\t%d\n", T(lang, "accounts"), rep.Summary.Accounts)
	fmt.Fprintf(tw, "%s:\t%s\n", T(lang, "actions"), actionCounts(rep, lang))
	fmt.Fprintf(tw, "%s:\t%s\n", T(lang, "findings"), t.findingCounts(rep, lang))
	if len(rep.Run.DisabledRules) > 0 {
		fmt.Fprintf(tw, "%s:\t%s\n", T(lang, "disabled"), strings.Join(rep.Run.DisabledRules, ", "))
	}
	if off := rep.Run.GuardsOff(); len(off) > 0 {
		fmt.Fprintf(tw, "%s:\t%s\n", T(lang, "guards_off"), strings.Join(off, ", "))
	}
	tw.Flush()
	fmt.Fprintln(ew)

	var shown []syncaudit.Finding
	for _, f := range rep.Findings {
		if f.Severity == syncaudit.Deny || f.Severity == syncaudit.Warn {
			shown = append(shown, f)
		}
	}
	if len(shown) == 0 {
		fmt.Fprintln(ew, T(lang, "no_findings"))
		return ew.err
	}
	more := 0
	if len(shown) > max {
		shown, more = shown[:max], len(shown)-max
	}
	tw = tabwriter.NewWriter(ew, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", strings.ToUpper(T(lang, "severity")), strings.ToUpper(T(lang, "rule")),
		strings.ToUpper(T(lang, "account")), strings.ToUpper(T(lang, "school")), strings.ToUpper(T(lang, "message")))
	for _, f := range shown {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", t.severity(f.Severity, lang), dash(f.Rule), dash(f.Account), dash(f.School), oneLine(f.Message))
		if f.Fix != "" {
			fmt.Fprintf(tw, "\t\t\t\t%s: %s\n", T(lang, "fix"), oneLine(f.Fix))
		}
	}
	tw.Flush()
	if more > 0 {
		fmt.Fprintf(ew, T(lang, "more_findings")+"\n", more)
	}
	return ew.err
}

// severity writes a severity label, coloured when asked.
func (t *Table) severity(s syncaudit.Severity, lang Lang) string {
	label := T(lang, string(s))
	if !t.Color {
		return label
	}
	switch s {
	case syncaudit.Deny:
		return red + label + reset
	case syncaudit.Warn:
		return amber + label + reset
	}
	return label
}

// actionCounts writes "soft delete 3, update 12 (2 skipped)" in the schema's
// kind order, the kinds in lang.
func actionCounts(rep *syncaudit.Report, lang Lang) string {
	var parts []string
	for _, k := range syncaudit.ActionKinds {
		n := rep.Summary.Actions[k]
		if n == 0 {
			continue
		}
		p := fmt.Sprintf("%s %d", KindLabel(lang, k), n)
		if s := rep.Summary.Skipped[k]; s > 0 {
			p += fmt.Sprintf(" (%d %s)", s, T(lang, "skipped"))
		}
		parts = append(parts, p)
	}
	if len(parts) == 0 {
		return T(lang, "none")
	}
	return strings.Join(parts, ", ")
}

// findingCounts writes "deny 1, warn 7, info 12".
func (t *Table) findingCounts(rep *syncaudit.Report, lang Lang) string {
	parts := make([]string, 0, len(syncaudit.Severities))
	for _, s := range syncaudit.Severities {
		n := rep.Summary.Findings[s]
		label := fmt.Sprintf("%s %d", T(lang, string(s)), n)
		if t.Color && n > 0 && s != syncaudit.Info {
			label = bold + label + reset
		}
		parts = append(parts, label)
	}
	return strings.Join(parts, ", ")
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return oneLine(s)
}

// oneLine folds line breaks and tabs into spaces so a cell stays on its row.
func oneLine(s string) string {
	return Printable(strings.Join(strings.Fields(s), " "))
}

// errWriter keeps the first write error, so Write can print freely and
// report it once.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return len(p), nil
	}
	n, err := e.w.Write(p)
	if err != nil {
		e.err = err
	}
	return n, nil
}
