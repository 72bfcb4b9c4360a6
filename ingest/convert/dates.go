package convert

import (
	"fmt"
	"strings"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/ingest/mapping"
)

// slashFormats are the two readings of a /-separated date.
const slashFormats = syncaudit.DayFirstSlash | syncaudit.MonthFirstSlash

// formatDateDefault is, per format, how a /-separated date both orders read
// (9/1/2021) is taken when --date-format does not say: OneRoster and School
// Data Sync come out of US systems and US-locale Excel, month-first; the
// Dutch HR export and SS12000 are written day-first. The csv format has no
// default: its mapping's date: says, or an ambiguous column is refused.
var formatDateDefault = map[Format]syncaudit.DateFormat{
	OneRoster: syncaudit.MonthFirstSlash,
	SDS:       syncaudit.MonthFirstSlash,
	HelloID:   syncaudit.DayFirstSlash,
	SS12000:   syncaudit.DayFirstSlash,
}

// dateColumn reads every date of column i of t in one format, with the date
// rules of the contract's reader (syncaudit.DateFits and ParseDateAs: the
// years 1900 to 2200, ISO dates and date-times, DD-MM-YYYY, DD/MM/YYYY,
// MM/DD/YYYY): the formats every value of the column fits decide it, so that
// one row with a day above 12 settles the order for all. --date-format
// (Options.DateFormat) restricts what a value may be; when both orders still
// read every value, the format's default decides (formatDateDefault), and
// with none a value the two orders read as different days is refused.
//
// Only the rows keep accepts are read (nil: all): a row the converter skips
// anyway (a contract of a blocked person) neither fails nor decides. It
// returns the dates by line; a cell that cannot be read is reported through
// r.bad and its line is left out of the map, in bad.
func (r *run) dateColumn(t *table, i int, what string, keep func(mapping.Row) bool) (dates map[int]syncaudit.Date, bad map[int]bool) {
	dates, bad = map[int]syncaudit.Date{}, map[int]bool{}
	if i < 0 {
		return dates, bad
	}
	type seen struct {
		line  int
		value string
		fits  syncaudit.DateFormat
	}
	var values []seen
	allowed := ^syncaudit.DateFormat(0)
	var first seen // the first value, to name when a later one does not fit
	set := r.opt.DateFormat
	fail := func(row int, value, problem, fix string) {
		bad[row] = true
		r.bad(&syncaudit.InputError{File: t.file, Line: row, Column: t.header[i], ColumnIndex: i + 1, Value: value, Problem: problem, Fix: fix})
	}
	for _, row := range t.rows {
		v := cell(row, i)
		if v == "" || keep != nil && !keep(row) {
			continue
		}
		fits := syncaudit.DateFits(v)
		if fits == 0 {
			e := t.bad(row, i, "the "+what+" cannot be read: it is not a date", "write dates as YYYY-MM-DD (DD-MM-YYYY, DD/MM/YYYY and MM/DD/YYYY are read too, one format per column)")
			if _, err := syncaudit.ParseDate(v); err != nil && strings.Contains(err.Error(), "outside the years") {
				e.Problem = fmt.Sprintf("the %s lies outside the years %d to %d", what, syncaudit.MinYear, syncaudit.MaxYear)
				e.Fix = "correct the date; leave the cell empty where there is no date"
			}
			bad[row.Line] = true
			r.bad(e)
			continue
		}
		if set != 0 && fits&slashFormats != 0 {
			fits &^= slashFormats &^ set
			if fits == 0 {
				e := t.bad(row, i, fmt.Sprintf("the %s is not written %s, as --date-format says", what, set), "correct the date, or give --date-format the order the export writes")
				bad[row.Line] = true
				r.bad(e)
				continue
			}
		}
		if allowed&fits == 0 {
			e := t.bad(row, i, fmt.Sprintf("the %s is written %s, but the column's other dates are %s (%q on line %d)", what, fits, allowed, first.value, first.line),
				"write every date of a column in one format")
			bad[row.Line] = true
			r.bad(e)
			continue
		}
		if first.line == 0 {
			first = seen{line: row.Line, value: v}
		}
		allowed &= fits
		values = append(values, seen{line: row.Line, value: v, fits: fits})
	}
	if allowed&slashFormats == slashFormats {
		switch def := formatDateDefault[Format(r.d.Format)]; {
		case def != 0:
			allowed &^= slashFormats &^ def
		default:
			for _, s := range values {
				d, _ := syncaudit.ParseDateAs(s.value, syncaudit.DayFirstSlash)
				if m, _ := syncaudit.ParseDateAs(s.value, syncaudit.MonthFirstSlash); m != d {
					fail(s.line, s.value, fmt.Sprintf("every %s of the column reads both day-first (DD/MM/YYYY) and month-first (MM/DD/YYYY), and %s is a different day in each", what, s.value),
						"say which with --date-format MM/DD/YYYY (US) or --date-format DD/MM/YYYY")
					return dates, bad
				}
			}
		}
	}
	for _, s := range values {
		f := s.fits & allowed
		f &= -f // the one format left (the lowest when the two orders read the same day)
		d, err := syncaudit.ParseDateAs(s.value, f)
		if err != nil {
			fail(s.line, s.value, fmt.Sprintf("the %s cannot be read: %v", what, err), "write dates as YYYY-MM-DD")
			continue
		}
		dates[s.line] = d
	}
	return dates, bad
}
