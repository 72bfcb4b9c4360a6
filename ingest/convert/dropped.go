package convert

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
)

// Dropped is what a conversion could not place: the export's columns it does
// not carry into the contract, the rows it skipped and why, the files of the
// export it did not read, and the school codes the school map did not list.
// It is printed at the end of a conversion and written beside the output as
// JSON (OUT.dropped.json).
type Dropped struct {
	Format string `json:"format"`
	Input  string `json:"input"`
	// Records is the number of records (or table rows) written.
	Records int `json:"records"`
	// Columns counts, per file and column, the cells with a value that the
	// contract has no place for.
	Columns map[string]map[string]int `json:"columns"`
	// Reasons counts the skipped rows per reason.
	Reasons map[string]int `json:"reasons"`
	// Rows lists every skipped row.
	Rows []DroppedRow `json:"rows"`
	// Files counts the data rows of the export's files that were not read.
	Files map[string]int `json:"files,omitempty"`
	// UnmappedSchools counts the records per school code that a school map
	// was given for but does not list; those codes are kept as they are.
	UnmappedSchools map[string]int `json:"unmapped_schools,omitempty"`
	// UnknownOrgs counts the records per org id that the export's org list
	// (orgs.csv) does not hold: kept, with an empty school name.
	UnknownOrgs map[string]int `json:"unknown_orgs,omitempty"`
	// NotSchools lists, per org that is not a school (a district, a
	// department, a university), its type and record count: its records
	// are kept but it is not made a school of the starter tenant.yaml.
	NotSchools map[string]NotSchool `json:"not_schools,omitempty"`
	// Notes counts what the converter did that a coordinator should know
	// of, without a row being skipped.
	Notes map[string]int `json:"notes,omitempty"`
}

// A NotSchool is an org of the export that is not a school.
type NotSchool struct {
	Type    string `json:"type"`
	Records int    `json:"records"`
}

func (d *Dropped) unknownOrg(id string, records int) {
	if d.UnknownOrgs == nil {
		d.UnknownOrgs = map[string]int{}
	}
	d.UnknownOrgs[id] = records
}

func (d *Dropped) notSchool(id, typ string, records int) {
	if d.NotSchools == nil {
		d.NotSchools = map[string]NotSchool{}
	}
	d.NotSchools[id] = NotSchool{Type: typ, Records: records}
}

// NoteEmptyExport is the note of a well-formed export that holds no data
// row at all: convert writes empty tables rather than refusing it.
const NoteEmptyExport = "the export holds no records (its files have headers and no rows, as a new school's does): the tables are written empty"

// Note adds a note to the report.
func (d *Dropped) Note(what string) { d.note(what) }

func (d *Dropped) note(what string) {
	if d.Notes == nil {
		d.Notes = map[string]int{}
	}
	d.Notes[what]++
}

// A DroppedRow is one skipped row of an export.
type DroppedRow struct {
	File   string `json:"file"`
	Line   int    `json:"line,omitempty"`
	ID     string `json:"id,omitempty"`
	Reason string `json:"reason"`
}

func newDropped(f Format, in string) *Dropped {
	return &Dropped{Format: string(f), Input: in, Columns: map[string]map[string]int{}, Reasons: map[string]int{}, Rows: []DroppedRow{}}
}

// skip records a skipped row.
func (d *Dropped) skip(file string, line int, id, reason string) {
	d.Rows = append(d.Rows, DroppedRow{File: file, Line: line, ID: id, Reason: reason})
	key := reason
	if strings.HasPrefix(reason, "cannot be read: ") {
		key = "cannot be read"
	}
	d.Reasons[key]++
}

// column counts n dropped cells of a column.
func (d *Dropped) column(file, col string, n int) {
	if d.Columns[file] == nil {
		d.Columns[file] = map[string]int{}
	}
	d.Columns[file][col] += n
}

// file records a file of the export that was not read.
func (d *Dropped) file(name string, rows int) {
	if d.Files == nil {
		d.Files = map[string]int{}
	}
	d.Files[name] = rows
}

func (d *Dropped) unmappedSchool(code string) {
	if d.UnmappedSchools == nil {
		d.UnmappedSchools = map[string]int{}
	}
	d.UnmappedSchools[code]++
}

// Skipped returns the number of skipped rows.
func (d *Dropped) Skipped() int { return len(d.Rows) }

// WriteJSON writes the report as indented JSON.
func (d *Dropped) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(d)
}

// WriteText writes the summary a person reads at the end of a conversion:
// records written, skipped rows per reason, dropped columns with their counts.
func (d *Dropped) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "converted %s: %d records written, %d rows skipped\n", d.Input, d.Records, len(d.Rows))
	for _, reason := range sortedKeys(d.Reasons) {
		fmt.Fprintf(&b, "  skipped %4d  %s\n", d.Reasons[reason], reason)
	}
	for _, file := range sortedKeys(d.Columns) {
		cols := d.Columns[file]
		var parts []string
		for _, c := range sortedKeys(cols) {
			if cols[c] > 0 { // empty columns lose nothing
				parts = append(parts, fmt.Sprintf("%s (%d)", c, cols[c]))
			}
		}
		if len(parts) > 0 {
			fmt.Fprintf(&b, "  not carried over from %s: %s\n", file, strings.Join(parts, ", "))
		}
	}
	for _, f := range sortedKeys(d.Files) {
		fmt.Fprintf(&b, "  not read: %s (%d rows)\n", f, d.Files[f])
	}
	if len(d.UnmappedSchools) > 0 {
		var parts []string
		for _, s := range sortedKeys(d.UnmappedSchools) {
			parts = append(parts, fmt.Sprintf("%s (%d)", s, d.UnmappedSchools[s]))
		}
		fmt.Fprintf(&b, "  schools the school map does not list, kept as they are: %s\n", strings.Join(parts, ", "))
	}
	if len(d.UnknownOrgs) > 0 {
		var parts []string
		for _, s := range sortedKeys(d.UnknownOrgs) {
			parts = append(parts, fmt.Sprintf("%s (%s)", s, records(d.UnknownOrgs[s])))
		}
		fmt.Fprintf(&b, "  orgs the export's org list does not hold, kept without a name: %s\n", strings.Join(parts, ", "))
	}
	if len(d.NotSchools) > 0 {
		var parts []string
		for _, s := range sortedKeys(d.NotSchools) {
			parts = append(parts, fmt.Sprintf("%s (%s, %s)", s, d.NotSchools[s].Type, records(d.NotSchools[s].Records)))
		}
		fmt.Fprintf(&b, "  orgs that are not schools, left out of the starter tenant.yaml (map them to a school with --school-map): %s\n", strings.Join(parts, ", "))
	}
	for _, n := range sortedKeys(d.Notes) {
		fmt.Fprintf(&b, "  note %6d  %s\n", d.Notes[n], n)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// records counts records in words: "1 record", "2 records".
func records(n int) string {
	if n == 1 {
		return "1 record"
	}
	return fmt.Sprintf("%d records", n)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
