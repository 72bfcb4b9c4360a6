package syncaudit

import (
	"fmt"
	"strings"
)

// An InputError says what in a snapshot (or another input) cannot be used and
// where: the file, line and column, the value found, and what to do. Like
// strconv.NumError it is a type so that callers can branch on it: the CLI
// turns it into exit code 2 with nothing written.
type InputError struct {
	File   string // path as the user knows it, e.g. target/accounts.csv
	Line   int    // 1-based; 0 when the error is about the whole file
	Column string // the column's contract name (or header text); "" when not about one column
	// ColumnIndex is the 1-based column number in the file; 0 when unknown.
	ColumnIndex int
	Value       string // the offending value, as read
	Problem     string // what is wrong
	Fix         string // what to do about it
}

// Error writes file:line:column: problem (value "x"); fix.
func (e *InputError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
		if e.ColumnIndex > 0 {
			fmt.Fprintf(&b, ":%d", e.ColumnIndex)
		}
	}
	b.WriteString(": ")
	if e.Column != "" {
		fmt.Fprintf(&b, "column %s: ", e.Column)
	}
	b.WriteString(e.Problem)
	if e.Value != "" || e.Column != "" && e.ColumnIndex > 0 {
		fmt.Fprintf(&b, " (value %q)", e.Value)
	}
	if e.Fix != "" {
		b.WriteString("; ")
		b.WriteString(e.Fix)
	}
	return b.String()
}

// InputErrors collects several input errors, so a coordinator sees every
// problem of a file at once rather than one per run.
type InputErrors []*InputError

// Error lists the errors, one per line, at most 20.
func (es InputErrors) Error() string {
	const most = 20
	var lines []string
	for i, e := range es {
		if i == most {
			lines = append(lines, fmt.Sprintf("... and %d more", len(es)-most))
			break
		}
		lines = append(lines, e.Error())
	}
	return strings.Join(lines, "\n")
}

// A UsageError is a command line that cannot be used (exit code 2).
type UsageError struct{ Msg string }

// Error returns the message as written: it already names the verb and the flag.
func (e *UsageError) Error() string { return e.Msg }
