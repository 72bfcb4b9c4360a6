// Package samples_test reads every bundled sample snapshot under samples/ and
// checks that it is what samples/README.md says it is: readable without an
// input error, with the stated number of accounts, source records, exception
// entries and memberships, and with the planted cases present; and that the
// built-in rule book finds exactly the planted cases (outcomes_test.go).
package samples_test

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/ingest"
)

// want is what one sample snapshot holds, as samples/README.md lists it.
type want struct {
	id          string
	structure   syncaudit.Structure
	language    string
	schools     int
	accounts    int
	softDeleted int
	manual      int
	records     map[syncaudit.Source]int
	unoffered   map[syncaudit.Source]int
	exceptions  int
	memberships int
	// programLibraries: target/accounts has a programs column (P3).
	programLibraries bool
}

var samples = map[string]want{
	"de-linde": {
		id: "de-linde", structure: syncaudit.Board, language: "nl", schools: 3,
		accounts: 154, softDeleted: 3, manual: 5,
		records:    map[syncaudit.Source]int{syncaudit.LAS: 144, syncaudit.HR: 40},
		unoffered:  map[syncaudit.Source]int{syncaudit.HR: 3},
		exceptions: 13, programLibraries: true,
	},
	"vallby-kommun": {
		id: "vallby-kommun", structure: syncaudit.MultiDomain, language: "sv", schools: 5,
		accounts: 78, softDeleted: 1, manual: 0,
		records:     map[syncaudit.Source]int{syncaudit.SIS: 82},
		unoffered:   map[syncaudit.Source]int{},
		exceptions:  2,
		memberships: 146,
	},
	"truncated-export": {
		id: "obs-de-wilgenhoek", structure: syncaudit.SingleSchool, language: "nl", schools: 1,
		accounts: 40, softDeleted: 0, manual: 1,
		records:   map[syncaudit.Source]int{syncaudit.LAS: 5, syncaudit.HR: 0},
		unoffered: map[syncaudit.Source]int{},
	},
}

func read(t *testing.T, name string) *syncaudit.Snapshot {
	t.Helper()
	snap, err := ingest.ReadSnapshot(context.Background(), name)
	if err != nil {
		t.Fatalf("ReadSnapshot(%s): %v", name, err)
	}
	return snap
}

// TestEverySampleIsListed makes sure a new folder under samples/ gets its
// counts (and its README section) instead of being silently untested.
func TestEverySampleIsListed(t *testing.T) {
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		// A snapshot is a folder with a tenant file; gen/ is the generator's Go package.
		tenant, _ := filepath.Glob(filepath.Join(e.Name(), "tenant.*"))
		if e.IsDir() && len(tenant) > 0 {
			got = append(got, e.Name())
		}
	}
	var listed []string
	for name := range samples {
		listed = append(listed, name)
	}
	sort.Strings(listed)
	if len(got) != len(listed) {
		t.Fatalf("folders under samples/ = %v, the test lists %v", got, listed)
	}
	for i := range got {
		if got[i] != listed[i] {
			t.Fatalf("folders under samples/ = %v, the test lists %v", got, listed)
		}
	}
}

func TestSamplesRead(t *testing.T) {
	for name, w := range samples {
		t.Run(name, func(t *testing.T) {
			snap := read(t, name)
			tn := snap.Tenant
			if tn.ID != w.id {
				t.Errorf("tenant id = %q, want %q", tn.ID, w.id)
			}
			if tn.Structure != w.structure {
				t.Errorf("structure = %q, want %q", tn.Structure, w.structure)
			}
			if tn.Language != w.language {
				t.Errorf("language = %q, want %q", tn.Language, w.language)
			}
			if tn.RunDate != "2026-11-23" {
				t.Errorf("run_date = %q, want 2026-11-23", tn.RunDate)
			}
			if len(tn.Schools) != w.schools {
				t.Errorf("schools = %d, want %d", len(tn.Schools), w.schools)
			}
			if got := len(snap.Accounts); got != w.accounts {
				t.Errorf("accounts = %d, want %d", got, w.accounts)
			}
			var soft, manual int
			for _, a := range snap.Accounts {
				if a.Status == syncaudit.SoftDeleted {
					soft++
				}
				if a.Manual() {
					manual++
				}
			}
			if soft != w.softDeleted {
				t.Errorf("soft-deleted accounts = %d, want %d", soft, w.softDeleted)
			}
			if manual != w.manual {
				t.Errorf("manual accounts = %d, want %d", manual, w.manual)
			}
			records := map[syncaudit.Source]int{}
			for _, r := range snap.Records {
				records[r.Source]++
			}
			for src, n := range w.records {
				if !snap.HasSource(src) {
					t.Errorf("snapshot has no %s export", src)
				}
				if got := records[src] + snap.Unoffered[src]; got != n {
					t.Errorf("%s rows = %d (records %d + unoffered %d), want %d", src, got, records[src], snap.Unoffered[src], n)
				}
			}
			for src, n := range snap.Unoffered {
				if n != w.unoffered[src] {
					t.Errorf("unoffered %s rows = %d, want %d", src, n, w.unoffered[src])
				}
			}
			if got := len(snap.Exceptions); got != w.exceptions {
				t.Errorf("exception entries = %d, want %d", got, w.exceptions)
			}
			if got := len(snap.Memberships); got != w.memberships {
				t.Errorf("memberships = %d, want %d", got, w.memberships)
			}
			if snap.TargetPrograms != w.programLibraries {
				t.Errorf("programs column in target/accounts = %v, want %v", snap.TargetPrograms, w.programLibraries)
			}
		})
	}
}

