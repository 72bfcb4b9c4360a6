package policies_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/policies"
	"github.com/syncaudit/syncaudit/samples/gen"
)

// twentySchools is a generated board of twenty schools.
func twentySchools(t *testing.T) *syncaudit.Snapshot {
	t.Helper()
	opts := gen.DefaultOptions()
	opts.Accounts, opts.SchoolSize, opts.Seed = 1000, 50, 3
	snap := gen.Generate(opts)
	if len(snap.Tenant.Schools) < 15 {
		t.Fatalf("generated %d schools, want about twenty", len(snap.Tenant.Schools))
	}
	return snap
}

func guardFindings(t *testing.T, e *policies.Engine, snap *syncaudit.Snapshot) []syncaudit.Finding {
	t.Helper()
	rep, err := e.Check(context.Background(), snap, policies.CheckOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var out []syncaudit.Finding
	for _, f := range rep.Findings {
		if f.Severity == syncaudit.Deny && (f.Rule == "D9" || f.Rule == "D10" || f.Rule == "L6") {
			out = append(out, f)
		}
	}
	return out
}

func describe(fs []syncaudit.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Rule+"@"+f.School+"/"+f.Source)
	}
	return out
}

func hasGuard(fs []syncaudit.Finding, rule, school, source string) bool {
	for _, f := range fs {
		if f.Rule == rule && f.School == school && f.Source == source {
			return true
		}
	}
	return false
}

// TestGuardsPerSchool: on a board of twenty schools, one school missing from
// the exports, or its code written in lower case, is a few per cent of the
// tenant but every account of that school: D9 and D10 name the school.
func TestGuardsPerSchool(t *testing.T) {
	engine, err := policies.Load(context.Background(), policies.Options{})
	if err != nil {
		t.Fatal(err)
	}
	clean := twentySchools(t)
	if got := guardFindings(t, engine, clean); len(got) != 0 {
		t.Fatalf("the clean board already trips %v", describe(got))
	}
	school := clean.Tenant.Schools[4].ID
	for _, tt := range []struct {
		name string
		edit func(r *syncaudit.SourceRecord) bool // false drops the record
	}{
		{"the school missing from every export", func(r *syncaudit.SourceRecord) bool { return r.School != school }},
		{"its code written in lower case", func(r *syncaudit.SourceRecord) bool {
			if r.School == school {
				r.School = strings.ToLower(school)
			}
			return true
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			snap := twentySchools(t)
			kept := snap.Records[:0]
			for _, r := range snap.Records {
				if tt.edit(&r) {
					kept = append(kept, r)
				}
			}
			snap.Records = kept
			got := guardFindings(t, engine, snap)
			if !hasGuard(got, "D9", school, "") || !hasGuard(got, "D10", school, "las") {
				t.Errorf("guards %v, want D9 and D10 (las) naming school %s", describe(got), school)
			}
			if hasGuard(got, "D9", "", "") {
				t.Errorf("guards %v: one school of twenty should not trip the tenant-wide D9", describe(got))
			}
			for _, f := range got {
				if f.School != "" && f.School != school {
					t.Errorf("guard %s names school %s, which lost nothing", f.Rule, f.School)
				}
			}
		})
	}
}

// TestGuardsCountUserRules: soft deletes that a tenant's own rule plans are
// counted by D9, in the account cases and in the tenant case alike.
func TestGuardsCountUserRules(t *testing.T) {
	for _, tt := range []struct{ name, rule string }{
		{"in the account cases", `actions contains {"kind": "soft_delete", "account": input.account.account_id, "rule": "X9", "state": "planned"} if {
	input.case == "account"
	input.account.status == "active"
}`},
		{"in the tenant case", `actions contains {"kind": "soft_delete", "account": a.account_id, "rule": "X9", "state": "planned"} if {
	input.case == "tenant"
	some a in data.tenant.house_accounts
}`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			text := "package syncaudit.rules.house\n\n" + tt.rule + "\n"
			if err := os.WriteFile(filepath.Join(dir, "house.rego"), []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			engine, err := policies.Load(context.Background(), policies.Options{Dirs: []string{dir}})
			if err != nil {
				t.Fatal(err)
			}
			snap := twentySchools(t)
			if strings.Contains(tt.name, "tenant") {
				// The tenant case sees no accounts; give the rule a list.
				var ids []any
				for _, a := range snap.Accounts[:200] {
					ids = append(ids, map[string]any{"account_id": a.ID})
				}
				engine = withTenantData(t, dir, ids)
			}
			if got := guardFindings(t, engine, snap); !hasGuard(got, "D9", "", "") {
				t.Errorf("guards %v, want the tenant-wide D9 for the user rule's soft deletes", describe(got))
			}
		})
	}
}

// withTenantData loads dir with a second user file that gives the house rule
// its list of accounts as a constant.
func withTenantData(t *testing.T, dir string, ids []any) *policies.Engine {
	t.Helper()
	var b strings.Builder
	b.WriteString("package syncaudit.rules.house_data\n\naccounts := [")
	for i, id := range ids {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(`{"account_id": "` + id.(map[string]any)["account_id"].(string) + `"}`)
	}
	b.WriteString("]\n")
	if err := os.WriteFile(filepath.Join(dir, "house_data.rego"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	rule := "package syncaudit.rules.house\n\n" + `actions contains {"kind": "soft_delete", "account": a.account_id, "rule": "X9", "state": "planned"} if {
	input.case == "tenant"
	some a in data.syncaudit.rules.house_data.accounts
}` + "\n"
	if err := os.WriteFile(filepath.Join(dir, "house.rego"), []byte(rule), 0o644); err != nil {
		t.Fatal(err)
	}
	engine, err := policies.Load(context.Background(), policies.Options{Dirs: []string{dir}})
	if err != nil {
		t.Fatal(err)
	}
	return engine
}
