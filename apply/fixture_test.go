package apply

import (
	"context"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"testing"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/ingest"
	"github.com/syncaudit/syncaudit/internal/testtree"
)

// runDate is the run date of the fixture's plans.
const runDate = syncaudit.Date("2026-11-23")

// fixtureFiles is a small board tenant, De Linde, with two schools, LAS and HR
// exports, and every kind of account the actions need:
//
//	A1 Jan Jansen     las:1001|hr:E-42  offered at 12AB (HR spells him Janssen)
//	A2 Eva van der Berg las:1002        offered at 12AB only, related to 12AB|34CD
//	A3 Piet Leeg      las:1003          absent (LAS staff without a group), on the exception list
//	A4 Old Leaver     hr:E-50           absent (HR end date passed), not on the list, M365 and Google
//	A5 Manual User    (manual)
//	A6 Gone Person    las:9999          soft-deleted
//	A7 Zoe Ostrom     (manual)          holds zoe.ostrom@delinde.nl, so a new Zoë Öström gets ...2
//	las:2001 Zoë Öström at 34CD and 12AB: no account yet (create)
//
// The LAS export uses ';', the rest ','; memberships are JSON.
var fixtureFiles = map[string]string{
	"tenant.yaml": `id: de-linde
name: Stichting De Linde
structure: board
domain: delinde.nl
run_date: 2026-11-23
schools:
  - id: 12AB
    name: OBS De Regenboog
    domain: regenboog.nl
  - id: 34CD
    name: CBS De Zonnebloem
    domain: zonnebloem.nl
`,
	"sources/las.csv": "source_id;school;kind;first_name;name_prefix;last_name;email;groups;courses\n" +
		"1001;12AB;staff;Jan;;Jansen;;7A;\n" +
		"1002;12AB;student;Eva;van der;Berg;;7A;rekenen\n" +
		"1003;12AB;staff;Piet;;Leeg;;;\n" +
		"2001;34CD;student;Zoë;;Öström;;3B;\n" +
		"2001;12AB;student;Zoë;;Öström;;8C;\n",
	"sources/hr.csv": "source_id,school,kind,role,first_name,last_name,email,start_date,end_date\n" +
		"E-42,12AB,staff,leerkracht,Jan,Janssen,jan.janssen@delinde.nl,,\n" +
		"E-50,34CD,staff,leerkracht,Old,Leaver,,2020-01-01,2025-01-01\n",
	"target/accounts.csv": "account_id,username,first_name,name_prefix,last_name,email,kind,status,deleted_at,schools,links,m365,m365_license,google\n" +
		"A1,jan.jansen@delinde.nl,Jan,,Jansen,jan.jansen@delinde.nl,staff,active,,12AB,las:1001|hr:E-42,true,true,false\n" +
		"A2,eva.van.der.berg@delinde.nl,Eva,van der,Berg,,student,active,,12AB|34CD,las:1002,false,false,false\n" +
		"A3,piet.leeg@delinde.nl,Piet,,Leeg,,staff,active,,12AB,las:1003,false,false,false\n" +
		"A4,old.leaver@delinde.nl,Old,,Leaver,,staff,active,,34CD,hr:E-50,true,true,true\n" +
		"A5,manual.user@delinde.nl,Manual,,User,,staff,active,,12AB,,false,false,false\n" +
		"A6,gone.person@delinde.nl,Gone,,Person,,student,soft_deleted,2026-09-01,12AB,las:9999,false,false,false\n" +
		"A7,zoe.ostrom@delinde.nl,Zoe,,Ostrom,,staff,active,,34CD,,false,false,false\n",
	"target/exceptions.csv": "account_id,reason,added_by,added_at,reviewed_at,expires_at\n" +
		"A3,langdurig ziek,p.devries,2026-01-10,,\n",
	"target/memberships.json": `[
  {"account_id": "A2", "school": "12AB", "group": "7A", "kind": "group", "origin": "sync"},
  {"account_id": "A2", "school": "12AB", "group": "rekenen", "kind": "course", "origin": "sync"},
  {"account_id": "A5", "school": "12AB", "group": "7A", "kind": "group", "origin": "manual"},
  {"account_id": "A3", "school": "12AB", "group": "7A", "kind": "group", "origin": "manual"}
]
`,
}

