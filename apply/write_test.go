package apply

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/ingest"
)

// fixturePlan is the rule book's plan for the fixture, narrowed to one
// action of most kinds: a selection, as a plan may be.
func fixturePlan(tb testing.TB, snap *syncaudit.Snapshot) *syncaudit.Report {
	return selectFrom(checkPlan(tb, snap), func(a *syncaudit.Action) bool {
		switch a.Kind {
		case syncaudit.Create:
			return a.School == "34CD"
		case syncaudit.Update:
			return a.Field == "last_name"
		case syncaudit.UnlinkSchool:
			return a.Account == "A2"
		case syncaudit.SoftDelete, syncaudit.SuspendM365, syncaudit.KeepByException, syncaudit.PurgeCandidate:
			return true
		}
		return false
	})
}

func TestApplyWritesTheNextSnapshot(t *testing.T) {
	dir := writeFixture(t, nil)
	snap, err := ingest.ReadSnapshot(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	planPath := writePlan(t, fixturePlan(t, snap))
	out := filepath.Join(t.TempDir(), "next")
	res, err := Apply(context.Background(), dir, planPath, out, Options{Engine: builtinEngine(t)})
	if err != nil {
		t.Fatalf("Apply: %v", err)
	}

	t.Run("the same files, and the journal", func(t *testing.T) {
		want := []string{"journal.jsonl", "sources/hr.csv", "sources/las.csv", "target/accounts.csv", "target/exceptions.csv", "target/memberships.json", "tenant.yaml"}
		if got := listDir(t, out); !slices.Equal(got, want) {
			t.Errorf("files %v, want %v", got, want)
		}
		siblings, _ := os.ReadDir(filepath.Dir(out))
		if len(siblings) != 1 {
			t.Errorf("beside NEWDIR: %v, want only next (no temporary folder left)", siblings)
		}
	})
	t.Run("tenant and sources copied byte for byte", func(t *testing.T) {
		for _, name := range []string{"tenant.yaml", "sources/las.csv", "sources/hr.csv"} {
			got, _ := os.ReadFile(filepath.Join(out, name))
			if string(got) != fixtureFiles[name] {
				t.Errorf("%s differs from the snapshot's", name)
			}
		}
	})
	next, err := ingest.ReadSnapshot(context.Background(), out)
	if err != nil {
		t.Fatalf("the next snapshot cannot be read: %v", err)
	}
	t.Run("each table in the format it was read in", func(t *testing.T) {
		formats := map[string]string{}
		for _, in := range next.Inputs {
			formats[in.File] = in.Format + string(in.Delimiter)
		}
		want := map[string]string{"target/accounts.csv": "csv,", "target/exceptions.csv": "csv,", "target/memberships.json": "json\x00", "sources/las.csv": "csv;"}
		for file, f := range want {
			if formats[file] != f {
				t.Errorf("%s read as %q, want %q", file, formats[file], f)
			}
		}
	})
	t.Run("the changes are in the tables", func(t *testing.T) {
		if a := accountByID(next.Accounts, "A1"); a == nil || a.LastName != "Janssen" {
			t.Errorf("A1 = %+v, want last name Janssen", a)
		}
		if a := accountByID(next.Accounts, "A4"); a == nil || a.Status != syncaudit.SoftDeleted || a.DeletedAt != runDate || a.M365 || !a.M365License {
			t.Errorf("A4 = %+v, want soft-deleted on %s with m365 off and the licence kept", a, runDate)
		}
		if a := accountByID(next.Accounts, "A8"); a == nil || a.Username != "zoe.ostrom2@delinde.nl" || linksText(a.Links) != "las:2001" {
			t.Errorf("A8 = %+v, want the new account for las:2001", a)
		}
		// A8 joins its LAS group 3B.
		if len(next.Accounts) != 8 || len(next.Exceptions) != 1 || len(next.Memberships) != 5 {
			t.Errorf("%d accounts, %d entries, %d memberships; want 8, 1, 5", len(next.Accounts), len(next.Exceptions), len(next.Memberships))
		}
		if !slices.Equal(ids(next.Accounts), ids(res.Accounts)) {
			t.Errorf("accounts %v, want %v", ids(next.Accounts), ids(res.Accounts))
		}
	})
	t.Run("journal: one line per action with the plan's digest", func(t *testing.T) {
		data, _ := os.ReadFile(planPath)
		sum := sha256.Sum256(data)
		digest := hex.EncodeToString(sum[:])
		f, err := os.Open(filepath.Join(out, JournalFile))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		var got []string
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			var e Entry
			if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
				t.Fatalf("journal line %q: %v", sc.Text(), err)
			}
			if e.Plan != digest {
				t.Errorf("line %d: plan %q, want %q", e.Seq, e.Plan, digest)
			}
			got = append(got, string(e.Kind)+" "+e.Account+" "+string(e.Outcome))
		}
		want := []string{
			"create A8 applied", "update A1 applied", "unlink_school A2 applied", "keep_by_exception A3 not_applied",
			"soft_delete A4 applied", "suspend_m365 A4 applied", "purge_candidate A6 not_applied",
		}
		if !slices.Equal(got, want) {
			t.Errorf("journal\n  %q\nwant\n  %q", got, want)
		}
	})
	t.Run("applying the plan to its own output is refused", func(t *testing.T) {
		again := filepath.Join(t.TempDir(), "again")
		_, err := Apply(context.Background(), out, planPath, again, Options{Engine: builtinEngine(t)})
		var ie *syncaudit.InputError
		if !errors.As(err, &ie) || !strings.Contains(err.Error(), "made from other inputs: target/accounts.csv differs") {
			t.Errorf("err = %v, want made from other inputs, naming target/accounts.csv", err)
		}
		if _, err := os.Stat(again); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s was written", again)
		}
	})
}

