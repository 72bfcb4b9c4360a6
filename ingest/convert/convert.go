// Package convert turns exports as schools have them into the contract's
// source tables: OneRoster 1.1 and 1.2 bulk CSV, Microsoft School Data Sync
// (v1 CSV, v2 and v2.1), SS12000 JSON, the persons + contracts CSV pair of a
// Dutch HR export (HelloID style), and any CSV through a mapping file
// (package mapping).
//
// Each converter returns syncaudit.SourceRecords (and, where the format names
// its schools, syncaudit.Schools for a starter tenant.yaml) with a Dropped
// report: what it could not place, counted per column and per skipped row with
// the reason. Nothing is guessed: a file or row that cannot be read is a
// *syncaudit.InputError naming file, line, column and value.
package convert

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/ingest/mapping"
)

// A Format is an export format convert reads.
type Format string

// The formats convert reads.
const (
	OneRoster Format = "oneroster"
	SDS       Format = "sds"
	SS12000   Format = "ss12000"
	HelloID   Format = "helloid"
	CSV       Format = "csv"
)

// Formats lists every format, for help texts.
var Formats = []Format{OneRoster, SDS, SS12000, HelloID, CSV}

// ParseFormat reads a format name.
func ParseFormat(s string) (Format, error) {
	f := Format(strings.ToLower(strings.TrimSpace(s)))
	for _, known := range Formats {
		if f == known {
			return f, nil
		}
	}
	return "", fmt.Errorf("unknown format %q: use oneroster, sds, ss12000, helloid or csv", s)
}

// Options steer a conversion.
type Options struct {
	// Source is the source the records are written for (las, hr or sis).
	Source syncaudit.Source
	// SchoolMap renames school codes, old -> new (--school-map); codes it
	// does not list are kept and counted in Dropped.UnmappedSchools.
	SchoolMap map[string]string
	// Mapping is the mapping file for the csv format (--map).
	Mapping *mapping.Mapping
	// SkipInvalid leaves out rows that cannot be read, listing each in
	// Dropped with its error, instead of failing on them. A file that cannot
	// be read at all (a missing column, a broken quote) still fails.
	SkipInvalid bool
	// DateFormat says how the export writes /-separated dates
	// (--date-format: syncaudit.DayFirstSlash or MonthFirstSlash); 0 takes
	// the format's default (see dateColumn).
	DateFormat syncaudit.DateFormat
}

// A Result is a converted export.
type Result struct {
	// Records are the source records, for every format but csv.
	Records []syncaudit.SourceRecord
	// Schools are the schools the export names, when it does, as a starting
	// point for tenant.yaml; sorted by code.
	Schools []syncaudit.School
	// Table is the mapped table of the csv format, under contract column names.
	Table *mapping.Result
	// Dropped is what the converter could not place.
	Dropped *Dropped
}

// Convert reads the export at in (a folder or a file, as the format needs).
func Convert(ctx context.Context, format Format, in string, opt Options) (*Result, error) {
	if _, err := os.Stat(in); err != nil {
		return nil, &syncaudit.InputError{File: in, Problem: "the export cannot be opened: " + unwrapPathError(err), Fix: "give --in the export's folder or file"}
	}
	if format != CSV {
		if _, err := syncaudit.ParseSource(string(opt.Source)); err != nil {
			return nil, fmt.Errorf("convert %s: %w", format, err)
		}
	}
	r := &run{opt: opt, d: newDropped(format, in)}
	if format != CSV && isZip(in) {
		dir, cleanup, err := unzipBundle(in)
		if err != nil {
			return nil, err
		}
		defer cleanup()
		in = dir
	}
	var (
		res *Result
		err error
	)
	switch format {
	case OneRoster:
		res, err = convertOneRoster(ctx, r, in)
	case SDS:
		res, err = convertSDS(ctx, r, in)
	case SS12000:
		res, err = convertSS12000(ctx, r, in)
	case HelloID:
		res, err = convertHelloID(ctx, r, in)
	case CSV:
		res, err = convertCSV(ctx, r, in)
	default:
		return nil, fmt.Errorf("unknown format %q: use oneroster, sds, ss12000, helloid or csv", format)
	}
	if err == nil {
		err = r.err()
	}
	if err != nil {
		return nil, err
	}
	res.Dropped = r.d
	r.finish(res)
	return res, nil
}

// run is one conversion's shared state: its options, the dropped report, and
// the row errors gathered so far.
type run struct {
	opt  Options
	d    *Dropped
	errs syncaudit.InputErrors
	// file is the export file the records' lines refer to, for merge notes.
	file string
}

