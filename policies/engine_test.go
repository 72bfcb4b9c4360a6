package policies

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/syncaudit/syncaudit"
)

// loadMini loads the miniature rule book of testdata/mini as the built-in one.
func loadMini(tb testing.TB, dirs ...string) *Engine {
	tb.Helper()
	e, err := Load(context.Background(), Options{
		Builtin: os.DirFS("testdata/mini"),
		Dirs:    dirs,
		Tool:    syncaudit.Tool{Name: "syncaudit", Version: "test"},
	})
	if err != nil {
		tb.Fatalf("Load: %v", err)
	}
	return e
}

// miniSnapshot is a single school with one offered account, two absent ones,
// a manual account that blocks a new LAS pupil, one new pupil, and an
// exception list with an idle entry, a duplicate and an orphan.
func miniSnapshot() *syncaudit.Snapshot {
	las := func(id string) []syncaudit.Link { return []syncaudit.Link{{Source: syncaudit.LAS, SourceID: id}} }
	return &syncaudit.Snapshot{
		Tenant: syncaudit.Tenant{
			ID: "t1", Structure: syncaudit.SingleSchool, RunDate: "2026-11-23",
			Schools: []syncaudit.School{{ID: "12AB", Sync: syncaudit.DefaultSyncSwitches()}},
		},
		Records: []syncaudit.SourceRecord{
			{Source: "las", SourceID: "1", School: "12AB", Kind: "student", FirstName: "Jan", LastName: "Jansen", Groups: []string{"7A"}},
			{Source: "las", SourceID: "10", School: "12AB", Kind: "staff", FirstName: "Els", LastName: "Bos"},
			{Source: "las", SourceID: "5", School: "12AB", Kind: "student", FirstName: "Kim", LastName: "Smit", Groups: []string{"3B"}},
			{Source: "las", SourceID: "6", School: "12AB", Kind: "staff", FirstName: "Piet", LastName: "Vos", Email: "Piet@School.nl", Groups: []string{"4C"}},
			{Source: "las", SourceID: "7", School: "99ZZ", Kind: "student", FirstName: "Elders", LastName: "Anders", Groups: []string{"1A"}},
		},
		Accounts: []syncaudit.Account{
			{ID: "A1", FirstName: "Jan", LastName: "Jansen", Status: "active", Schools: []string{"12AB"}, Links: las("1")},
			{ID: "A2", FirstName: "Gone", LastName: "Away", Status: "active", Schools: []string{"12AB"}, Links: las("2")},
			{ID: "A10", FirstName: "Els", LastName: "Bos", Status: "active", Schools: []string{"12AB"}, Links: las("10")},
			{ID: "A3", FirstName: "Pieter", LastName: "Vos", Email: "piet@school.nl", Status: "active", Schools: []string{"12AB"}},
		},
		Exceptions: []syncaudit.ExceptionEntry{
			{AccountID: "A1", Reason: "ziek"},
			{AccountID: "X9", Reason: "weg"},
			{AccountID: "A1", Reason: "dubbel"},
		},
	}
}

func actionKeys(as []syncaudit.Action) []string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = strings.Join([]string{a.Rule, string(a.Kind), a.Account, a.Source + ":" + a.SourceID, string(a.State)}, " ")
	}
	return out
}

func findingKeys(fs []syncaudit.Finding) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = strings.Join([]string{f.Rule, string(f.Severity), f.Account, f.Source + ":" + f.SourceID}, " ")
	}
	return out
}

