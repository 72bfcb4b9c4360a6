package ingest

import (
	"encoding/csv"
	"os"
	"strings"
	"testing"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/internal/testtree"
)

// hrWith returns an HR export with one row per start date (and end date,
// when given as "start>end"), E-1, E-2, ... at school 12AB, and an extra
// row at a school the tenant does not list when unlisted is set.
func hrWith(unlisted string, dates ...string) string {
	var b strings.Builder
	b.WriteString("source_id,school,kind,first_name,last_name,start_date,end_date\n")
	if unlisted != "" {
		b.WriteString("E-0,99ZZ,staff,Un,Listed," + unlisted + ",\n")
	}
	for i, d := range dates {
		start, end, _ := strings.Cut(d, ">")
		b.WriteString("E-" + string(rune('1'+i)) + ",12AB,staff,Ada,Berg," + start + "," + end + "\n")
	}
	return b.String()
}

func TestDateColumnsHaveOneFormat(t *testing.T) {
	tests := []struct {
		name    string
		tenant  string // appended to the board tenant
		hr      string
		starts  []syncaudit.Date // the records' start dates, in order
		ends    []syncaudit.Date
		wantErr string
	}{
		{"US dates, as in Microsoft School Data Sync: month first", "", hrWith("", "9/1/2021", "1/13/2022"),
			[]syncaudit.Date{"2021-09-01", "2022-01-13"}, nil, ""},
		{"UK dates: day first", "", hrWith("", "9/1/2021", "13/01/2022"),
			[]syncaudit.Date{"2021-01-09", "2022-01-13"}, nil, ""},
		{"the end dates settle the start dates' order", "", hrWith("", "7/1/2017>6/30/2018", "8/1/2017>6/30/2018"),
			[]syncaudit.Date{"2017-07-01", "2017-08-01"}, []syncaudit.Date{"2018-06-30", "2018-06-30"}, ""},
		{"both orders read every date: the run asks", "", hrWith("", "9/1/2021", "3/4/2021"),
			nil, nil, `sources/hr.csv:2:6: column start_date: every date of the column reads both day-first (DD/MM/YYYY) and month-first (MM/DD/YYYY), and this one is a different day in each (value "9/1/2021"); say which in tenant.yaml, e.g. date_format: {hr: MM/DD/YYYY} for US dates or {hr: DD/MM/YYYY}`},
		{"tenant.yaml says month first", "date_format:\n  hr: MM/DD/YYYY\n", hrWith("", "9/1/2021", "3/4/2021"),
			[]syncaudit.Date{"2021-09-01", "2021-03-04"}, nil, ""},
		{"tenant.yaml says day first", "date_format: {hr: D/M/YYYY}\n", hrWith("", "9/1/2021", "3/4/2021"),
			[]syncaudit.Date{"2021-01-09", "2021-04-03"}, nil, ""},
		{"a date that contradicts tenant.yaml", "date_format: {hr: DD/MM/YYYY}\n", hrWith("", "9/1/2021", "1/13/2021"),
			nil, nil, `sources/hr.csv:3:6: column start_date: the date is not written DD/MM/YYYY, as tenant.yaml's date_format says for hr (value "1/13/2021")`},
		{"day first and month first in one column", "", hrWith("", "13/1/2021", "1/13/2021"),
			nil, nil, `sources/hr.csv:3:6: column start_date: the date is written MM/DD/YYYY, but the column's other dates are DD/MM/YYYY (as on line 2) (value "1/13/2021"); write every date of a column in one format`},
		{"-separated dates stay day first", "", hrWith("", "01-08-2021", "9-1-2021"),
			[]syncaudit.Date{"2021-08-01", "2021-01-09"}, nil, ""},
		{"ISO dates and day-first dates in one column", "", hrWith("", "2021-08-01", "01-09-2021"),
			nil, nil, `sources/hr.csv:3:6: column start_date: the date is written DD-MM-YYYY, but the column's other dates are YYYY-MM-DD (as on line 2)`},
		{"an ISO date-time and a date in one column", "", hrWith("", "2021-08-01", "2021-09-01T08:00:00Z"),
			[]syncaudit.Date{"2021-08-01", "2021-09-01"}, nil, ""},
		{"a row left out (school not listed) is not read again month first", "", hrWith("3/4/2021", "9/1/2021", "1/13/2022"),
			[]syncaudit.Date{"2021-09-01", "2022-01-13"}, nil, ""},
		{"a year before 1900", "", hrWith("", "0001-01-01"),
			nil, nil, `sources/hr.csv:2:6: column start_date: the date lies outside the years 1900 to 2200 (value "0001-01-01")`},
		{"a year after 2200", "", hrWith("", "2021-08-01>9999-12-31"),
			nil, nil, `sources/hr.csv:2:7: column end_date: the date lies outside the years 1900 to 2200 (value "9999-12-31")`},
		{"an unknown date_format", "date_format: {hr: YYYY/DD/MM}\n", hrWith("", "2021-08-01"),
			nil, nil, `tenant.yaml:11: column date_format.hr: unknown date format (value "YYYY/DD/MM")`},
		{"date_format for a table that does not exist", "date_format: {ad: MM/DD/YYYY}\n", hrWith("", "2021-08-01"),
			nil, nil, `tenant.yaml:11: column date_format.ad: date_format names a table syncaudit does not know`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			snap, err := read(t, map[string]string{"tenant.yaml": boardTenant + tt.tenant, "sources/hr.csv": tt.hr})
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v\nwant %s", err, tt.wantErr)
				}
				checkInputError(t, err)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var starts, ends []syncaudit.Date
			for _, r := range snap.Records {
				if r.Source == syncaudit.HR {
					starts = append(starts, r.StartDate)
					if r.EndDate != "" {
						ends = append(ends, r.EndDate)
					}
				}
			}
			if strings.Join(dateStrings(starts), " ") != strings.Join(dateStrings(tt.starts), " ") ||
				strings.Join(dateStrings(ends), " ") != strings.Join(dateStrings(tt.ends), " ") {
				t.Errorf("start dates %v, end dates %v; want %v, %v", starts, ends, tt.starts, tt.ends)
			}
		})
	}
}

