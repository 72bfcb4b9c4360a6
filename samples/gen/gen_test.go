package gen_test

import (
	"bytes"
	"context"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/ingest"
	"github.com/syncaudit/syncaudit/samples/gen"
)

func options(structure syncaudit.Structure, accounts int, seed int64) gen.Options {
	o := gen.DefaultOptions()
	o.Structure, o.Accounts, o.Seed = structure, accounts, seed
	return o
}

// readTree returns every file under dir by its slash path.
func readTree(tb testing.TB, dir string) map[string][]byte {
	tb.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		rel, _ := filepath.Rel(dir, path)
		files[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	return files
}

func write(tb testing.TB, snap *syncaudit.Snapshot) string {
	tb.Helper()
	dir := tb.TempDir()
	if err := ingest.WriteSnapshot(dir, snap); err != nil {
		tb.Fatalf("WriteSnapshot: %v", err)
	}
	return dir
}

func TestDeterministic(t *testing.T) {
	for _, s := range []syncaudit.Structure{syncaudit.SingleSchool, syncaudit.Board, syncaudit.MultiDomain} {
		t.Run(string(s), func(t *testing.T) {
			a := readTree(t, write(t, gen.Generate(options(s, 3000, 7))))
			b := readTree(t, write(t, gen.Generate(options(s, 3000, 7))))
			if len(a) != len(b) {
				t.Fatalf("got %d files, then %d", len(a), len(b))
			}
			for name, want := range a {
				if got := b[name]; !bytes.Equal(got, want) {
					t.Errorf("%s differs between two runs with seed 7", name)
				}
			}
			c := readTree(t, write(t, gen.Generate(options(s, 3000, 8))))
			if bytes.Equal(a["target/accounts.csv"], c["target/accounts.csv"]) {
				t.Errorf("seeds 7 and 8 gave the same accounts")
			}
		})
	}
}

func TestReadsBack(t *testing.T) {
	tests := []struct {
		structure syncaudit.Structure
		sources   []syncaudit.Source
		members   bool
	}{
		{syncaudit.SingleSchool, []syncaudit.Source{syncaudit.LAS, syncaudit.HR}, false},
		{syncaudit.Board, []syncaudit.Source{syncaudit.LAS, syncaudit.HR}, false},
		{syncaudit.MultiDomain, []syncaudit.Source{syncaudit.LAS, syncaudit.HR, syncaudit.SIS}, true},
	}
	for _, tt := range tests {
		t.Run(string(tt.structure), func(t *testing.T) {
			o := options(tt.structure, 5000, 3)
			o.NameDrift = 0.3 // many drifted names: cut, retyped, capitalised
			want := gen.Generate(o)
			got, err := ingest.ReadSnapshot(context.Background(), write(t, want))
			if err != nil {
				t.Fatalf("ReadSnapshot: %v", err)
			}
			if got.Tenant.Structure != tt.structure {
				t.Errorf("structure: got %s, want %s", got.Tenant.Structure, tt.structure)
			}
			if len(got.Accounts) != 5000 || len(got.Accounts) != len(want.Accounts) {
				t.Errorf("accounts: got %d, want 5000", len(got.Accounts))
			}
			unoffered := 0
			for _, n := range got.Unoffered {
				unoffered += n
			}
			if len(got.Records)+unoffered != len(want.Records) {
				t.Errorf("records: got %d (+%d at unlisted schools), want %d", len(got.Records), unoffered, len(want.Records))
			}
			if len(got.Exceptions) != len(want.Exceptions) || len(got.Memberships) != len(want.Memberships) {
				t.Errorf("exceptions/memberships: got %d/%d, want %d/%d", len(got.Exceptions), len(got.Memberships), len(want.Exceptions), len(want.Memberships))
			}
			if (len(got.Memberships) > 0) != tt.members {
				t.Errorf("memberships: got %d, want some: %v", len(got.Memberships), tt.members)
			}
			for _, src := range []syncaudit.Source{syncaudit.LAS, syncaudit.HR, syncaudit.SIS} {
				want := false
				for _, s := range tt.sources {
					want = want || s == src
				}
				if got.HasSource(src) != want {
					t.Errorf("source %s: got %v, want %v", src, got.HasSource(src), want)
				}
			}
			// Every account reads back as written: names with diacritics
			// survive (the files are valid UTF-8), and so do the other fields.
			bad := 0
			for i := range min(len(got.Accounts), len(want.Accounts)) {
				a, b := got.Accounts[i], want.Accounts[i]
				if a.ID != b.ID || a.Username != b.Username || a.FirstName != b.FirstName || a.NamePrefix != b.NamePrefix ||
					a.LastName != b.LastName || a.Status != b.Status || a.DeletedAt != b.DeletedAt || len(a.Links) != len(b.Links) {
					if bad++; bad <= 3 {
						t.Errorf("account %d: got %+v, want %+v", i, a, b)
					}
				}
			}
		})
	}
}

// within reports whether got is within tol (relative) of want.
func within(got, want, tol float64) bool { return math.Abs(got-want) <= tol*want }

func TestRates(t *testing.T) {
	o := options(syncaudit.Board, 40000, 11)
	snap := gen.Generate(o)
	n := float64(len(snap.Accounts))

	recordsOf := map[syncaudit.Link]bool{}
	for _, r := range snap.Records {
		recordsOf[r.Link()] = true
	}
	var manual, softDeleted, absent, unlinkedRecords float64
	linked := map[syncaudit.Link]bool{}
	for _, a := range snap.Accounts {
		for _, l := range a.Links {
			linked[l] = true
		}
		switch {
		case a.Status == syncaudit.SoftDeleted:
			softDeleted++
		case a.Manual():
			manual++
		default:
			offered := false
			for _, l := range a.Links {
				offered = offered || recordsOf[l]
			}
			if !offered {
				absent++
			}
		}
	}
	seen := map[syncaudit.Link]bool{}
	for _, r := range snap.Records {
		if l := r.Link(); !linked[l] && !seen[l] {
			seen[l] = true
			unlinkedRecords++
		}
	}
	tests := []struct {
		name      string
		got, want float64
		tol       float64
	}{
		{"soft-deleted", softDeleted / n, o.SoftDeleted, 0.15},
		{"manual", manual / n, o.Manual, 0.15},
		// Leavers without any record, plus those still listed without a group or with an ended contract.
		{"leavers", absent / n, o.Leavers * (1 - o.Manual - o.SoftDeleted), 0.2},
		// Joiners, plus the LAS twins of a quarter of the manual accounts (M2).
		{"joiners", unlinkedRecords / n, o.Joiners + o.Manual/4, 0.2},
		{"exceptions", float64(len(snap.Exceptions)) / n, o.Exceptions, 0.25},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !within(tt.got, tt.want, tt.tol) {
				t.Errorf("got rate %.4f, want %.4f ± %.0f %%", tt.got, tt.want, tt.tol*100)
			}
		})
	}
	t.Run("schools", func(t *testing.T) {
		if got, want := len(snap.Tenant.Schools), 100; got != want {
			t.Errorf("got %d schools, want %d (40000 accounts / 400)", got, want)
		}
	})
	t.Run("guards raised", func(t *testing.T) {
		md, ok := snap.Tenant.Policy["mass_delete"].(map[string]any)
		if !ok || md["max_count"].(int) < int(absent) {
			t.Errorf("got policy %v, want mass_delete.max_count above the %d absent accounts", snap.Tenant.Policy, int(absent))
		}
		o.TripGuards = true
		if p := gen.Generate(o).Tenant.Policy; p != nil {
			t.Errorf("with TripGuards: got policy %v, want none", p)
		}
	})
	t.Run("zero churn", func(t *testing.T) {
		z := options(syncaudit.Board, 2000, 1)
		z.Leavers, z.Joiners, z.NameDrift, z.Exceptions, z.Conflicts, z.Manual, z.SoftDeleted = 0, 0, 0, 0, 0, 0, 0
		s := gen.Generate(z)
		for _, a := range s.Accounts {
			if a.Manual() || a.Status != syncaudit.Active {
				t.Fatalf("got account %+v, want only active linked accounts", a)
			}
		}
		if len(s.Exceptions) != 0 {
			t.Errorf("got %d exception entries, want 0", len(s.Exceptions))
		}
	})
}