func TestCheckMini(t *testing.T) {
	e := loadMini(t)
	rep, err := e.Check(context.Background(), miniSnapshot(), CheckOptions{Workers: 2})
	if err != nil {
		t.Fatalf("Check: %v", err)
	}
	wantActions := []string{
		"M4 create  las:5 planned",
		"D2 soft_delete A2 : planned",
		"D2 soft_delete A10 : planned",
	}
	if got := actionKeys(rep.Actions); !reflect.DeepEqual(got, wantActions) {
		t.Errorf("actions:\n got %q\nwant %q", got, wantActions)
	}
	wantFindings := []string{
		"M2 deny A3 las:6",
		"E3 deny X9 :",
		"E7 warn A1 :",
		"E8 warn A1 :",
	}
	if got := findingKeys(rep.Findings); !reflect.DeepEqual(got, wantFindings) {
		t.Errorf("findings:\n got %q\nwant %q", got, wantFindings)
	}
	// The D2 evidence number comes back as a string.
	if got := rep.Actions[1].Evidence["records"]; got != "0" {
		t.Errorf("D2 evidence records = %q, want %q", got, "0")
	}
	if got, want := rep.Summary.Findings[syncaudit.Deny], 2; got != want {
		t.Errorf("summary deny = %d, want %d", got, want)
	}
	if got, want := rep.Summary.Actions[syncaudit.SoftDelete], 2; got != want {
		t.Errorf("summary soft_delete = %d, want %d", got, want)
	}
	if rep.Run.RunDate != "2026-11-23" || rep.Run.Tenant != "t1" || rep.Schema != syncaudit.ReportSchema {
		t.Errorf("run = %+v, schema %q", rep.Run, rep.Schema)
	}
	if got := rep.Run.Parameters["purge_after_days"]; got != json.Number("30") {
		t.Errorf("parameters purge_after_days = %v (%T), want 30", got, got)
	}
	if rep.Run.PolicyDigest == "" || len(rep.Run.Policies) != 2 {
		t.Errorf("policy digest %q, files %v: want a digest and 2 files (tests excluded)", rep.Run.PolicyDigest, rep.Run.Policies)
	}
}

func TestCheckRunDate(t *testing.T) {
	e := loadMini(t)
	snap := miniSnapshot()
	snap.Tenant.RunDate = ""
	if _, err := e.Check(context.Background(), snap, CheckOptions{}); err == nil {
		t.Fatal("Check without a run date: got no error")
	}
	rep, err := e.Check(context.Background(), snap, CheckOptions{RunDate: "2027-01-01", Language: "nl"})
	if err != nil {
		t.Fatalf("Check: %v", err)
	}
	if rep.Run.RunDate != "2027-01-01" || rep.Run.Language != "nl" {
		t.Errorf("run date %q language %q, want 2027-01-01 nl", rep.Run.RunDate, rep.Run.Language)
	}
}

func TestDisabledRules(t *testing.T) {
	e := loadMini(t)
	snap := miniSnapshot()
	snap.Tenant.Policy = map[string]any{"disabled_rules": []any{"E7", "D2"}}
	rep, err := e.Check(context.Background(), snap, CheckOptions{})
	if err != nil {
		t.Fatalf("Check: %v", err)
	}
	for _, f := range rep.Findings {
		if f.Rule == "E7" {
			t.Errorf("disabled rule E7 still reported: %+v", f)
		}
	}
	for _, a := range rep.Actions {
		if a.Rule == "D2" {
			t.Errorf("disabled rule D2 still plans: %+v", a)
		}
	}
	if got, want := rep.Run.DisabledRules, []string{"D2", "E7"}; !reflect.DeepEqual(got, want) {
		t.Errorf("disabled rules = %v, want %v", got, want)
	}
	for _, r := range rep.Rules {
		if r.ID == "E7" || r.ID == "D2" {
			t.Errorf("catalogue holds disabled rule %s", r.ID)
		}
	}
}

func TestTenantCaseGuards(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*syncaudit.Snapshot)
		want   []string // tenant-wide rules expected among the findings
	}{
		{"few deletes", func(*syncaudit.Snapshot) {}, nil},
		{"mass deletion", func(s *syncaudit.Snapshot) {
			for _, id := range []string{"20", "21", "22"} {
				s.Accounts = append(s.Accounts, syncaudit.Account{ID: "B" + id, Status: "active", Schools: []string{"12AB"},
					Links: []syncaudit.Link{{Source: "las", SourceID: id}}})
			}
		}, []string{"D9"}},
		{"source without eligible records", func(s *syncaudit.Snapshot) {
			for i := range s.Records {
				s.Records[i].Groups = nil
			}
		}, []string{"D9", "D10"}},
	}
	e := loadMini(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			snap := miniSnapshot()
			tt.mutate(snap)
			rep, err := e.Check(context.Background(), snap, CheckOptions{})
			if err != nil {
				t.Fatalf("Check: %v", err)
			}
			var got []string
			for _, f := range rep.Findings {
				if f.Rule == "D9" || f.Rule == "D10" {
					got = append(got, f.Rule)
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("tenant findings = %v, want %v (all: %q)", got, tt.want, findingKeys(rep.Findings))
			}
		})
	}
}