func dateStrings(ds []syncaudit.Date) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = string(d)
	}
	return out
}

func TestTargetDatesOutsideTheYearsAreRefused(t *testing.T) {
	tests := []struct{ name, file, content, want string }{
		{"deleted_at 0001-01-01", "target/accounts.csv",
			"account_id,username,first_name,last_name,status,deleted_at,schools\nA1,zoe@delinde.nl,Zoë,Berg,soft_deleted,0001-01-01,12AB\n",
			`target/accounts.csv:2:6: column deleted_at: the date lies outside the years 1900 to 2200 (value "0001-01-01")`},
		{"expires_at 9999-12-31", "target/exceptions.csv",
			"account_id,reason,added_at,expires_at\nA1,onderzoek,2026-01-05,9999-12-31\n",
			`target/exceptions.csv:2:4: column expires_at: the date lies outside the years 1900 to 2200 (value "9999-12-31")`},
		{"a US review date in the exception list, settled by its other dates", "target/exceptions.csv",
			"account_id,reason,added_at,reviewed_at\nA1,onderzoek,1/13/2026,12/1/2026\n",
			`target/exceptions.csv:2:4: column reviewed_at: the date is after the run date 2026-11-23 (value "2026-12-01")`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := read(t, map[string]string{tt.file: tt.content})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v\nwant %s", err, tt.want)
			}
		})
	}
}

// TestSchoolDataSyncTermDates reads the term dates of Microsoft's own School
// Data Sync v1 sample (US: 7/1/2017 to 6/30/2018) through the date columns,
// and the UK variant of the sample, which Microsoft wrote with the same US
// dates: month first in both, told by the end dates.
func TestSchoolDataSyncTermDates(t *testing.T) {
	for _, rel := range []string{"sds-v1/100-users/Section.csv", "sds-v1-uk/100-users/Section.csv"} {
		t.Run(rel, func(t *testing.T) {
			f, err := os.Open(testtree.RealData(t, rel))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			rows, err := csv.NewReader(f).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			head := map[string]int{}
			for i, h := range rows[0] {
				head[h] = i
			}
			var errs syncaudit.InputErrors
			dc := newDateColumns(rel, "sis", 0)
			h := header{index: map[string]int{"start_date": head["Term StartDate"] + 1, "end_date": head["Term EndDate"] + 1}}
			starts := make([]syncaudit.Date, len(rows)-1)
			for i, row := range rows[1:] {
				c := cells{file: rel, line: i + 2, h: h, errs: &errs, dates: dc, row: i}
				starts[i] = c.date("start_date", row[head["Term StartDate"]])
				c.date("end_date", row[head["Term EndDate"]])
			}
			errs = append(errs, dc.resolve(func(i int, column string, d syncaudit.Date) {
				if column == "start_date" {
					starts[i] = d
				}
			})...)
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			if len(starts) < 10 || starts[0] != "2017-07-01" {
				t.Errorf("%d sections, the first term starts %s; want 2017-07-01", len(starts), starts[0])
			}
		})
	}
}