// TestEveryFamily checks that a snapshot of a few thousand accounts holds the
// raw material of every rule family, so a check of it exercises the whole
// rule book.
func TestEveryFamily(t *testing.T) {
	snap := gen.Generate(options(syncaudit.MultiDomain, 8000, 5))
	has := map[string]bool{}
	byID := map[string]*syncaudit.Account{}
	for i := range snap.Accounts {
		byID[snap.Accounts[i].ID] = &snap.Accounts[i]
	}
	records := map[syncaudit.Link][]syncaudit.SourceRecord{}
	for _, r := range snap.Records {
		records[r.Link()] = append(records[r.Link()], r)
		switch {
		case r.Source == syncaudit.LAS && r.Kind == syncaudit.Staff && len(r.Groups) == 0:
			has["S2/S6 LAS teacher without a group"] = true
		case r.Source == syncaudit.HR && r.EndDate.Before(snap.Tenant.RunDate):
			has["S3 HR contract ended"] = true
		case r.Source == syncaudit.SIS && r.Kind == syncaudit.Guardian:
			has["V4 guardians"] = true
		case len(r.Programs) > 0:
			has["P1 programs"] = true
		}
	}
	for _, a := range snap.Accounts {
		switch {
		case a.Status == syncaudit.SoftDeleted && a.DeletedAt.DaysUntil(snap.Tenant.RunDate) > 30:
			has["D7 purge candidate"] = true
		case a.Manual():
			has["M2/P2 manual account"] = true
		case len(a.Schools) == 2:
			has["D3/D4 two schools"] = true
		case !a.RestoredAt.IsZero():
			has["D8 restored"] = true
		}
		if a.Username != a.Email {
			has["U1 wrong username domain"] = true
		}
		for _, l := range a.Links {
			for _, r := range records[l] {
				if r.Source == syncaudit.LAS && r.LastName != "" && r.FirstName != a.FirstName && len(a.Links) == 2 {
					has["L3 LAS and HR disagree"] = true
				}
				if r.LastName != a.LastName || r.NamePrefix != a.NamePrefix {
					has["L2 name drift"] = true
				}
			}
		}
	}
	counts := map[string]int{}
	for _, e := range snap.Exceptions {
		counts[e.AccountID]++
		a := byID[e.AccountID]
		switch {
		case a == nil:
			has["E3 entry for a missing account"] = true
		case a.Manual():
			has["E2 entry on a manual account"] = true
		case e.Reason == "":
			has["E4 entry without a reason"] = true
		case e.ExpiresAt.Before(snap.Tenant.RunDate):
			has["E10 expired entry"] = true
		case e.LastReviewed().DaysUntil(snap.Tenant.RunDate) > 90:
			has["E5 entry due for review"] = true
		}
	}
	for _, n := range counts {
		if n > 1 {
			has["E8 duplicate entry"] = true
		}
	}
	for _, m := range snap.Memberships {
		if m.Origin == syncaudit.ManualOrigin {
			has["V9 manual membership"] = true
		}
	}
	for _, s := range snap.Tenant.Schools {
		if !s.Sync.Automatic {
			has["V1 automatic sync off"] = true
		}
		if !s.Sync.ManualCourseMembers {
			has["V9 switch off"] = true
		}
		if s.Sync.ForceEmail.Students {
			has["V8 forced e-mail"] = true
		}
	}
	want := []string{
		"S2/S6 LAS teacher without a group", "S3 HR contract ended", "V4 guardians", "P1 programs",
		"D7 purge candidate", "M2/P2 manual account", "D3/D4 two schools", "D8 restored",
		"U1 wrong username domain", "L3 LAS and HR disagree", "L2 name drift",
		"E3 entry for a missing account", "E2 entry on a manual account", "E4 entry without a reason",
		"E10 expired entry", "E5 entry due for review", "E8 duplicate entry",
		"V9 manual membership", "V1 automatic sync off", "V9 switch off", "V8 forced e-mail",
	}
	for _, w := range want {
		t.Run(w, func(t *testing.T) {
			if !has[w] {
				t.Errorf("the generated snapshot has no case of %s", w)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name string
		edit func(*gen.Options)
		ok   bool
	}{
		{"defaults", func(*gen.Options) {}, true},
		{"no accounts", func(o *gen.Options) { o.Accounts = 0 }, false},
		{"bad structure", func(o *gen.Options) { o.Structure = "campus" }, false},
		{"rate above one", func(o *gen.Options) { o.Leavers = 1.5 }, false},
		{"negative rate", func(o *gen.Options) { o.Joiners = -0.1 }, false},
		{"bad run date", func(o *gen.Options) { o.RunDate = "23-13-2026" }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := gen.DefaultOptions()
			tt.edit(&o)
			if err := o.Validate(); (err == nil) != tt.ok {
				t.Errorf("got %v, want ok=%v", err, tt.ok)
			}
		})
	}
}

func BenchmarkGenerate(b *testing.B) {
	o := options(syncaudit.Board, 100000, 1)
	for b.Loop() {
		gen.Generate(o)
	}
}

func BenchmarkWrite(b *testing.B) {
	snap := gen.Generate(options(syncaudit.Board, 100000, 1))
	dir := b.TempDir()
	for b.Loop() {
		if err := ingest.WriteSnapshot(dir, snap); err != nil {
			b.Fatal(err)
		}
	}
}
