package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	syncaudit "github.com/syncaudit/syncaudit"
)

// Compare reads the previous report at path (check --previous) and returns
// what changed between it and rep. A previous report of another tenant is an
// input error: comparing two tenants says nothing.
func Compare(path string, rep *syncaudit.Report) (*syncaudit.Changes, error) {
	prev, err := ReadPrevious(path, rep.Run.Tenant)
	if err != nil {
		return nil, err
	}
	return syncaudit.Diff(prev, rep), nil
}

// ReadPrevious reads a previous report of the given tenant (check
// --previous reads it before the check runs, so a wrong file stops the run
// at once). A previous report of another tenant is an input error:
// comparing two tenants says nothing.
func ReadPrevious(path, tenant string) (*syncaudit.Report, error) {
	prev, err := ReadJSON(path)
	if err != nil {
		return nil, err
	}
	if prev.Run.Tenant != tenant {
		return nil, &syncaudit.InputError{File: path, Column: "run.tenant", Value: prev.Run.Tenant,
			Problem: fmt.Sprintf("the previous report is of another tenant than this one (%s)", tenant),
			Fix:     "pass a previous report of the same tenant"}
	}
	return prev, nil
}

// DiffFiles reads two reports, the previous and the current one, and returns
// the current one with its Changes set (syncaudit diff OLD NEW).
func DiffFiles(previousPath, currentPath string) (*syncaudit.Report, error) {
	cur, err := ReadJSON(currentPath)
	if err != nil {
		return nil, err
	}
	changes, err := Compare(previousPath, cur)
	if err != nil {
		return nil, err
	}
	cur.Changes = changes
	return cur, nil
}

// WriteChangesJSON writes rep.Changes as indented JSON, the same object that
// report.json carries under "changes".
func WriteChangesJSON(w io.Writer, rep *syncaudit.Report) error {
	if rep.Changes == nil {
		return fmt.Errorf("write changes: the report has no comparison with a previous run")
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(rep.Changes); err != nil {
		return fmt.Errorf("write changes: %w", err)
	}
	return nil
}

// WriteChangesTable writes rep.Changes for the terminal: the headline of the
// exception list, the counts, the counts per rule and per action kind, and
// the new and resolved findings and actions, every one with its rule id.
func WriteChangesTable(w io.Writer, rep *syncaudit.Report, lang Lang) error {
	c := rep.Changes
	if c == nil {
		return fmt.Errorf("write changes: the report has no comparison with a previous run")
	}
	t := func(key string) string { return T(lang, key) }
	ew := &errWriter{w: w}
	tw := tabwriter.NewWriter(ew, 0, 0, 2, ' ', 0)
	line := func(cells ...string) {
		for len(cells) > 1 && cells[len(cells)-1] == "" {
			cells = cells[:len(cells)-1] // no trailing blanks
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	n := func(i int) string { return fmt.Sprint(i) }
	section := func(title string) {
		tw.Flush()
		fmt.Fprintf(ew, "\n%s\n%s\n", title, strings.Repeat("-", len([]rune(title))))
	}

	title := t("changes") + ": " + rep.Run.Tenant
	fmt.Fprintf(ew, "%s\n%s\n", title, strings.Repeat("=", len([]rune(title))))
	line(t("changes_previous"), c.Previous.RunDate.String(), strings.TrimSpace(rep.Tool.Name+" "+c.Previous.ToolVersion))
	line(t("run_date"), rep.Run.RunDate.String(), strings.TrimSpace(rep.Tool.Name+" "+rep.Tool.Version))
	tw.Flush()
	if c.Previous.PolicyDigest != rep.Run.PolicyDigest {
		fmt.Fprintln(ew, t("changes_policy_changed"))
	} else {
		fmt.Fprintln(ew, t("changes_policy_same"))
	}
	e := c.Exceptions
	fmt.Fprintf(ew, T(lang, "changes_exc_"+e.Trend)+"\n", e.AttentionAfter, e.AttentionBefore)
	fmt.Fprintf(ew, T(lang, "changes_exc_entries")+"\n", countText(lang, e.EntriesAfter), countText(lang, e.EntriesBefore))
	fmt.Fprintln(ew)

	var ft, at syncaudit.Tally
	for _, rc := range c.FindingsByRule {
		ft = addTally(ft, rc.Tally)
	}
	for _, kc := range c.ActionsByKind {
		at = addTally(at, kc.Tally)
	}
	line("", t("changes_before"), t("changes_now"), t("changes_new"), t("changes_resolved"), t("changes_unchanged"))
	line(t("changes_findings"), n(ft.Before), n(ft.After), n(ft.New), n(ft.Resolved), n(ft.Unchanged))
	line(t("changes_actions"), n(at.Before), n(at.After), n(at.New), n(at.Resolved), n(at.Unchanged))

	if len(c.FindingsByRule) > 0 {
		section(t("changes_per_rule"))
		line(t("rule"), t("severity"), t("changes_before"), t("changes_now"), t("changes_new"), t("changes_resolved"), t("changes_unchanged"))
		for _, rc := range c.FindingsByRule {
			line(rc.Rule, T(lang, string(rc.Severity)), n(rc.Before), n(rc.After), n(rc.New), n(rc.Resolved), n(rc.Unchanged))
		}
	}
	if len(c.ActionsByKind) > 0 {
		section(t("pdf_actions_by_kind"))
		line(t("pdf_kind"), t("changes_before"), t("changes_now"), t("changes_new"), t("changes_gone"), t("changes_unchanged"))
		for _, kc := range c.ActionsByKind {
			line(KindLabel(lang, kc.Kind), n(kc.Before), n(kc.After), n(kc.New), n(kc.Resolved), n(kc.Unchanged))
		}
	}
	findings := func(key string, list []syncaudit.Finding) {
		section(fmt.Sprintf("%s (%d)", t(key), len(list)))
		if len(list) == 0 {
			line(t("changes_none"))
		}
		for _, f := range list {
			line(f.Rule, T(lang, string(f.Severity)), whoOf(f.Account, f.Source, f.SourceID), f.School, f.Message)
		}
	}
	actions := func(key string, list []syncaudit.Action) {
		section(fmt.Sprintf("%s (%d)", t(key), len(list)))
		if len(list) == 0 {
			line(t("changes_none"))
		}
		for _, a := range list {
			what := a.Reason
			if a.Kind == syncaudit.Update {
				what = fmt.Sprintf("%s: %q -> %q", a.Field, a.From, a.To)
			}
			line(a.Rule, KindLabel(lang, a.Kind), whoOf(a.Account, a.Source, a.SourceID), a.School, what)
		}
	}
	findings("changes_new_findings", c.NewFindings)
	findings("changes_resolved_findings", c.ResolvedFindings)
	actions("changes_new_actions", c.NewActions)
	actions("changes_gone_actions", c.ResolvedActions)
	tw.Flush()
	if ew.err != nil {
		return fmt.Errorf("write changes: %w", ew.err)
	}
	return nil
}

// whoOf names who a finding or action is about: the account, else the source
// record (source:source_id), else "-" for the whole tenant.
func whoOf(account, source, sourceID string) string {
	switch {
	case account != "":
		return account
	case sourceID != "":
		return source + ":" + sourceID
	}
	return "-"
}

// countText writes a count that may be unknown (-1).
func countText(lang Lang, n int) string {
	if n < 0 {
		return T(lang, "pdf_unknown")
	}
	return fmt.Sprint(n)
}
