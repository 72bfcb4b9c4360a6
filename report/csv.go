package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/syncaudit/syncaudit"
)

// CSV writes the report's actions as actions.csv: one row per action, the
// contract's action fields as columns, evidence as key=value pairs. Cells that
// a spreadsheet would read as a formula are neutralised (OWASP CSV injection).
type CSV struct{}

// csvHeader is the header of actions.csv.
var csvHeader = []string{
	"kind", "account", "school", "field", "from", "to", "source", "source_id", "group",
	"expires_at", "rule", "state", "skipped_by", "reason", "evidence",
}

// Write writes the actions as CSV with a header line.
func (CSV) Write(w io.Writer, rep *syncaudit.Report) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return fmt.Errorf("write actions: %w", err)
	}
	for _, a := range rep.Actions {
		row := []string{
			string(a.Kind), a.Account, a.School, a.Field, a.From, a.To, a.Source, a.SourceID, a.Group,
			string(a.ExpiresAt), a.Rule, string(a.State), a.SkippedBy, a.Reason, evidenceText(a.Evidence),
		}
		for i := range row {
			row[i] = Neutralise(row[i])
		}
		if err := cw.Write(row); err != nil {
			return fmt.Errorf("write actions: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write actions: %w", err)
	}
	return nil
}

// Neutralise prefixes a cell that starts with = + - @ tab or carriage return
// with a single quote, so a spreadsheet shows it as text instead of running
// it as a formula (OWASP: CSV injection). A CSV file has no other way to say
// so; the workbooks keep the value and set the cell's quote prefix instead.
func Neutralise(cell string) string {
	if NeedsQuote(cell) {
		return "'" + cell
	}
	return cell
}

// NeedsQuote reports whether a spreadsheet would read cell as a formula: it
// starts with = + - @, a tab or a carriage return.
func NeedsQuote(cell string) bool {
	if cell == "" {
		return false
	}
	switch cell[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return true
	}
	return false
}

// evidenceText writes evidence as key=value pairs in key order, joined by "; ".
func evidenceText(m map[string]string) string { return joinEvidence(m, "=") }

// joinEvidence writes evidence as key, sep, value in key order, pairs
// joined by "; ": one rendering for every format that shows evidence as text.
func joinEvidence(m map[string]string, sep string) string {
	if len(m) == 0 {
		return ""
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + sep + m[k]
	}
	return strings.Join(parts, "; ")
}