func TestDeterminism(t *testing.T) {
	builtin, err := Load(context.Background(), Options{})
	if err != nil {
		t.Fatalf("Load the built-in rule book: %v", err)
	}
	engines := []struct {
		name     string
		engine   *Engine
		accounts int
	}{
		{"mini rule book", loadMini(t), 3000},
		{"built-in rule book", builtin, 1500},
	}
	for _, tt := range engines {
		t.Run(tt.name, func(t *testing.T) {
			snap := synthetic(tt.accounts)
			var outs [][]byte
			for _, workers := range []int{1, 4, 7} {
				rep, err := tt.engine.Check(context.Background(), snap, CheckOptions{Workers: workers})
				if err != nil {
					t.Fatalf("Check with %d workers: %v", workers, err)
				}
				b, err := json.MarshalIndent(rep, "", "  ")
				if err != nil {
					t.Fatal(err)
				}
				outs = append(outs, b)
			}
			for i := 1; i < len(outs); i++ {
				if !bytes.Equal(outs[0], outs[i]) {
					t.Errorf("report of run %d differs from the one-worker report", i)
				}
			}
			if len(outs[0]) < 1000 {
				t.Errorf("report suspiciously small: %d bytes", len(outs[0]))
			}
		})
	}
}

func TestCheckCancelled(t *testing.T) {
	e := loadMini(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := e.Check(ctx, synthetic(500), CheckOptions{Workers: 2})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Check on a cancelled context: err = %v, want context.Canceled", err)
	}
}

func TestCheckCancelledMidRun(t *testing.T) {
	slow := writePolicy(t, "slow.rego", "package syncaudit.rules.slow\n\nfindings contains {\"rule\": \"X9\", \"severity\": \"info\", \"message\": sprintf(\"%d\", [n])} if {\n\tinput.case == \"account\"\n\tn := count([x | some x in numbers.range(1, 200000); x % 7 == 0])\n}\n")
	e := loadMini(t, slow)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := e.Check(ctx, synthetic(2000), CheckOptions{Workers: 2})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Check cancelled mid-run: err = %v, want context.DeadlineExceeded", err)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("Check took %v to stop after cancellation", took)
	}
}

func TestCatalogue(t *testing.T) {
	e := loadMini(t)
	var ids []string
	for _, r := range e.Rules() {
		ids = append(ids, r.ID)
	}
	want := []string{"M2", "M4", "D2", "D9", "D10", "E3", "E7", "E8"}
	if !reflect.DeepEqual(ids, want) {
		t.Errorf("rule ids = %v, want %v", ids, want)
	}
	byID := map[string]syncaudit.Rule{}
	for _, r := range e.Rules() {
		byID[r.ID] = r
	}
	want2 := syncaudit.Rule{ID: "E3", Severity: "deny", Title: "Entry for a missing account",
		Description: "An exception entry names an account that is not in the target.",
		Seed:        "002.txt, 001.txt", File: "policies/rules.rego"}
	if got := byID["E3"]; got != want2 {
		t.Errorf("E3 = %+v, want %+v", got, want2)
	}
}

