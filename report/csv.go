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
//
// The file is written for the spreadsheet of the reader's locale, as
// CSVDelimiter says: UTF-8 with a byte order mark (so Excel reads "Björn
// Ängström" and not "BjÃ¶rn"), and ";" between the cells where the locale's
// decimal comma makes Excel expect it (nl, sv), "," in English.
type CSV struct {
	// Lang picks the delimiter when Delimiter is 0; "" takes the report's
	// run language.
	Lang Lang
	// Delimiter, when not 0, is the cell separator: ',', ';' or tab.
	Delimiter rune
	// Snapshot, when given, gives an action whose rule named no school the
	// schools of its account (joined by "|", as the snapshot's lists are).
	Snapshot *syncaudit.Snapshot
}

// utf8BOM is the byte order mark that tells a spreadsheet a CSV file is UTF-8.
const utf8BOM = "\uFEFF"

// CSVDelimiter returns the cell separator a spreadsheet in lang expects: ";"
// for Dutch and Swedish (their decimal separator is the comma, so Excel's
// list separator there is the semicolon), "," for English.
func CSVDelimiter(lang Lang) rune {
	switch lang {
	case Dutch, Swedish:
		return ';'
	}
	return ','
}

// ParseCSVDelimiter reads a --csv-delimiter value: "," (or comma), ";" (or
// semicolon), tab (or \t); "" gives 0, the language's default.
func ParseCSVDelimiter(s string) (rune, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "":
		return 0, nil
	case ",", "comma":
		return ',', nil
	case ";", "semicolon":
		return ';', nil
	case `\t`, "tab":
		return '\t', nil
	}
	return 0, fmt.Errorf("unknown delimiter %q: use \",\", \";\" or tab", s)
}

// csvHeader is the header of actions.csv.
var csvHeader = []string{
	"kind", "account", "school", "field", "from", "to", "source", "source_id", "group",
	"expires_at", "rule", "state", "skipped_by", "reason", "evidence",
}

// Write writes the actions as CSV with a header line.
func (c CSV) Write(w io.Writer, rep *syncaudit.Report) error {
	delim := c.Delimiter
	if delim == 0 {
		delim = CSVDelimiter(langOf(c.Lang, rep))
	}
	if _, err := io.WriteString(w, utf8BOM); err != nil {
		return fmt.Errorf("write actions: %w", err)
	}
	cw := csv.NewWriter(w)
	cw.Comma = delim
	if err := cw.Write(csvHeader); err != nil {
		return fmt.Errorf("write actions: %w", err)
	}
	at := accountSchools(c.Snapshot)
	for _, a := range rep.Actions {
		var schools []string
		for _, s := range at.of(a.School, a.Account) {
			if s = schoolCell(s); s != "" {
				schools = append(schools, s)
			}
		}
		row := []string{
			string(a.Kind), a.Account, strings.Join(schools, "|"), a.Field, a.From, a.To, a.Source, a.SourceID, a.Group,
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
