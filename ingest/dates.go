package ingest

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/syncaudit/syncaudit"
)

// slashFormats are the two readings of a /-separated date.
const slashFormats = syncaudit.DayFirstSlash | syncaudit.MonthFirstSlash

// A dateColumns works out, for every date column of one table file, the one
// format its dates are written in, from all its values: YYYY-MM-DD (or ISO
// date-times), DD-MM-YYYY, DD/MM/YYYY or MM/DD/YYYY. A value that does not
// fit the format of the column's other values is an input error. A
// /-separated column that both day-first and month-first read in every row
// is an input error too, unless the tenant says which (date_format in
// tenant.yaml): syncaudit does not guess whether 9/1/2021 is 9 January or 1
// September.
//
// A value is read as it comes in; a /-separated value that both orders read,
// differently, is read day-first and kept aside, and read again month-first
// by resolve when the column turns out month-first.
type dateColumns struct {
	file    string
	setting string               // the tenant.yaml key of the file's date_format ("hr", "accounts", ...)
	set     syncaudit.DateFormat // the tenant's date_format for the file; 0 = none
	columns map[string]*dateColumn
	pending []pendingDate // ambiguous values read day-first, in row order
}

type dateColumn struct {
	index   int                  // 1-based column number, for messages
	allowed syncaudit.DateFormat // the formats every value so far fits
	decided seenDate             // the first value that fits one format only
	first   seenDate             // the first value
	unsure  seenDate             // the first value that the two orders read differently
}

type seenDate struct {
	line  int
	value string
}

type pendingDate struct {
	row    int // the row's index in its table's records
	column string
	value  string
}

func newDateColumns(file, setting string, set syncaudit.DateFormat) *dateColumns {
	return &dateColumns{file: file, setting: setting, set: set, columns: map[string]*dateColumn{}}
}

// read reads one date cell of row (the record's index) in c's row.
func (dc *dateColumns) read(c cells, column, value string) syncaudit.Date {
	v := strings.TrimSpace(value)
	fits := syncaudit.DateFits(v)
	if fits == 0 {
		if _, err := syncaudit.ParseDate(v); err != nil && strings.Contains(err.Error(), "outside the years") {
			c.fail(column, value, fmt.Sprintf("the date lies outside the years %d to %d", syncaudit.MinYear, syncaudit.MaxYear), yearFix)
			return ""
		}
		c.fail(column, value, "not a date", "write dates as YYYY-MM-DD (DD-MM-YYYY, DD/MM/YYYY, MM/DD/YYYY and YYYY-MM-DDThh:mm:ssZ are accepted too, one format per column)")
		return ""
	}
	if dc.set != 0 {
		if dc.set&slashFormats != 0 {
			fits &^= slashFormats &^ dc.set
		} else {
			fits &= dc.set
		}
		if fits == 0 {
			c.fail(column, value, fmt.Sprintf("the date is not written %s, as tenant.yaml's date_format says for %s", dc.set, dc.setting), "correct the date, or the date_format in tenant.yaml")
			return ""
		}
	}
	col := dc.columns[column]
	if col == nil {
		col = &dateColumn{index: c.h.index[column], allowed: ^syncaudit.DateFormat(0), first: seenDate{c.line, v}}
		dc.columns[column] = col
	}
	if col.allowed&fits == 0 {
		other := col.decided
		if other.line == 0 {
			other = col.first
		}
		c.fail(column, value, fmt.Sprintf("the date is written %s, but the column's other dates are %s (as on line %d)", fits, col.allowed, other.line),
			"write every date of a column in one format")
		return ""
	}
	col.allowed &= fits
	if col.decided.line == 0 && fits&(fits-1) == 0 {
		col.decided = seenDate{c.line, v}
	}
	format := fits & -fits // the lowest bit: day-first before month-first
	d, err := syncaudit.ParseDateAs(v, format)
	if err != nil {
		c.fail(column, value, fmt.Sprintf("the date lies outside the years %d to %d", syncaudit.MinYear, syncaudit.MaxYear), yearFix)
		return ""
	}
	if fits == slashFormats {
		if m, _ := syncaudit.ParseDateAs(v, syncaudit.MonthFirstSlash); m != d {
			dc.pending = append(dc.pending, pendingDate{row: c.row, column: column, value: v})
			if col.unsure.line == 0 {
				col.unsure = seenDate{c.line, v}
			}
		}
	}
	return d
}

const yearFix = "correct the date; leave the cell empty where there is no date (a placeholder such as 0001-01-01 or 9999-12-31 would switch off the day counts of D7, E5 and E10)"

// drop forgets the ambiguous values of the last row read, which its table
// did not keep (a source row at a school the tenant does not list).
func (dc *dateColumns) drop(row int) {
	for len(dc.pending) > 0 && dc.pending[len(dc.pending)-1].row == row {
		dc.pending = dc.pending[:len(dc.pending)-1]
	}
}

// resolve settles each column's format once every row is read. A column
// that both orders still read, differently in some row, takes the order the
// file's other /-separated columns settle (an exporter writes its dates one
// way: a term's start 7/1/2017 beside its end 6/30/2018); when they settle
// nothing either, it is an error. The ambiguous values of a column that
// turned out month-first are read again and handed to set.
func (dc *dateColumns) resolve(set func(row int, column string, d syncaudit.Date)) syncaudit.InputErrors {
	var errs syncaudit.InputErrors
	file := slashFormats // the orders every /-separated column of the file allows
	for _, col := range dc.columns {
		if col.allowed&slashFormats != 0 {
			file &= col.allowed
		}
	}
	for _, name := range slices.Sorted(maps.Keys(dc.columns)) {
		col := dc.columns[name]
		if col.allowed != slashFormats {
			continue
		}
		switch {
		case file == syncaudit.DayFirstSlash || file == syncaudit.MonthFirstSlash:
			col.allowed = file
		case col.unsure.line > 0:
			errs = append(errs, &syncaudit.InputError{File: dc.file, Line: col.unsure.line, Column: name, ColumnIndex: col.index, Value: col.unsure.value,
				Problem: "every date of the column reads both day-first (DD/MM/YYYY) and month-first (MM/DD/YYYY), and this one is a different day in each",
				Fix:     fmt.Sprintf("say which in tenant.yaml, e.g. date_format: {%s: MM/DD/YYYY} for US dates or {%s: DD/MM/YYYY} (with a mapping file beside the export, its date: setting)", dc.setting, dc.setting)})
		}
	}
	if len(errs) > 0 {
		return errs
	}
	for _, p := range dc.pending {
		if dc.columns[p.column].allowed == syncaudit.MonthFirstSlash {
			d, _ := syncaudit.ParseDateAs(p.value, syncaudit.MonthFirstSlash)
			set(p.row, p.column, d)
		}
	}
	return nil
}
