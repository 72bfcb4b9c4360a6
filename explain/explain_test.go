package explain_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/explain"
	"github.com/syncaudit/syncaudit/ingest"
	"github.com/syncaudit/syncaudit/policies"
	"github.com/syncaudit/syncaudit/words"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func load(t *testing.T, sample string) (*syncaudit.Snapshot, *policies.Engine) {
	t.Helper()
	snap, err := ingest.ReadSnapshot(context.Background(), filepath.Join("..", "samples", sample))
	if err != nil {
		t.Fatal(err)
	}
	e, err := policies.Load(context.Background(), policies.Options{Tool: syncaudit.Tool{Name: "syncaudit", Version: "test"}})
	if err != nil {
		t.Fatal(err)
	}
	return snap, e
}

// TestGoldenText holds the text of explain, in the tenant's language (nl for
// de-linde, sv for vallby-kommun) and in English, to files a person has read.
func TestGoldenText(t *testing.T) {
	tests := []struct {
		golden, sample, lang, program string
		subject                       policies.Subject
	}{
		{"nl-manual-account-program", "de-linde", "", "Gynzy", policies.Subject{Accounts: []string{"A1927"}}},
		{"nl-not-assigned", "de-linde", "", "Blink", policies.Subject{Accounts: []string{"A1935"}}},
		{"nl-no-group", "de-linde", "", "Rekentuin", policies.Subject{Accounts: []string{"A1903"}}},
		{"nl-not-in-library", "de-linde", "", "rekentuin", policies.Subject{Accounts: []string{"A1933"}}},
		{"nl-leaver", "de-linde", "", "", policies.Subject{Accounts: []string{"A1901"}}},
		{"nl-clean", "de-linde", "", "", policies.Subject{Accounts: []string{"A1001"}}},
		{"nl-stale-entry", "de-linde", "", "", policies.Subject{Accounts: []string{"A1914"}}},
		{"nl-drift", "de-linde", "", "", policies.Subject{Accounts: []string{"A1906"}}},
		{"nl-person-without-account", "de-linde", "", "", policies.Subject{Links: []syncaudit.Link{{Source: syncaudit.LAS, SourceID: "T0330"}}}},
		{"sv-held-back", "vallby-kommun", "", "", policies.Subject{Accounts: []string{"48901"}}},
		{"sv-protected", "vallby-kommun", "", "", policies.Subject{Accounts: []string{"48917"}}},
		{"sv-clean", "vallby-kommun", "", "", policies.Subject{Accounts: []string{"48490"}}},
		{"en-leaver", "de-linde", "en", "", policies.Subject{Accounts: []string{"A1901"}}},
		{"en-program", "de-linde", "en", "Rekentuin", policies.Subject{Accounts: []string{"A1001"}}},
		{"en-refused-run", "truncated-export", "en", "", policies.Subject{Accounts: []string{"W3006"}}},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			snap, e := load(t, tt.sample)
			x, err := e.Explain(context.Background(), snap, tt.subject, policies.ExplainOptions{Language: tt.lang, Program: tt.program})
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			r := explain.Renderer{Words: e.Words(), Lang: words.ParseLang(x.Report.Run.Language)}
			if err := r.WriteText(&b, x); err != nil {
				t.Fatal(err)
			}
			if strings.Contains(b.String(), "{") || strings.Contains(b.String(), "explain.") {
				t.Errorf("the text shows a placeholder or an unknown message id:\n%s", b.String())
			}
			compare(t, filepath.Join("testdata", tt.golden+".txt"), b.Bytes())
		})
	}
}

func compare(t *testing.T, golden string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./explain -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs; if the change is intended, run go test ./explain -update and read the diff\ngot:\n%s", golden, got)
	}
}