// writeFixture writes files (fixtureFiles with edits: an empty value drops
// the file) into a new folder and returns it.
func writeFixture(tb testing.TB, edits map[string]string) string {
	tb.Helper()
	dir := filepath.Join(tb.TempDir(), "snapshot")
	files := maps.Clone(fixtureFiles)
	maps.Copy(files, edits)
	maps.DeleteFunc(files, func(_, text string) bool { return text == "" })
	return testtree.Write(tb, dir, files)
}

// readFixture writes the fixture and reads it back as a snapshot.
func readFixture(tb testing.TB, edits map[string]string) *syncaudit.Snapshot {
	tb.Helper()
	snap, err := ingest.ReadSnapshot(context.Background(), writeFixture(tb, edits))
	if err != nil {
		tb.Fatalf("read fixture: %v", err)
	}
	return snap
}

// planFor is a plan made from snap's inputs with the given actions.
func planFor(snap *syncaudit.Snapshot, actions ...syncaudit.Action) *syncaudit.Report {
	rep := &syncaudit.Report{
		Schema: syncaudit.ReportSchema,
		Tool:   syncaudit.Tool{Name: "syncaudit", Version: "test"},
		Run: syncaudit.Run{
			Tenant: snap.Tenant.ID, Structure: snap.Tenant.Structure, RunDate: runDate,
			Inputs: append([]syncaudit.InputFile(nil), snap.Inputs...),
		},
		Actions:  actions,
		Findings: []syncaudit.Finding{},
	}
	for i := range rep.Actions {
		if rep.Actions[i].State == "" {
			rep.Actions[i].State = syncaudit.Planned
		}
	}
	rep.Summarise(len(snap.Accounts))
	return rep
}

// writePlan writes plan as JSON into a new folder and returns its path.
func writePlan(tb testing.TB, plan *syncaudit.Report) string {
	tb.Helper()
	data, err := json.MarshalIndent(plan, "", "  ")
	if err != nil {
		tb.Fatal(err)
	}
	path := filepath.Join(tb.TempDir(), "plan.json")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		tb.Fatal(err)
	}
	return path
}

func accountByID(accounts []syncaudit.Account, id string) *syncaudit.Account {
	for i := range accounts {
		if accounts[i].ID == id {
			return &accounts[i]
		}
	}
	return nil
}

// listDir lists every file under dir, relative and slash-separated.
func listDir(tb testing.TB, dir string) []string {
	tb.Helper()
	var names []string
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(dir, path)
			names = append(names, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return names
}

// carry applies plan as it is, without asking the rule book: the mechanics
// of each action kind, which Plan reaches only through the rule book.
func carry(ctx context.Context, snap *syncaudit.Snapshot, plan *syncaudit.Report, opts Options) (*Result, error) {
	if opts.PlanFile == "" {
		opts.PlanFile = "plan"
	}
	rd := opts.RunDate
	if rd.IsZero() {
		rd = plan.Run.RunDate
	}
	if rd.IsZero() {
		rd = snap.Tenant.RunDate
	}
	return carryOut(ctx, snap, planItems(plan), rd, nil, opts)
}

// selectFrom returns a copy of plan with only the actions keep selects.
func selectFrom(plan *syncaudit.Report, keep func(*syncaudit.Action) bool) *syncaudit.Report {
	out := *plan
	out.Actions = nil
	for i := range plan.Actions {
		if keep(&plan.Actions[i]) {
			out.Actions = append(out.Actions, plan.Actions[i])
		}
	}
	return &out
}