func TestApplyKeepsTheDelimiterAndJSON(t *testing.T) {
	dir := writeFixture(t, map[string]string{
		"target/accounts.csv": "",
		"target/accounts.json": `[
  {"account_id": "A1", "username": "jan.jansen@delinde.nl", "first_name": "Jan", "last_name": "Jansen", "status": "active", "schools": ["12AB"], "links": ["las:1001", "hr:E-42"]}
]`,
		"target/exceptions.csv":   "",
		"target/memberships.json": "",
		"target/memberships.csv":  "account_id;school;group;kind;origin\nA1;12AB;9Z;group;sync\n",
	})
	snap, err := ingest.ReadSnapshot(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	plan := selectFrom(checkPlan(t, snap), func(a *syncaudit.Action) bool {
		return a.Account == "A1" && (a.Field == "last_name" || a.Kind == syncaudit.AddMembership || a.Kind == syncaudit.RemoveMember)
	})
	out := filepath.Join(t.TempDir(), "next")
	if _, err := Apply(context.Background(), dir, writePlan(t, plan), out, Options{Engine: builtinEngine(t)}); err != nil {
		t.Fatal(err)
	}
	want := []string{"journal.jsonl", "sources/hr.csv", "sources/las.csv", "target/accounts.json", "target/memberships.csv", "tenant.yaml"}
	if got := listDir(t, out); !slices.Equal(got, want) {
		t.Errorf("files %v, want %v (no exceptions table appears)", got, want)
	}
	accounts, _ := os.ReadFile(filepath.Join(out, "target/accounts.json"))
	var rows []map[string]any
	if err := json.Unmarshal(accounts, &rows); err != nil || len(rows) != 1 || rows[0]["last_name"] != "Janssen" {
		t.Errorf("accounts.json = %s (err %v), want a JSON array with Janssen", accounts, err)
	}
	ms, _ := os.ReadFile(filepath.Join(out, "target/memberships.csv"))
	if want := "account_id;school;group;kind;origin\nA1;12AB;7A;group;sync\n"; string(ms) != want {
		t.Errorf("memberships.csv =\n%s\nwant\n%s", ms, want)
	}
}

// TestWriteAddsAMembershipsTable: the rule book plans no membership without
// target/memberships, but a rule of the tenant's own may; Write then adds
// the table in the accounts table's format.
func TestWriteAddsAMembershipsTable(t *testing.T) {
	dir := writeFixture(t, map[string]string{"target/memberships.json": ""})
	snap, err := ingest.ReadSnapshot(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	plan := planFor(snap, syncaudit.Action{Kind: syncaudit.AddMembership, Account: "A2", School: "12AB", Group: "rekenen", Rule: "V6"})
	res, err := carry(context.Background(), snap, plan, Options{})
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "next")
	if err := Write(context.Background(), snap, res, out); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(out, "target/memberships.csv"))
	if want := "account_id,school,group,kind,origin\nA2,12AB,rekenen,course,sync\n"; err != nil || string(data) != want {
		t.Errorf("memberships.csv = %q (%v), want %q: in the accounts table's format, the kind inferred from the LAS courses", data, err, want)
	}
}

