package ingest

import (
	"errors"
	"strings"
	"testing"

	"github.com/syncaudit/syncaudit"
)

// The fuzzers feed arbitrary bytes to every reader. Whatever comes in, a
// reader returns rows or an error a person can read; it never panics, and an
// input problem is always a *syncaudit.InputError (or several).
// `make fuzz` runs each for a while; `go test` replays testdata/fuzz.

func FuzzCSVTable(f *testing.F) {
	f.Add([]byte(plainAccounts))
	f.Add([]byte("\ufeffaccount_id;username;first_name;last_name;status;schools;links\nA1;a@x.nl;Zo\xeb;B;active;12AB;las:1\n"))
	f.Add([]byte("account_id,username,first_name,last_name,status,schools\n\"A1,a@x.nl,A,B,active,12AB\n"))
	f.Add([]byte("\xff\xfea\x00b\x00"))
	// issue 14: stray quotes, cut rows, CR-only lines, UTF-16, mixed encodings
	f.Add([]byte("account_id;username;first_name;last_name;status;schools\nA1;a@x.nl;\"Zo;B;active;12AB\nA2;b@x.nl;Ada\";B;active;12AB\n"))
	f.Add([]byte("account_id,username,first_name,last_name,status,schools\nA1,a@x.nl,A\n"))
	f.Add([]byte("account_id,username,first_name,last_name,status,schools\rA1,a@x.nl,A,B,active,12AB\r"))
	f.Add([]byte("\xfe\xff\x00a\x00,\x00b\x00\n\xd8\x00"))
	f.Add([]byte("account_id,username,first_name,last_name,status,schools\nA1,a@x.nl,Zo\xc3\xab,B\xeb,active,12AB\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var errs syncaudit.InputErrors
		_, _, _, err := readTable(tableFile{name: "target/accounts.csv", format: "csv", data: data, maxRow: 1 << 16},
			accountsTable, func(row *accountRow, line int, h header) error {
				row.account(cells{file: "target/accounts.csv", line: line, h: h, errs: &errs})
				return nil
			})
		checkInputError(t, err)
		checkLocated(t, errs)
	})
}

func FuzzJSONTable(f *testing.F) {
	f.Add([]byte(`[{"source_id": 1, "school": "12AB", "kind": "elev", "first_name": "Åsa", "last_name": "Öberg", "groups": ["7A"]}]`), false)
	f.Add([]byte(`{"source_id": "1", "school": "12AB", "kind": "student", "first_name": "A", "last_name": "B"}`+"\n"), true)
	f.Add([]byte(`[{"groups": [["nested"]]}]`), false)
	// issue 14: lost line breaks, keys written twice, text after the array
	f.Add([]byte(`{"source_id": "1", "school": "12AB"}{"source_id": "2", "school": "12AB"}`+"\n"), true)
	f.Add([]byte(`[{"source_id": "1", "source_id": "2", "voornaam": "A", "first_name": "B"}]`), false)
	f.Add([]byte(`[{"source_id": "1"}] [{"source_id": "2"}]`), false)
	f.Fuzz(func(t *testing.T, data []byte, lines bool) {
		format := "json"
		if lines {
			format = "jsonl"
		}
		var errs syncaudit.InputErrors
		_, _, _, err := readTable(tableFile{name: "sources/sis." + format, format: format, data: data},
			sourceTable, func(row *sourceRow, line int, h header) error {
				row.record(cells{file: "sources/sis." + format, line: line, h: h, errs: &errs}, syncaudit.SIS)
				return nil
			})
		checkInputError(t, err)
		checkLocated(t, errs)
	})
}

func FuzzTenant(f *testing.F) {
	f.Add([]byte(boardTenant))
	f.Add([]byte(`{"id": "x", "structure": "multidomein", "schools": [{"id": 1, "sync": {"automatic": "nee"}}], "policy": {"precedence": ["las"]}}`))
	f.Add([]byte("id: x\nstructure: board\nschools:\n  - id: 12AB\n    sync: {guardians_from: 31-31-2026}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := parseTenant("tenant.yaml", data)
		checkInputError(t, err)
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-11-23", "23-11-2026", "2026-11-23T08:00:00Z", "1-8-2026", "", "2026-02-30",
		// issue 14: US and UK dates, years outside 1900-2200
		"9/1/2021", "13/01/2021", "1/13/2021", "0001-01-01", "9999-12-31", "31-12-2201", "2201-01-01T00:00:00Z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		// Every format DateFits names reads s, within the years.
		fits := syncaudit.DateFits(s)
		for _, one := range []syncaudit.DateFormat{syncaudit.ISODate, syncaudit.DayMonthYear, syncaudit.DayFirstSlash, syncaudit.MonthFirstSlash} {
			if fits&one == 0 {
				continue
			}
			if d, err := syncaudit.ParseDateAs(s, one); err == nil {
				if again, err := syncaudit.ParseDate(d.String()); err != nil || again != d {
					t.Errorf("ParseDateAs(%q, %s) = %q, which reads back as %q, %v", s, one, d, again, err)
				}
			} else if !strings.Contains(err.Error(), "outside the years") {
				t.Errorf("DateFits(%q) names %s, but ParseDateAs says %v", s, one, err)
			}
		}
		d, err := syncaudit.ParseDate(s)
		if err != nil {
			return
		}
		again, err := syncaudit.ParseDate(d.String())
		if err != nil || again != d {
			t.Errorf("ParseDate(%q) = %q, which reads back as %q, %v", s, d, again, err)
		}
	})
}

func FuzzLinksAndLists(f *testing.F) {
	for _, s := range []string{"las:1001|hr:E-42", "sis:a:b", "|", "las:|:1", "7A| 7B ||"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, item := range list(s) {
			if item == "" {
				t.Errorf("list(%q) holds an empty item", s)
			}
			l, err := syncaudit.ParseLink(item)
			if err != nil {
				continue
			}
			again, err := syncaudit.ParseLink(l.String())
			if err != nil || again != l {
				t.Errorf("link %q reads back as %v, %v", l, again, err)
			}
		}
	})
}

func checkInputError(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		return
	}
	var ie *syncaudit.InputError
	var ies syncaudit.InputErrors
	if !errors.As(err, &ie) && !errors.As(err, &ies) {
		t.Errorf("error is %T, not an input error: %v", err, err)
	}
	if err.Error() == "" {
		t.Error("empty error message")
	}
}

// checkLocated fails for a row error that names no file or no line: a
// coordinator could not find the row to fix.
func checkLocated(t *testing.T, errs syncaudit.InputErrors) {
	t.Helper()
	for _, e := range errs {
		if e.File == "" || e.Line < 1 {
			t.Errorf("row error without a location: %+v", e)
		}
	}
}
