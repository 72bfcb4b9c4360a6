package ingest

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/gocarina/gocsv"
	"gopkg.in/yaml.v3"

	"github.com/syncaudit/syncaudit"
)

// A TableFormat says how a table is written: CSV with its delimiter, a JSON
// array, or JSON Lines.
type TableFormat struct {
	Format    string // "csv", "json" or "jsonl"
	Delimiter rune   // for CSV; ',' when zero
}

// CSV is the default table format: comma-separated.
var CSV = TableFormat{Format: "csv", Delimiter: ','}

// FormatOf returns the format an input file was read in, so that the next
// snapshot is written the same way.
func FormatOf(in syncaudit.InputFile) TableFormat {
	f := TableFormat{Format: in.Format, Delimiter: in.Delimiter}
	if f.Format == "" {
		f.Format = "csv"
	}
	if f.Delimiter == 0 {
		f.Delimiter = ','
	}
	return f
}

// Ext returns the file ending of the format, without the dot.
func (f TableFormat) Ext() string {
	if f.Format == "" {
		return "csv"
	}
	return f.Format
}

// WriteSourceRecords writes a source table (sources/<source>.*).
func WriteSourceRecords(w io.Writer, recs []syncaudit.SourceRecord, f TableFormat) error {
	return writeTable(w, f, recs, func(r *syncaudit.SourceRecord) *sourceRow {
		return &sourceRow{
			SourceID: r.SourceID, School: r.School, Kind: string(r.Kind), Role: r.Role,
			FirstName: r.FirstName, NamePrefix: r.NamePrefix, LastName: r.LastName, Email: r.Email,
			Groups: join(r.Groups), Courses: join(r.Courses), Programs: join(r.Programs),
			StartDate: r.StartDate.String(), EndDate: r.EndDate.String(),
		}
	})
}

// WriteAccounts writes the target's account table (target/accounts.*). The
// programs column (P3) is written only when some account has programs: an
// empty column would read back as "every program library is empty".
func WriteAccounts(w io.Writer, accounts []syncaudit.Account, f TableFormat) error {
	drop := []string{"programs"}
	for i := range accounts {
		if len(accounts[i].Programs) > 0 {
			drop = nil
			break
		}
	}
	return writeTable(w, f, accounts, func(a *syncaudit.Account) *accountRow {
		links := make([]string, len(a.Links))
		for i, l := range a.Links {
			links[i] = l.String()
		}
		return &accountRow{
			AccountID: a.ID, Username: a.Username, FirstName: a.FirstName, NamePrefix: a.NamePrefix,
			LastName: a.LastName, Email: a.Email, Kind: string(a.Kind), Status: string(a.Status),
			DeletedAt: a.DeletedAt.String(), RestoredAt: a.RestoredAt.String(), Schools: join(a.Schools),
			Links: join(links), LastLogin: a.LastLogin.String(),
			M365: strconv.FormatBool(a.M365), M365License: strconv.FormatBool(a.M365License), Google: strconv.FormatBool(a.Google),
			Programs: join(a.Programs),
		}
	}, drop...)
}

// WriteExceptions writes the import-exceptions list (target/exceptions.*).
func WriteExceptions(w io.Writer, entries []syncaudit.ExceptionEntry, f TableFormat) error {
	return writeTable(w, f, entries, func(e *syncaudit.ExceptionEntry) *exceptionRow {
		return &exceptionRow{
			AccountID: e.AccountID, Reason: e.Reason, AddedBy: e.AddedBy, AddedAt: e.AddedAt.String(),
			ReviewedAt: e.ReviewedAt.String(), ExpiresAt: e.ExpiresAt.String(),
		}
	})
}

// WriteMemberships writes the target's memberships (target/memberships.*).
func WriteMemberships(w io.Writer, ms []syncaudit.Membership, f TableFormat) error {
	return writeTable(w, f, ms, func(m *syncaudit.Membership) *membershipRow {
		return &membershipRow{AccountID: m.AccountID, School: m.School, Group: m.Group, Kind: string(m.Kind), Origin: string(m.Origin)}
	})
}

// WriteTenant writes tenant.yaml.
func WriteTenant(w io.Writer, t *syncaudit.Tenant) error {
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(t); err != nil {
		return fmt.Errorf("write tenant: %w", err)
	}
	return enc.Close()
}

// writeTable writes items as CSV through gocsv (columns in contract order),
// or as JSON objects keyed by contract column names, leaving out the
// columns named in drop.
func writeTable[T, R any](w io.Writer, f TableFormat, items []T, row func(*T) *R, drop ...string) error {
	bw := bufio.NewWriter(w)
	switch f.Format {
	case "", "csv":
		cw := csv.NewWriter(bw)
		cw.Comma = f.Delimiter
		if cw.Comma == 0 {
			cw.Comma = ','
		}
		var out gocsv.CSVWriter = gocsv.NewSafeCSVWriter(cw)
		if len(drop) > 0 {
			out = &droppingWriter{CSVWriter: out, drop: drop}
		}
		rows := make([]*R, 0, min(len(items), chunkSize))
		for start := 0; start == 0 || start < len(items); start += chunkSize {
			rows = rows[:0]
			for i := start; i < min(start+chunkSize, len(items)); i++ {
				rows = append(rows, row(&items[i]))
			}
			marshal := gocsv.MarshalCSVWithoutHeaders
			if start == 0 {
				marshal = gocsv.MarshalCSV
			}
			if err := marshal(rows, out); err != nil {
				return err
			}
		}
		cw.Flush()
		if err := cw.Error(); err != nil {
			return err
		}
	case "json", "jsonl":
		if f.Format == "json" {
			bw.WriteString("[\n")
		}
		for i := range items {
			b, err := json.Marshal(jsonRow(row(&items[i]), drop...))
			if err != nil {
				return err
			}
			if f.Format == "json" && i > 0 {
				bw.WriteString(",\n")
			}
			bw.Write(b)
			if f.Format == "jsonl" {
				bw.WriteByte('\n')
			}
		}
		if f.Format == "json" {
			bw.WriteString("\n]\n")
		}
	default:
		return fmt.Errorf("unknown table format %q: use csv, json or jsonl", f.Format)
	}
	return bw.Flush()
}