func TestApplyRefusesTheOutput(t *testing.T) {
	dir := writeFixture(t, nil)
	snap, err := ingest.ReadSnapshot(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	planPath := writePlan(t, fixturePlan(t, snap))
	full := filepath.Join(t.TempDir(), "full")
	os.MkdirAll(full, 0o755)
	os.WriteFile(filepath.Join(full, "keep.txt"), []byte("mine"), 0o644)
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(dir, link); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, []byte("mine"), 0o644)
	tests := []struct {
		name, out, want string
	}{
		{"a folder that is not empty", full, "exists and is not empty (it holds keep.txt)"},
		{"a file", file, "exists and is a file"},
		{"the snapshot itself", dir, "is the snapshot itself"},
		{"the snapshot, spelled differently", dir + "/./target/..", "is the snapshot itself"},
		{"a folder inside the snapshot", filepath.Join(dir, "next"), "lies inside the snapshot"},
		{"a folder inside the snapshot, through a symbolic link", filepath.Join(link, "target", "next"), "lies inside the snapshot"},
		{"nothing", " ", "--out is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := listDir(t, dir)
			_, err := Apply(context.Background(), dir, planPath, tt.out, Options{Engine: builtinEngine(t)})
			var ue *syncaudit.UsageError
			if !errors.As(err, &ue) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want a UsageError saying %q", err, tt.want)
			}
			if got := listDir(t, dir); !slices.Equal(got, before) {
				t.Errorf("the snapshot changed: %v", got)
			}
			if got, _ := os.ReadFile(filepath.Join(full, "keep.txt")); string(got) != "mine" {
				t.Error("the full folder was touched")
			}
		})
	}
}

func TestApplyIntoAnEmptyFolder(t *testing.T) {
	dir := writeFixture(t, nil)
	snap, _ := ingest.ReadSnapshot(context.Background(), dir)
	out := t.TempDir() // exists, empty
	if _, err := Apply(context.Background(), dir, writePlan(t, fixturePlan(t, snap)), out, Options{Engine: builtinEngine(t)}); err != nil {
		t.Fatalf("Apply into an empty folder: %v", err)
	}
	if _, err := os.Stat(filepath.Join(out, "target", "accounts.csv")); err != nil {
		t.Error(err)
	}
}

func TestApplyRefusalWritesNothing(t *testing.T) {
	// With max_count 0 every soft delete is a mass deletion (D9).
	dir := writeFixture(t, map[string]string{"tenant.yaml": fixtureFiles["tenant.yaml"] + "policy:\n  mass_delete: {max_count: 0}\n"})
	snap, _ := ingest.ReadSnapshot(context.Background(), dir)
	plan := fixturePlan(t, snap)
	plan.Findings = nil // the deny taken out of the plan changes nothing
	parent := t.TempDir()
	out := filepath.Join(parent, "next")
	_, err := Apply(context.Background(), dir, writePlan(t, plan), out, Options{Engine: builtinEngine(t)})
	if err == nil || !strings.Contains(err.Error(), "D9") {
		t.Fatalf("err = %v, want the D9 refusal", err)
	}
	if entries, _ := os.ReadDir(parent); len(entries) != 0 {
		t.Errorf("a refused apply left %v", entries)
	}
}