// TestSamplesConsistent checks the promises samples/README.md makes about the
// data: every account's schools are tenant schools (ingest enforces that),
// every link of an active account points at a source row unless the README
// lists it as deliberately dangling, and usernames are unique.
func TestSamplesConsistent(t *testing.T) {
	dangling := map[string][]string{ // account id -> links with no source row, on purpose
		"de-linde": {
			"A1901 las:T0231", "A1901 hr:E-1107", // P01 leaver
			"A1915 las:T0244",                    // P15 gone from the LAS
			"A1922 las:T0277", "A1922 hr:E-1120", // P22 soft-deleted
			"A1923 las:318377", // P23 soft-deleted
		},
		"vallby-kommun": {
			"48901 sis:ELV-20388", // Q01 moved away
			"48913 sis:PER-3044",  // Q13 left
			"48917 sis:PER-3122",  // Q17 substitute not in the register
			"48919 sis:ELV-20102", // Q19 soft-deleted
		},
	}
	for name := range samples {
		t.Run(name, func(t *testing.T) {
			snap := read(t, name)
			rows := map[syncaudit.Link]bool{}
			for _, r := range snap.Records {
				rows[r.Link()] = true
			}
			want := map[string]bool{}
			for _, d := range dangling[name] {
				want[d] = true
			}
			got := map[string]bool{}
			users := map[string]string{}
			for _, a := range snap.Accounts {
				if prev, dup := users[a.Username]; dup {
					t.Errorf("username %s used by %s and %s", a.Username, prev, a.ID)
				}
				users[a.Username] = a.ID
				for _, l := range a.Links {
					if !rows[l] && name != "truncated-export" { // TestTruncatedExport covers that one
						got[a.ID+" "+l.String()] = true
					}
				}
			}
			// P12 and P17 link HR rows at locations the tenant does not list:
			// those rows are read but never offered, so they are not in Records.
			if name == "de-linde" {
				for _, d := range []string{"A1912 hr:E-1150", "A1917 hr:E-1161"} {
					if !got[d] {
						t.Errorf("%s: want a link to an unlisted location", d)
					}
					delete(got, d)
				}
			}
			for d := range got {
				if !want[d] {
					t.Errorf("link without a source row, not listed as planted: %s", d)
				}
			}
			for d := range want {
				if !got[d] {
					t.Errorf("planted dangling link %s now has a source row", d)
				}
			}
		})
	}
}

// TestTruncatedExport checks the story of samples/truncated-export: the LAS
// export stops after five pupils and the HR export is empty while seven
// accounts link to it.
func TestTruncatedExport(t *testing.T) {
	snap := read(t, "truncated-export")
	rows := map[syncaudit.Link]bool{}
	for _, r := range snap.Records {
		rows[r.Link()] = true
	}
	var linkedHR, present, active int
	for _, a := range snap.Accounts {
		if a.Status == syncaudit.Active {
			active++
		}
		found := false
		for _, l := range a.Links {
			if l.Source == syncaudit.HR {
				linkedHR++
			}
			found = found || rows[l]
		}
		if found {
			present++
		}
	}
	if linkedHR != 7 {
		t.Errorf("accounts linked to hr = %d, want 7", linkedHR)
	}
	if present != 5 {
		t.Errorf("accounts with a source row = %d, want 5", present)
	}
	// 34 of 40 would be soft-deleted: far over D9's 10 % and 10 accounts.
	if gone := active - present - 1; gone != 34 {
		t.Errorf("accounts that would be soft-deleted = %d, want 34", gone)
	}
	if !snap.HasSource(syncaudit.HR) {
		t.Error("the empty HR export must still be in the snapshot (D10)")
	}
}