// bad reports a row that cannot be read: an error, or with SkipInvalid a
// skipped row.
func (r *run) bad(e *syncaudit.InputError) {
	if r.opt.SkipInvalid {
		r.d.skip(e.File, e.Line, "", "cannot be read: "+e.Error())
		return
	}
	r.errs = append(r.errs, e)
}

// tooMany reports whether enough errors are gathered to stop reading.
func (r *run) tooMany() bool { return len(r.errs) >= 50 }

func (r *run) err() error {
	switch len(r.errs) {
	case 0:
		return nil
	case 1:
		return r.errs[0]
	}
	return r.errs
}

// finish sets the source, renames schools through the school map, merges
// records that became the same person at the same school in the same kind,
// sorts schools, and fills the record count.
func (r *run) finish(res *Result) {
	rename := func(code string) string {
		if to, ok := r.opt.SchoolMap[code]; ok {
			return to
		}
		return code
	}
	if r.opt.SchoolMap != nil {
		for _, rec := range res.Records {
			if _, ok := r.opt.SchoolMap[rec.School]; !ok && rec.School != "" {
				r.d.unmappedSchool(rec.School)
			}
		}
	}
	if res.Records != nil {
		res.Records = r.onePerSchool(res.Records, rename)
	}
	seen := map[string]bool{}
	var schools []syncaudit.School
	for _, s := range res.Schools {
		s.ID = rename(s.ID)
		if seen[s.ID] {
			continue
		}
		seen[s.ID] = true
		schools = append(schools, s)
	}
	sort.Slice(schools, func(i, j int) bool { return schools[i].ID < schools[j].ID })
	res.Schools = schools
	if res.Table != nil {
		r.d.Records = len(res.Table.Rows)
	} else {
		r.d.Records = len(res.Records)
	}
}

// kindRank orders the kinds when a person has two at one school: the
// contract holds one record per person and school, and the account a staff
// member who is also a parent has is their staff account.
var kindRank = map[syncaudit.Kind]int{syncaudit.Staff: 0, syncaudit.Student: 1, syncaudit.Guardian: 2}

// onePerSchool renames the records' schools and merges the records of one
// person at one school, as the contract holds them (ingest refuses a person
// listed twice at a school). Two records of the same kind (an HR export's
// two contracts, or two old school codes renamed to one) merge: groups and
// courses are joined, the dates widen to the earliest start and the latest
// end (an open end stays open), and the role is that of the record that
// starts last. Of two kinds, the first of staff, student, guardian is kept.
// Every merge is listed in Dropped with the reason.
func (r *run) onePerSchool(in []syncaudit.SourceRecord, rename func(string) string) []syncaudit.SourceRecord {
	type key struct{ id, school string }
	var out []syncaudit.SourceRecord
	index := map[key]int{}
	for _, rec := range in {
		rec.Source = r.opt.Source
		rec.School = rename(rec.School)
		k := key{rec.SourceID, rec.School}
		i, dup := index[k]
		if !dup {
			index[k] = len(out)
			out = append(out, rec)
			continue
		}
		kept := &out[i]
		if kept.Kind != rec.Kind {
			drop := rec
			if kindRank[rec.Kind] < kindRank[kept.Kind] {
				drop, *kept = *kept, rec
			}
			r.d.skip(r.file, drop.Line, drop.SourceID, fmt.Sprintf("also %s at the same school: one record per person and school, the %s record is kept", drop.Kind, kept.Kind))
			continue
		}
		for _, g := range rec.Groups {
			kept.Groups = appendUnique(kept.Groups, g)
		}
		for _, c := range rec.Courses {
			kept.Courses = appendUnique(kept.Courses, c)
		}
		for _, p := range rec.Programs {
			kept.Programs = appendUnique(kept.Programs, p)
		}
		if rec.Role != kept.Role {
			if rec.StartDate.After(kept.StartDate) {
				kept.Role = rec.Role
			}
		}
		if rec.StartDate.IsZero() || rec.StartDate.Before(kept.StartDate) {
			kept.StartDate = rec.StartDate
		}
		if rec.EndDate.IsZero() || kept.EndDate.IsZero() {
			kept.EndDate = ""
		} else if rec.EndDate.After(kept.EndDate) {
			kept.EndDate = rec.EndDate
		}
		r.d.skip(r.file, rec.Line, rec.SourceID, "a second record of the person at the same school, merged into the first (earliest start, latest end, role of the latest start)")
	}
	return out
}

// newSchool returns a school with the default switches, for a starter tenant.yaml.
func newSchool(id, name string) syncaudit.School {
	return syncaudit.School{ID: id, Name: name, Sync: syncaudit.DefaultSyncSwitches()}
}

