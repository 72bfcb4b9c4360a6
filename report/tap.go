package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/syncaudit/syncaudit"
)

// TAP writes the report as a TAP version 14 stream (the Test Anything
// Protocol that prove, tap-junit and many CI plugins read): one test point
// per rule of the catalogue, "not ok" when the rule has a deny or warn
// finding, with the findings as a YAML diagnostic block below it; info
// findings are a diagnostic of an "ok" point. Many tenants are one stream,
// each point named with its tenant; a tenant that could not be checked is
// one "not ok" point.
type TAP struct{}

// tapPoint is one test point: its description, whether it passed, and the
// YAML diagnostic lines below it.
type tapPoint struct {
	ok    bool
	desc  string
	diags []string
}

// Write writes the TAP stream of one report.
func (t TAP) Write(w io.Writer, rep *syncaudit.Report) error {
	return writeTAP(w, single(rep), false)
}

// WriteFleet writes one TAP stream for every tenant.
func (TAP) WriteFleet(w io.Writer, tenants []TenantResult) error {
	return writeTAP(w, tenants, true)
}

func writeTAP(w io.Writer, tenants []TenantResult, many bool) error {
	var points []tapPoint
	for _, t := range tenants {
		prefix := ""
		if many {
			prefix = t.name() + " "
		}
		if t.Report == nil {
			points = append(points, tapPoint{desc: t.name() + " could not be checked", diags: []string{"message: " + yamlString(t.notChecked())}})
			continue
		}
		points = append(points, tapPointsOf(t.Report, prefix)...)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "TAP version 14\n1..%d\n", len(points))
	for i, p := range points {
		status := "ok"
		if !p.ok {
			status = "not ok"
		}
		fmt.Fprintf(&b, "%s %d - %s\n", status, i+1, tapDescription(p.desc))
		if len(p.diags) > 0 {
			b.WriteString("  ---\n")
			for _, d := range p.diags {
				b.WriteString("  " + d + "\n")
			}
			b.WriteString("  ...\n")
		}
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("write tap: %w", err)
	}
	return nil
}

// tapPointsOf is a point per rule of rep's catalogue, and one per rule that
// reported without a catalogue entry.
func tapPointsOf(rep *syncaudit.Report, prefix string) []tapPoint {
	byRule := map[string][]syncaudit.Finding{}
	for _, f := range rep.Findings {
		byRule[f.Rule] = append(byRule[f.Rule], f)
	}
	var points []tapPoint
	seen := map[string]bool{}
	add := func(id, title string) {
		seen[id] = true
		p := tapPoint{ok: true, desc: strings.TrimSpace(prefix + id + " " + title)}
		fs := byRule[id]
		if len(fs) == 0 {
			points = append(points, p)
			return
		}
		worst := syncaudit.Info
		for _, f := range fs {
			if f.Severity.Rank() > worst.Rank() {
				worst = f.Severity
			}
		}
		p.ok = worst == syncaudit.Info
		p.diags = append(p.diags, "severity: "+string(worst), "findings:")
		for _, f := range fs {
			p.diags = append(p.diags, tapFinding(f)...)
		}
		points = append(points, p)
	}
	for _, r := range rep.Rules {
		if !seen[r.ID] {
			add(r.ID, r.Title)
		}
	}
	for _, f := range rep.Findings {
		if !seen[f.Rule] {
			add(f.Rule, "")
		}
	}
	return points
}

// tapFinding is a finding as a YAML list item.
func tapFinding(f syncaudit.Finding) []string {
	var lines []string
	field := func(k, v string) {
		if v == "" {
			return
		}
		lead := "    "
		if len(lines) == 0 {
			lead = "  - "
		}
		lines = append(lines, lead+k+": "+yamlString(v))
	}
	field("severity", string(f.Severity))
	field("account", f.Account)
	field("school", f.School)
	field("source", f.Source)
	field("source_id", f.SourceID)
	field("message", f.Message)
	field("fix", f.Fix)
	if len(f.Evidence) > 0 {
		lines = append(lines, "    evidence:")
		keys := make([]string, 0, len(f.Evidence))
		for k := range f.Evidence {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			lines = append(lines, "      "+yamlString(k)+": "+yamlString(f.Evidence[k]))
		}
	}
	return lines
}

// yamlString quotes s as a YAML double-quoted scalar (a JSON string is one),
// so that no value can end the block or start a TAP line.
func yamlString(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(Printable(s)) // a string always encodes
	return strings.TrimSuffix(b.String(), "\n")
}

// tapDescription keeps a description on its line and free of directives: #
// would start one (# SKIP, # TODO), and \ escapes.
func tapDescription(s string) string {
	return strings.NewReplacer("\\", "\\\\", "#", "\\#", "\n", " ", "\r", " ").Replace(Printable(s))
}
