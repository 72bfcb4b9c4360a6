package convert

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/ingest"
)

// TestConvertedTablesMakeASnapshot converts three real exports (an HR export,
// OneRoster 1.2, SDS v2.1) with the school map of testdata, writes them as
// the snapshot's sources beside a small hand-made tenant and target export,
// and reads the whole through ingest.ReadSnapshot: the converted tables are
// tables the rest of syncaudit reads as they are.
func TestConvertedTablesMakeASnapshot(t *testing.T) {
	schoolMap, err := ReadSchoolMap(filepath.Join("testdata", "school-map.csv"), "school-map.csv")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range []string{"tenant.yaml", "target/accounts.csv"} {
		data, err := os.ReadFile(filepath.Join("testdata", "snapshot", filepath.FromSlash(f)))
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(dir, filepath.FromSlash(f)), data)
	}
	exports := []struct {
		format  Format
		in      string
		source  syncaudit.Source
		out     string
		tf      ingest.TableFormat
		records int // converted, at every school
	}{
		{HelloID, "hr-export/helloid-csv-demo", syncaudit.HR, "sources/hr.csv", ingest.TableFormat{Format: "csv", Delimiter: ';'}, 33},
		{OneRoster, "oneroster-1.2/moodle_v1p2_full_dataset", syncaudit.LAS, "sources/las.json", ingest.TableFormat{Format: "json"}, 6},
		{SDS, "sds-v2.1", syncaudit.SIS, "sources/sis.csv", ingest.CSV, 10},
	}
	for _, e := range exports {
		res, err := Convert(context.Background(), e.format, realdata(t, e.in), Options{Source: e.source, SchoolMap: schoolMap})
		if err != nil {
			t.Fatalf("convert %s: %v", e.in, err)
		}
		if len(res.Records) != e.records {
			t.Errorf("convert %s: %d records, want %d", e.in, len(res.Records), e.records)
		}
		var buf bytes.Buffer
		if err := ingest.WriteSourceRecords(&buf, res.Records, e.tf); err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(dir, filepath.FromSlash(e.out)), buf.Bytes())
	}

	snap, err := ingest.ReadSnapshot(context.Background(), dir)
	if err != nil {
		t.Fatalf("ReadSnapshot() error = %v", err)
	}
	perSource := map[syncaudit.Source]map[string]int{}
	for _, r := range snap.Records {
		if perSource[r.Source] == nil {
			perSource[r.Source] = map[string]int{}
		}
		perSource[r.Source][r.School]++
	}
	// HR: EN and EN_ICT became 12AB (3 people), EN_HR 34CD (4); the other
	// 26 contracts are at units the tenant does not list. LAS: the one org
	// became 12AB. SIS: school 110003 became 34CD (3 students, a teacher,
	// two guardians); the four records at other orgs (one made from a
	// professor's enrollment at the college) are not offered.
	want := map[syncaudit.Source]map[string]int{
		syncaudit.HR:  {"12AB": 3, "34CD": 4},
		syncaudit.LAS: {"12AB": 6},
		syncaudit.SIS: {"34CD": 6},
	}
	for src, schools := range want {
		for school, n := range schools {
			if got := perSource[src][school]; got != n {
				t.Errorf("%s records at %s = %d, want %d (all: %v)", src, school, got, n, perSource)
			}
		}
	}
	wantUnoffered := map[syncaudit.Source]int{syncaudit.HR: 26, syncaudit.SIS: 4}
	for src, n := range wantUnoffered {
		if snap.Unoffered[src] != n {
			t.Errorf("unoffered %s = %d, want %d", src, snap.Unoffered[src], n)
		}
	}
	// The accounts link to converted people by their source keys.
	linked := map[string]bool{}
	for _, r := range snap.Records {
		linked[r.Link().String()] = true
	}
	for _, a := range snap.Accounts {
		for _, l := range a.Links {
			if !linked[l.String()] {
				t.Errorf("account %s links %s, which no converted record carries", a.ID, l)
			}
		}
	}
}

func writeFile(tb testing.TB, path string, data []byte) {
	tb.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		tb.Fatal(err)
	}
}