func TestWriteCancelledLeavesNothing(t *testing.T) {
	snap := readFixture(t, nil)
	res, err := carry(context.Background(), snap, fixturePlan(t, snap), Options{Engine: builtinEngine(t)})
	if err != nil {
		t.Fatal(err)
	}
	parent := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err = Write(ctx, snap, res, filepath.Join(parent, "next"))
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	if entries, _ := os.ReadDir(parent); len(entries) != 0 {
		t.Errorf("a cancelled write left %v", entries)
	}
}

func TestWriteRefusesAChangedSource(t *testing.T) {
	snap := readFixture(t, nil)
	res, err := carry(context.Background(), snap, fixturePlan(t, snap), Options{Engine: builtinEngine(t)})
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(snap.Dir, "sources", "hr.csv"), []byte("changed"), 0o644)
	parent := t.TempDir()
	err = Write(context.Background(), snap, res, filepath.Join(parent, "next"))
	if err == nil || !strings.Contains(err.Error(), "sources/hr.csv: the file changed while apply ran") {
		t.Errorf("err = %v, want the changed file named", err)
	}
	if entries, _ := os.ReadDir(parent); len(entries) != 0 {
		t.Errorf("a failed write left %v", entries)
	}
}

func TestReadPlan(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(text), 0o644)
		return p
	}
	good := write("good.json", `{"schema": "syncaudit.report/v1", "actions": []}`)
	tests := []struct {
		name, path, want string
	}{
		{"missing", filepath.Join(dir, "none.json"), "the plan does not exist"},
		{"not JSON", write("bad.json", "{"), "not a syncaudit plan"},
		{"another schema", write("other.json", `{"schema": "x/v9"}`), `column schema: not a syncaudit plan (value "x/v9")`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := ReadPlan(tt.path)
			var ie *syncaudit.InputError
			if !errors.As(err, &ie) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want an InputError with %q", err, tt.want)
			}
		})
	}
	plan, digest, err := ReadPlan(good)
	data, _ := os.ReadFile(good)
	sum := sha256.Sum256(data)
	if err != nil || plan.Schema != syncaudit.ReportSchema || digest != hex.EncodeToString(sum[:]) {
		t.Errorf("ReadPlan(good) = %v, %q, %v", plan, digest, err)
	}
}

func TestWriteJournal(t *testing.T) {
	var b bytes.Buffer
	err := WriteJournal(&b, []Entry{
		{Plan: "p", Seq: 0, RunDate: runDate, Outcome: Applied, Kind: syncaudit.Update, Rule: "L2", Account: "A1",
			Changes: []Change{{Table: "accounts", Field: "last_name", From: "Jansen", To: "Janssen"}}},
		{Plan: "p", Seq: 1, RunDate: runDate, Outcome: NotApplied, Kind: syncaudit.PurgeCandidate, Rule: "D7", Account: "A6", Why: "a person's decision <always>"},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"plan":"p","seq":0,"run_date":"2026-11-23","outcome":"applied","kind":"update","rule":"L2","account":"A1","changes":[{"table":"accounts","field":"last_name","from":"Jansen","to":"Janssen"}]}
{"plan":"p","seq":1,"run_date":"2026-11-23","outcome":"not_applied","kind":"purge_candidate","rule":"D7","account":"A6","why":"a person's decision <always>"}
`
	if b.String() != want {
		t.Errorf("journal =\n%s\nwant\n%s", b.String(), want)
	}
}