func TestCompareRuleIDs(t *testing.T) {
	ids := []string{"U1", "D10", "E1", "X2", "S6", "D2", "L1", "M4", "P2", "V9", "D1", "E10", "S1", "AB1", "D2b"}
	sort.Slice(ids, func(i, j int) bool { return CompareRuleIDs(ids[i], ids[j]) < 0 })
	want := []string{"S1", "S6", "M4", "L1", "D1", "D2", "D2b", "D10", "E1", "E10", "V9", "P2", "U1", "AB1", "X2"}
	if !reflect.DeepEqual(ids, want) {
		t.Errorf("sorted = %v, want %v", ids, want)
	}
}

func TestCompareNatural(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"A2", "A10", -1}, {"A10", "A2", 1}, {"A2", "A2", 0}, {"", "A1", -1},
		{"A02", "A2", -1}, {"x9y", "x10a", -1}, {"abc", "abd", -1}, {"A1", "A1b", -1},
	}
	for _, tt := range tests {
		if got := compareNatural(tt.a, tt.b); got != tt.want {
			t.Errorf("compareNatural(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

// writePolicy writes a policy file into a fresh folder and returns the folder.
func writePolicy(tb testing.TB, name, text string) string {
	tb.Helper()
	dir := tb.TempDir()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
		tb.Fatal(err)
	}
	return dir
}

func TestCompileError(t *testing.T) {
	tests := []struct {
		name, text string
		line       int
		want       string
	}{
		{"parse error", "package syncaudit.rules.x\n\nfindings contains f if {\n\tf := {\"rule\": \n}\n", 5, "rego_parse_error"},
		{"undefined ref", "package syncaudit.rules.x\n\nfindings contains f if {\n\tf := no_such_thing\n}\n", 4, "rego_unsafe_var_error"},
		{"not rego v1", "package syncaudit.rules.x\n\nfindings[f] {\n\tf := 1\n}\n", 3, "rego_parse_error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writePolicy(t, "broken.rego", tt.text)
			_, err := Load(context.Background(), Options{Builtin: os.DirFS("testdata/mini"), Dirs: []string{dir}})
			var ces CompileErrors
			if !errors.As(err, &ces) {
				t.Fatalf("Load: err = %v (%T), want CompileErrors", err, err)
			}
			file := filepath.ToSlash(filepath.Join(dir, "broken.rego"))
			if ces[0].File != file || ces[0].Line != tt.line {
				t.Errorf("error at %s:%d, want %s:%d (%v)", ces[0].File, ces[0].Line, file, tt.line, err)
			}
			if !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), file) {
				t.Errorf("message %q lacks %q or the file name", err, tt.want)
			}
		})
	}
}

func TestCapabilities(t *testing.T) {
	calls := map[string]string{
		"http.send":          `http.send({"method": "GET", "url": "https://example.org"})`,
		"net.lookup_ip_addr": `net.lookup_ip_addr("example.org")`,
		"net.cidr_contains":  `net.cidr_contains("10.0.0.0/8", "10.1.1.1")`,
		"opa.runtime":        `opa.runtime()`,
		"time.now_ns":        `time.now_ns()`,
		"rand.intn":          `rand.intn("x", 10)`,
		"uuid.rfc4122":       `uuid.rfc4122("x")`,
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			text := "package syncaudit.rules.sneaky\n\nfindings contains f if {\n\tx := " + call + "\n\tf := {\"rule\": \"X1\", \"severity\": \"deny\", \"message\": sprintf(\"%v\", [x])}\n}\n"
			dir := writePolicy(t, "sneaky.rego", text)
			_, err := Load(context.Background(), Options{NoBuiltin: true, Dirs: []string{dir}})
			var ces CompileErrors
			if !errors.As(err, &ces) {
				t.Fatalf("Load of a policy calling %s: err = %v, want CompileErrors", name, err)
			}
			if ces[0].Line != 4 || !strings.Contains(err.Error(), name) {
				t.Errorf("error %q: want line 4 naming %s", err, name)
			}
		})
	}
	// A harmless built-in still compiles.
	dir := writePolicy(t, "fine.rego", "package syncaudit.rules.fine\n\nfindings contains {\"rule\": \"X1\", \"severity\": \"info\", \"message\": upper(\"ok\")} if input.case == \"tenant\"\n")
	if _, err := Load(context.Background(), Options{NoBuiltin: true, Dirs: []string{dir}}); err != nil {
		t.Errorf("Load of a harmless policy: %v", err)
	}
}