// TestProgramStepsFirstFailing: each step of the program diagnosis (P4)
// has a planted case in de-linde where it is the first to fail.
func TestProgramStepsFirstFailing(t *testing.T) {
	snap, e := load(t, "de-linde")
	for _, tt := range []struct {
		account, program string
		first            int
	}{
		{"A1935", "Blink", 1},     // P35: assigned to her group mates, not to her
		{"A1927", "Gynzy", 2},     // P27: manual account, no Basispoort link
		{"A1903", "Rekentuin", 3}, // P03: LAS record without a group
		{"A1933", "Rekentuin", 4}, // P33: missing from the library
		{"A1001", "Gynzy", 0},     // clean: every step passes
	} {
		x, err := e.Explain(context.Background(), snap, policies.Subject{Accounts: []string{tt.account}}, policies.ExplainOptions{Program: tt.program})
		if err != nil {
			t.Fatal(err)
		}
		p, _ := x.Cases[0].View["program"].(map[string]any)
		if got := fmt.Sprint(p["first_failing"]); got != fmt.Sprint(tt.first) {
			t.Errorf("%s --program %s: first failing step %s, want %d", tt.account, tt.program, got, tt.first)
		}
	}
}

// TestExplainNamesWhatCheckReports: for every account of every sample,
// explain names exactly the rules check reports for that account (actions
// and findings, with their kind or severity), and a case with no planned
// change says why nothing happens.
func TestExplainNamesWhatCheckReports(t *testing.T) {
	for _, sample := range []string{"de-linde", "vallby-kommun", "truncated-export"} {
		t.Run(sample, func(t *testing.T) {
			snap, e := load(t, sample)
			var ids []string
			for _, a := range snap.Accounts {
				ids = append(ids, a.ID)
			}
			x, err := e.Explain(context.Background(), snap, policies.Subject{Accounts: ids}, policies.ExplainOptions{})
			if err != nil {
				t.Fatal(err)
			}
			fromCheck := map[string][]string{}
			for _, a := range x.Report.Actions {
				fromCheck[a.Account] = append(fromCheck[a.Account], a.Rule+" "+string(a.Kind)+" "+a.School+" "+a.Field)
			}
			for _, f := range x.Report.Findings {
				fromCheck[f.Account] = append(fromCheck[f.Account], f.Rule+" "+string(f.Severity)+" "+f.SourceID)
			}
			fromExplain := map[string][]string{}
			seen := map[string]bool{}
			for _, c := range x.Cases {
				if c.Kind == "record" {
					if seen[c.Link] {
						continue // a record case matching two accounts is listed once per account it concerns
					}
					seen[c.Link] = true
				}
				for _, a := range c.Actions {
					fromExplain[a.Account] = append(fromExplain[a.Account], a.Rule+" "+string(a.Kind)+" "+a.School+" "+a.Field)
				}
				for _, f := range c.Findings {
					fromExplain[f.Account] = append(fromExplain[f.Account], f.Rule+" "+string(f.Severity)+" "+f.SourceID)
				}
				if c.Kind == "account" {
					out, _ := c.View["outcome"].(map[string]any)
					because, _ := out["because"].([]any)
					if fmt.Sprint(out["changes"]) == "0" && len(because) == 0 {
						t.Errorf("%s: nothing changes, but explain does not say why", c.Account)
					}
				}
			}
			for _, id := range ids {
				got, want := sorted(fromExplain[id]), sorted(fromCheck[id])
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s: explain names %q, check reports %q", id, got, want)
				}
			}
		})
	}
}

func sorted(xs []string) []string {
	out := append([]string{}, xs...)
	sort.Strings(out)
	if len(out) == 0 {
		return nil
	}
	return out
}