// listColumns and boolColumns are the contract columns that JSON holds as
// arrays and booleans; every other column is a string.
var (
	listColumns = map[string]bool{"groups": true, "courses": true, "programs": true, "schools": true, "links": true}
	boolColumns = map[string]bool{"m365": true, "m365_license": true, "google": true}
)

// jsonRow turns a raw row (a pointer to one of the row structs of rows.go)
// into an ordered JSON object keyed by the row's csv tags, in contract
// order: lists become arrays, yes/no columns booleans, empty cells are left
// out.
func jsonRow(r any, drop ...string) orderedObject {
	var obj orderedObject
	v := reflect.ValueOf(r).Elem()
	for i := 0; i < v.NumField(); i++ {
		key, value := v.Type().Field(i).Tag.Get("csv"), v.Field(i).String()
		switch {
		case slices.Contains(drop, key):
		case listColumns[key]:
			if l := list(value); len(l) > 0 {
				obj = append(obj, kv{key, l})
			}
		case boolColumns[key]:
			if value == "true" {
				obj = append(obj, kv{key, true})
			}
		case value != "":
			obj = append(obj, kv{key, value})
		}
	}
	return obj
}

// A droppingWriter writes CSV rows without the columns named in drop, which
// it finds in the header (the first row written).
type droppingWriter struct {
	gocsv.CSVWriter
	drop []string
	keep []bool // per column of the header; nil until the header is written
}

func (d *droppingWriter) Write(row []string) error {
	if d.keep == nil {
		d.keep = make([]bool, len(row))
		for i, name := range row {
			d.keep[i] = !slices.Contains(d.drop, name)
		}
	}
	out := make([]string, 0, len(row))
	for i, cell := range row {
		if i >= len(d.keep) || d.keep[i] {
			out = append(out, cell)
		}
	}
	return d.CSVWriter.Write(out)
}

type kv struct {
	key   string
	value any
}

// orderedObject is a JSON object that keeps its keys in contract order.
type orderedObject []kv

func (o orderedObject) MarshalJSON() ([]byte, error) {
	var b strings.Builder
	b.WriteByte('{')
	for i, p := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(p.key)
		v, err := json.Marshal(p.value)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return []byte(b.String()), nil
}

func join(items []string) string { return strings.Join(items, listSeparator) }

// WriteSnapshot writes snap as a snapshot folder in dir: tenant.yaml, one
// sources/<source> file per source that has records or was read, and the
// target tables, each in the format it was read in (CSV with ',' for tables
// the snapshot did not read from a file). dir must exist.
func WriteSnapshot(dir string, snap *syncaudit.Snapshot) error {
	formats := map[string]TableFormat{}
	for _, in := range snap.Inputs {
		base := strings.TrimSuffix(in.File, filepath.Ext(in.File))
		formats[base] = FormatOf(in)
	}
	formatFor := func(base string) TableFormat {
		if f, ok := formats[base]; ok {
			return f
		}
		return CSV
	}
	write := func(base string, f TableFormat, fn func(io.Writer) error) error {
		path := filepath.Join(dir, filepath.FromSlash(base+"."+f.Ext()))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		out, err := os.Create(path)
		if err != nil {
			return err
		}
		if err := fn(out); err != nil {
			out.Close()
			return fmt.Errorf("write %s: %w", path, err)
		}
		return out.Close()
	}
	if err := write("tenant", TableFormat{Format: "yaml"}, func(w io.Writer) error { return WriteTenant(w, &snap.Tenant) }); err != nil {
		return err
	}
	// table writes the table base in the format it was read in; a table
	// that was not read is written only when it is needed (has rows).
	table := func(base string, needed bool, fn func(io.Writer, TableFormat) error) error {
		if _, read := formats[base]; !read && !needed {
			return nil
		}
		f := formatFor(base)
		return write(base, f, func(w io.Writer) error { return fn(w, f) })
	}
	bySource := map[syncaudit.Source][]syncaudit.SourceRecord{}
	for _, r := range snap.Records {
		bySource[r.Source] = append(bySource[r.Source], r)
	}
	for _, src := range []syncaudit.Source{syncaudit.LAS, syncaudit.HR, syncaudit.SIS} {
		recs := bySource[src]
		if err := table("sources/"+string(src), len(recs) > 0, func(w io.Writer, f TableFormat) error { return WriteSourceRecords(w, recs, f) }); err != nil {
			return err
		}
	}
	if err := table("target/accounts", true, func(w io.Writer, f TableFormat) error { return WriteAccounts(w, snap.Accounts, f) }); err != nil {
		return err
	}
	if err := table("target/exceptions", len(snap.Exceptions) > 0, func(w io.Writer, f TableFormat) error { return WriteExceptions(w, snap.Exceptions, f) }); err != nil {
		return err
	}
	if err := table("target/memberships", len(snap.Memberships) > 0, func(w io.Writer, f TableFormat) error { return WriteMemberships(w, snap.Memberships, f) }); err != nil {
		return err
	}
	return nil
}