func TestUserPolicy(t *testing.T) {
	dir := writePolicy(t, "custom.rego", `package syncaudit.rules.custom

# METADATA
# title: No gmail
# description: Staff must not use a gmail address.
# custom:
#   id: X1
#   severity: warn
findings contains {"rule": "X1", "account": input.account.account_id, "message": "gmail", "fix": "change it"} if {
	input.case == "account"
	endswith(input.account.email, "@gmail.com")
}
`)
	e := loadMini(t, dir)
	snap := miniSnapshot()
	snap.Accounts[0].Email = "jan@gmail.com"
	rep, err := e.Check(context.Background(), snap, CheckOptions{})
	if err != nil {
		t.Fatalf("Check: %v", err)
	}
	found := false
	for _, f := range rep.Findings {
		if f.Rule == "X1" && f.Account == "A1" && f.Severity == syncaudit.Warn {
			found = true
		}
	}
	if !found {
		t.Errorf("user rule X1 did not report A1: %q", findingKeys(rep.Findings))
	}
	if last := rep.Rules[len(rep.Rules)-1]; last.ID != "X1" || !strings.HasSuffix(last.File, "custom.rego") {
		t.Errorf("last catalogue rule = %+v, want X1 from custom.rego", last)
	}
	if rep.Run.PolicyDigest == loadMini(t).Digest() {
		t.Error("policy digest does not change with a user policy")
	}
}