// TestJSONDocument holds the JSON form to its schema: the top-level keys,
// each case's keys, and a text beside every phrase of the view.
func TestJSONDocument(t *testing.T) {
	snap, e := load(t, "de-linde")
	x, err := e.Explain(context.Background(), snap, policies.Subject{Accounts: []string{"A1927"}}, policies.ExplainOptions{Program: "Gynzy"})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := (explain.Renderer{Words: e.Words(), Lang: words.Dutch}).WriteJSON(&b, x); err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if got := keys(doc); !reflect.DeepEqual(got, []string{"cases", "run", "run_findings", "schema", "tool"}) {
		t.Errorf("top-level keys = %v", got)
	}
	if doc["schema"] != explain.Schema {
		t.Errorf("schema = %v", doc["schema"])
	}
	if got := keys(doc["run"].(map[string]any)); !reflect.DeepEqual(got, []string{"language", "policy_digest", "run_date", "tenant"}) {
		t.Errorf("run keys = %v", got)
	}
	cases := doc["cases"].([]any)
	if len(cases) != 2 {
		t.Fatalf("cases = %d, want the account and the LAS person it matches", len(cases))
	}
	for _, c := range cases {
		cm := c.(map[string]any)
		for _, k := range []string{"case", "actions", "findings", "view"} {
			if _, ok := cm[k]; !ok {
				t.Errorf("a case lacks %q", k)
			}
		}
	}
	view := cases[0].(map[string]any)["view"].(map[string]any)
	for _, k := range []string{"account", "presence", "links", "schools", "fields", "exceptions", "outcome", "program"} {
		if _, ok := view[k]; !ok {
			t.Errorf("the account view lacks %q", k)
		}
	}
	phrases := 0
	walk(view, func(m map[string]any) {
		if _, ok := m["args"]; ok {
			phrases++
			if s, _ := m["text"].(string); s == "" || strings.Contains(s, "{") {
				t.Errorf("phrase %v has text %q", m["id"], s)
			}
		}
	})
	if phrases == 0 {
		t.Error("no phrase in the view")
	}
	steps := view["program"].(map[string]any)["steps"].([]any)
	if len(steps) != 4 {
		t.Errorf("steps = %d, want 4", len(steps))
	}
}

func keys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func walk(v any, fn func(map[string]any)) {
	switch v := v.(type) {
	case map[string]any:
		fn(v)
		for _, x := range v {
			walk(x, fn)
		}
	case []any:
		for _, x := range v {
			walk(x, fn)
		}
	}
}

// TestFind looks people up by name, username and e-mail, without case and
// accents; a source person no account links to is found too.
func TestFind(t *testing.T) {
	snap, _ := load(t, "de-linde")
	for _, tt := range []struct {
		query string
		want  []string
	}{
		{"kees", []string{"A1901"}},
		{"KEES VAN LEEUWEN", []string{"A1901"}},
		{"zoe van den heuvel", []string{"A1907"}},
		{"Chloe", []string{"A1927", "las:320131"}}, // the manual account, and the LAS person it blocks (M2)
		{"yilmaz", []string{"A1049"}},
		{"s.degroot@delinde", []string{"A1908"}},       // the username
		{"sanne.degroot@gmail.com", []string{"A1908"}}, // the account's own e-mail
		{"noor el amrani", []string{"hr:E-1170", "las:T0330"}},
		{"femke", []string{"A1016", "A1021", "A1061", "A1099", "A1913"}},
		{"nobody like this", []string{}},
		{"   ", []string{}},
	} {
		t.Run(tt.query, func(t *testing.T) {
			got := []string{}
			for _, c := range explain.Find(snap, tt.query) {
				if c.Account != "" {
					got = append(got, c.Account)
				} else {
					got = append(got, c.Link)
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Find(%q) = %v, want %v", tt.query, got, tt.want)
			}
		})
	}
}

// TestUnknownSubject: an account or link the snapshot does not hold is an error naming it.
func TestUnknownSubject(t *testing.T) {
	snap, e := load(t, "de-linde")
	for _, s := range []policies.Subject{
		{Accounts: []string{"A9999"}},
		{Links: []syncaudit.Link{{Source: syncaudit.LAS, SourceID: "NOPE"}}},
	} {
		_, err := e.Explain(context.Background(), snap, s, policies.ExplainOptions{})
		if err == nil || !(strings.Contains(err.Error(), "A9999") || strings.Contains(err.Error(), "las:NOPE")) {
			t.Errorf("Explain(%v) error = %v", s, err)
		}
	}
}