// ReadSchoolMap reads a school map: a two-column CSV old,new (',' or ';'),
// with or without a header line old,new. file is the path as the user knows it.
func ReadSchoolMap(path, file string) (map[string]string, error) {
	t, err := readTable(path, file, 0)
	if err != nil {
		return nil, err
	}
	rows := t.rows
	first := mapping.Row{Line: 1, Cells: t.header}
	switch strings.ToLower(strings.Join(t.header, ",")) {
	case "old,new", "from,to", "oud,nieuw", "gammal,ny":
	default:
		rows = append([]mapping.Row{first}, rows...)
	}
	m := map[string]string{}
	for _, row := range rows {
		if len(row.Cells) != 2 || row.Cells[0] == "" || row.Cells[1] == "" {
			return nil, &syncaudit.InputError{File: file, Line: row.Line, Value: strings.Join(row.Cells, ","),
				Problem: "a school map row needs two codes: old,new", Fix: "write one old,new pair per line"}
		}
		old, to := strings.TrimSpace(row.Cells[0]), strings.TrimSpace(row.Cells[1])
		if prev, dup := m[old]; dup && prev != to {
			return nil, &syncaudit.InputError{File: file, Line: row.Line, Column: "old", ColumnIndex: 1, Value: old,
				Problem: fmt.Sprintf("the school is renamed twice, to %s and to %s", prev, to), Fix: "keep one line for it"}
		}
		m[old] = to
	}
	return m, nil
}

// rel returns path relative to the export's root, for messages: the file
// name a coordinator recognises.
func rel(root, path string) string {
	if r, err := filepath.Rel(root, path); err == nil && !strings.HasPrefix(r, "..") && r != "." {
		return r
	}
	return filepath.Base(path)
}

func unwrapPathError(err error) string {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err.Error()
	}
	return err.Error()
}

// personKey is the key of one record: a person at a school in one kind.
type personKey struct {
	id     string
	school string
	kind   syncaudit.Kind
}

// recordSet keeps records in the order first seen, one per person, school and kind.
type recordSet struct {
	recs  []syncaudit.SourceRecord
	index map[personKey]int
	byID  map[string][]int // a person's records, so that lookups stay linear in large exports
}

func newRecordSet() *recordSet {
	return &recordSet{index: map[personKey]int{}, byID: map[string][]int{}}
}

// add adds rec unless the person already has a record at that school in that
// kind; it returns the index of the record kept. Indices stay valid as the
// set grows; pointers into recs would not.
func (s *recordSet) add(rec syncaudit.SourceRecord) int {
	k := personKey{rec.SourceID, rec.School, rec.Kind}
	if i, ok := s.index[k]; ok {
		return i
	}
	i := len(s.recs)
	s.index[k] = i
	s.byID[rec.SourceID] = append(s.byID[rec.SourceID], i)
	s.recs = append(s.recs, rec)
	return i
}

// at returns the indices of a person's records at a school: the one of the
// given kind when there is one, else all of them.
func (s *recordSet) at(id, school string, kind syncaudit.Kind) []int {
	if i, ok := s.index[personKey{id, school, kind}]; ok {
		return []int{i}
	}
	var out []int
	for _, k := range []syncaudit.Kind{syncaudit.Student, syncaudit.Staff, syncaudit.Guardian} {
		if i, ok := s.index[personKey{id, school, k}]; ok {
			out = append(out, i)
		}
	}
	return out
}

// schoolsOf returns the schools where a person has a record of the given kind.
func (s *recordSet) schoolsOf(id string, kind syncaudit.Kind) []string {
	var out []string
	for _, i := range s.byID[id] {
		if r := s.recs[i]; r.Kind == kind {
			out = appendUnique(out, r.School)
		}
	}
	return out
}

// appendUnique appends v to list unless it is empty or already there.
func appendUnique(list []string, v string) []string {
	if v == "" {
		return list
	}
	for _, s := range list {
		if s == v {
			return list
		}
	}
	return append(list, v)
}

// A namedGroup is a class or section of an export: its key, school and the
// name people know it by.
type namedGroup struct{ id, school, name string }

// groupNames returns the name each group is written with in the contract's
// groups: its own name, unless another group of the same school has the
// same name (two sections both called "Mathematics"), when each of them is
// written "name (id)" so that their members are not merged into one group.
func groupNames(groups []namedGroup) map[string]string {
	type key struct{ school, name string }
	ids := map[key]map[string]bool{}
	for _, g := range groups {
		k := key{g.school, strings.ToLower(g.name)}
		if ids[k] == nil {
			ids[k] = map[string]bool{}
		}
		ids[k][g.id] = true
	}
	out := map[string]string{}
	for _, g := range groups {
		out[g.id] = g.name
		if len(ids[key{g.school, strings.ToLower(g.name)}]) > 1 {
			out[g.id] = g.name + " (" + g.id + ")"
		}
	}
	return out
}