func TestBadResults(t *testing.T) {
	tests := []struct{ name, rule, want string }{
		{"no rule id", `actions contains {"kind": "create", "account": ""} if input.case == "tenant"`, "without a rule id"},
		{"unknown kind", `actions contains {"kind": "explode", "rule": "X1"} if input.case == "tenant"`, `unknown kind "explode"`},
		{"bad state", `actions contains {"kind": "create", "rule": "X1", "state": "maybe"} if input.case == "tenant"`, `state "maybe"`},
		{"no severity", `findings contains {"rule": "X2", "message": "m"} if input.case == "tenant"`, `severity ""`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writePolicy(t, "odd.rego", "package syncaudit.rules.odd\n\n"+tt.rule+"\n")
			e, err := Load(context.Background(), Options{NoBuiltin: true, Dirs: []string{dir}})
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			_, err = e.Check(context.Background(), miniSnapshot(), CheckOptions{})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Check: err = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestPolicyTest(t *testing.T) {
	t.Run("passing", func(t *testing.T) {
		rs, err := Test(context.Background(), Options{Builtin: os.DirFS("testdata/mini")})
		if err != nil {
			t.Fatalf("Test: %v", err)
		}
		if len(rs) != 2 || rs.Failed() != 0 {
			t.Errorf("got %d results, %d failed; want 2 passing", len(rs), rs.Failed())
		}
		var out bytes.Buffer
		if err := rs.Write(&out, false); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out.String(), "PASS: 2/2") {
			t.Errorf("output %q lacks PASS: 2/2", out.String())
		}
	})
	t.Run("failing user test", func(t *testing.T) {
		dir := writePolicy(t, "mine_test.rego", "package syncaudit.rules.mine_test\n\ntest_wrong if {\n\t1 == 2\n}\n")
		rs, err := Test(context.Background(), Options{Builtin: os.DirFS("testdata/mini"), Dirs: []string{dir}})
		if err != nil {
			t.Fatalf("Test: %v", err)
		}
		if rs.Failed() != 1 {
			t.Errorf("failed = %d, want 1", rs.Failed())
		}
		var out bytes.Buffer
		_ = rs.Write(&out, false)
		if !strings.Contains(out.String(), "test_wrong") {
			t.Errorf("output %q does not name test_wrong", out.String())
		}
	})
}

func TestManualMatches(t *testing.T) {
	snap := miniSnapshot()
	// A second manual account matching by name and school, one inactive, one at another school.
	snap.Accounts = append(snap.Accounts,
		syncaudit.Account{ID: "A4", FirstName: "KIM", LastName: "smit", Status: "active", Schools: []string{"12AB"}},
		syncaudit.Account{ID: "A5", FirstName: "Kim", LastName: "Smit", Status: "soft_deleted", Schools: []string{"12AB"}},
		syncaudit.Account{ID: "A6", FirstName: "Kim", LastName: "Smit", Status: "active", Schools: []string{"34CD"}},
	)
	// A linked account (soft-deleted) with the e-mail of las:5's person, under another id (M1).
	snap.Accounts = append(snap.Accounts, syncaudit.Account{ID: "A7", FirstName: "K.", LastName: "Smit", Email: "KIM@school.nl",
		Status: "soft_deleted", Schools: []string{"12AB"}, Links: []syncaudit.Link{{Source: "hr", SourceID: "E-5"}}})
	snap.Records[2].Email = "kim@school.nl"
	ids := func(idx []int) []string {
		var out []string
		for _, ai := range idx {
			out = append(out, snap.Accounts[ai].ID)
		}
		return out
	}
	gotManual, gotLinked := map[string][]string{}, map[string][]string{}
	for _, k := range join(snap) {
		if k.kind != recordCase {
			continue
		}
		gotManual[k.person.link.String()] = ids(k.person.matches)
		gotLinked[k.person.link.String()] = ids(k.person.linked)
	}
	wantManual := map[string][]string{"las:5": {"A4"}, "las:6": {"A3"}}
	if !reflect.DeepEqual(gotManual, wantManual) {
		t.Errorf("record cases and manual matches = %v, want %v (las:7 is at an unlisted school)", gotManual, wantManual)
	}
	wantLinked := map[string][]string{"las:5": {"A7"}, "las:6": nil}
	if !reflect.DeepEqual(gotLinked, wantLinked) {
		t.Errorf("linked matches = %v, want %v", gotLinked, wantLinked)
	}
}

func TestTenantData(t *testing.T) {
	snap := miniSnapshot()
	snap.Tenant.Policy = map[string]any{"purge_after_days": 10}
	tests := []struct {
		name        string
		inputs      []syncaudit.InputFile
		memberships []syncaudit.Membership
		want        bool
	}{
		{"in memory, none", nil, nil, false},
		{"in memory, some", nil, []syncaudit.Membership{{AccountID: "A1"}}, true},
		{"files without memberships", []syncaudit.InputFile{{File: "target/accounts.csv"}}, nil, false},
		{"files with an empty memberships file", []syncaudit.InputFile{{File: "target/accounts.csv"}, {File: "target/memberships.json"}}, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			snap.Inputs, snap.Memberships = tt.inputs, tt.memberships
			d := tenantData(snap, "2026-11-23", []string{"las"})
			if got := d["memberships"]; got != tt.want {
				t.Errorf("memberships = %v, want %v", got, tt.want)
			}
			if got := d["policy"].(map[string]any)["purge_after_days"]; got != json.Number("10") {
				t.Errorf("policy purge_after_days = %v (%T), want 10", got, got)
			}
		})
	}
}

func TestReviewInput(t *testing.T) {
	dir := writePolicy(t, "echo.rego", `package syncaudit.rules.echo

findings contains {"rule": "X1", "severity": "info", "account": input.account.account_id, "message": concat(" ", [input.review.decision, input.review.reason, input.review.expires_at])} if {
	input.case == "account"
	input.review
}
`)
	e := loadMini(t, dir)
	rep, err := e.Check(context.Background(), miniSnapshot(), CheckOptions{Reviews: map[string]Review{
		"A1": {Decision: "keep", Reason: "still ill", ExpiresAt: "2027-02-01"},
	}})
	if err != nil {
		t.Fatalf("Check: %v", err)
	}
	var got []string
	for _, f := range rep.Findings {
		if f.Rule == "X1" {
			got = append(got, f.Account+": "+f.Message)
		}
	}
	if want := []string{"A1: keep still ill 2027-02-01"}; !reflect.DeepEqual(got, want) {
		t.Errorf("review findings = %q, want %q", got, want)
	}
}

func TestPolicyFileNames(t *testing.T) {
	t.Run("built-in folder given again", func(t *testing.T) {
		root := t.TempDir()
		dir := filepath.Join(root, "policies")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{"lib.rego", "rules.rego", "rules_test.rego"} {
			b, err := os.ReadFile(filepath.Join("testdata/mini", name))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		t.Chdir(root)
		e, err := Load(context.Background(), Options{Builtin: os.DirFS(dir), Dirs: []string{"policies"}})
		if err != nil {
			t.Fatalf("Load: %v", err)
		}
		if got := len(e.Files()); got != 2 {
			t.Errorf("files = %d, want 2: the same files given twice count once", got)
		}
	})
	t.Run("same name, other content", func(t *testing.T) {
		root := t.TempDir()
		dir := filepath.Join(root, "policies")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "lib.rego"), []byte("package syncaudit.other\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		mini, err := filepath.Abs("testdata/mini")
		if err != nil {
			t.Fatal(err)
		}
		t.Chdir(root)
		_, err = Load(context.Background(), Options{Builtin: os.DirFS(mini), Dirs: []string{"./policies/"}})
		if err == nil || !strings.Contains(err.Error(), "policies/lib.rego is given twice") {
			t.Errorf("Load: err = %v, want policies/lib.rego given twice", err)
		}
	})
}

// TestConcurrentChecks runs two checks on one engine at once: an Engine is
// safe for concurrent use (run with -race).
func TestConcurrentChecks(t *testing.T) {
	e := loadMini(t)
	want, err := e.Check(context.Background(), miniSnapshot(), CheckOptions{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 2)
	for range 2 {
		go func() {
			got, err := e.Check(context.Background(), miniSnapshot(), CheckOptions{Workers: 2})
			if err == nil && !reflect.DeepEqual(got, want) {
				err = errors.New("a concurrent check gave another report")
			}
			errs <- err
		}()
	}
	for range 2 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

// TestUserPackagesAreTheirOwn: a --policies file lives in a package of its
// own, syncaudit.rules.<name> with a name the built-in rule book does not
// use; syncaudit.lib (where a user file once switched D9 off unseen with
// `disabled contains "D9"`), a built-in family, or a package outside
// syncaudit.rules is refused at load, naming file and line.
func TestUserPackagesAreTheirOwn(t *testing.T) {
	tests := []struct {
		name, pkg string
		want      string // "" = loads
	}{
		{"the shared library, to switch D9 off", "syncaudit.lib", "package syncaudit.lib: a user policy declares a package of its own, syncaudit.rules.<name>"},
		{"a built-in family", "syncaudit.rules.deletion", "package syncaudit.rules.deletion: deletion is a family of the built-in rule book; a user policy cannot add to or change it"},
		{"below a built-in family", "syncaudit.rules.deletion.extra", "package syncaudit.rules.deletion.extra: a user policy declares a package of its own"},
		{"outside syncaudit.rules", "syncaudit.mine", "package syncaudit.mine: a user policy declares a package of its own"},
		{"another root", "house", "package house: a user policy declares a package of its own"},
		{"a package of its own", "syncaudit.rules.house_rules", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writePolicy(t, "mine.rego", "# A user policy.\npackage "+tt.pkg+"\n\ndisabled contains \"D9\"\n")
			_, err := Load(context.Background(), Options{Dirs: []string{dir}})
			if tt.want == "" {
				if err != nil {
					t.Fatalf("Load: %v", err)
				}
				return
			}
			var ces CompileErrors
			if !errors.As(err, &ces) {
				t.Fatalf("Load: err = %v (%T), want CompileErrors", err, err)
			}
			file := filepath.ToSlash(filepath.Join(dir, "mine.rego"))
			if ces[0].File != file || ces[0].Line != 2 || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v\nwant %s:2 with %q", err, file, tt.want)
			}
		})
	}
}
