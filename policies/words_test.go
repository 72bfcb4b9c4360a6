package policies_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/ingest"
	"github.com/syncaudit/syncaudit/policies"
	"github.com/syncaudit/syncaudit/report"
	"github.com/syncaudit/syncaudit/words"
)

// TestBuiltinCatalogue checks the built-in message catalogue
// (policies/*.messages.yaml): every message has its text in English, Dutch
// and Swedish, a fix in all three when it has one, and the same
// placeholders in each language; every message id that a rule names
// literally (message_id and lib.phrase in policies/*.rego) is in the
// catalogue; every rule of the rule book has a title and a description in
// Dutch and Swedish; and every rule the catalogue gives texts for exists.
func TestBuiltinCatalogue(t *testing.T) {
	engine, err := policies.Load(context.Background(), policies.Options{})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	cat := engine.Words()
	for _, err := range cat.Problems(words.Langs) {
		t.Error(err)
	}
	files, err := filepath.Glob("*.rego")
	if err != nil {
		t.Fatal(err)
	}
	literal := regexp.MustCompile(`(?:"message_id":\s*|phrase\()"([A-Za-z0-9_.]+)"`)
	for _, f := range files {
		if strings.HasSuffix(f, "_test.rego") {
			continue
		}
		text, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range literal.FindAllStringSubmatch(string(text), -1) {
			if !cat.Has(m[1]) {
				t.Errorf("%s names message %s, which no policies/*.messages.yaml defines", f, m[1])
			}
		}
	}
	ids := map[string]bool{}
	for _, r := range engine.Rules() {
		ids[r.ID] = true
	}
	for _, r := range engine.Rules() {
		text, _ := cat.Rule(r.ID)
		for _, lang := range []words.Lang{words.Dutch, words.Swedish} {
			if text.Title[lang] == "" || text.Description[lang] == "" {
				t.Errorf("rule %s has no title or description in %s in its family's .messages.yaml", r.ID, lang)
			}
		}
	}
	for _, id := range cat.RuleIDs() {
		if !ids[id] {
			t.Errorf("the catalogue has texts for rule %s, which the rule book does not have", id)
		}
	}
}

// placeholder matches a placeholder left in a rendered text: an argument
// the rule did not give.
var placeholder = regexp.MustCompile(`\{[a-z0-9_]+\}`)

// TestMessagesRendered checks every sample in every language: each finding
// and action that names a message id has a message (and fix) or reason
// rendered from the catalogue, with every placeholder filled.
func TestMessagesRendered(t *testing.T) {
	engine, err := policies.Load(context.Background(), policies.Options{})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	dirs, err := filepath.Glob("../samples/*/tenant.*")
	if err != nil {
		t.Fatal(err)
	}
	for _, tenantFile := range dirs {
		dir := filepath.Dir(tenantFile)
		snap, err := ingest.ReadSnapshot(context.Background(), dir)
		if err != nil {
			t.Fatalf("ReadSnapshot %s: %v", dir, err)
		}
		for _, lang := range words.Langs {
			rep, err := engine.Check(context.Background(), snap, policies.CheckOptions{Language: string(lang)})
			if err != nil {
				t.Fatalf("Check %s: %v", dir, err)
			}
			check := func(what, id, text string) {
				t.Helper()
				if id != "" && !engine.Words().Has(id) {
					t.Errorf("%s %s (%s): message id %s is not in the catalogue", filepath.Base(dir), lang, what, id)
				}
				if placeholder.MatchString(text) {
					t.Errorf("%s %s (%s): placeholder left in %q", filepath.Base(dir), lang, what, text)
				}
			}
			for _, f := range rep.Findings {
				check(f.Rule, f.MessageID, f.Message)
				check(f.Rule+" fix", f.MessageID, f.Fix)
			}
			for _, a := range rep.Actions {
				check(a.Rule+" "+string(a.Kind), a.MessageID, a.Reason)
			}
		}
	}
}

// TestUserCatalogue loads a user policy that ships its own catalogue file
// beside it: its finding renders in the report's language, and a user
// policy with a plain message keeps it.
func TestUserCatalogue(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("own.rego", `package syncaudit.rules.own

findings contains f if {
	input.case == "tenant"
	f := {"rule": "X1", "severity": "info", "account": "", "message_id": "X1.hello", "args": {"n": 2}}
}

findings contains f if {
	input.case == "tenant"
	f := {"rule": "X2", "severity": "info", "account": "", "message": "gewoon een zin", "fix": "niets"}
}
`)
	write("own.messages.yaml", `messages:
  X1.hello:
    message:
      en: "{n|# school|# schools} say hello"
      nl: "{n|# school|# scholen} zeggen hallo"
    fix:
      en: "Wave back."
      nl: "Zwaai terug."
`)
	engine, err := policies.Load(context.Background(), policies.Options{Dirs: []string{dir}, NoBuiltin: true})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	snap := &syncaudit.Snapshot{Tenant: syncaudit.Tenant{ID: "t", Structure: syncaudit.Board, RunDate: "2026-11-23"}}
	for lang, want := range map[string][2]string{
		"nl": {"2 scholen zeggen hallo", "Zwaai terug."},
		"en": {"2 schools say hello", "Wave back."},
		"sv": {"2 schools say hello", "Wave back."}, // no Swedish: English
	} {
		rep, err := engine.Check(context.Background(), snap, policies.CheckOptions{Language: lang})
		if err != nil {
			t.Fatalf("Check: %v", err)
		}
		got := map[string][2]string{}
		for _, f := range rep.Findings {
			got[f.Rule] = [2]string{f.Message, f.Fix}
		}
		if got["X1"] != want {
			t.Errorf("%s: X1 = %q, want %q", lang, got["X1"], want)
		}
		if got["X2"] != [2]string{"gewoon een zin", "niets"} {
			t.Errorf("%s: X2 = %q, want the policy's own words", lang, got["X2"])
		}
	}
	// A broken catalogue file is an error naming the file.
	write("own.messages.yaml", "messages:\n  X1.hello:\n    message:\n      en: \"{n\"\n")
	_, err = policies.Load(context.Background(), policies.Options{Dirs: []string{dir}, NoBuiltin: true})
	if err == nil || !strings.Contains(err.Error(), "own.messages.yaml") {
		t.Errorf("Load with a broken catalogue: %v, want an error naming the file", err)
	}
}

// TestLocalize: a report checked in English and rendered again in Dutch or
// Swedish is the report checked in that language, byte for byte (what diff
// does with a previous run written in another language).
func TestLocalize(t *testing.T) {
	engine, err := policies.Load(context.Background(), policies.Options{})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	for _, sample := range []string{"de-linde", "vallby-kommun"} {
		snap, err := ingest.ReadSnapshot(context.Background(), filepath.Join("..", "samples", sample))
		if err != nil {
			t.Fatal(err)
		}
		for _, lang := range []words.Lang{words.Dutch, words.Swedish} {
			en, err := engine.Check(context.Background(), snap, policies.CheckOptions{Language: "en"})
			if err != nil {
				t.Fatal(err)
			}
			want, err := engine.Check(context.Background(), snap, policies.CheckOptions{Language: string(lang)})
			if err != nil {
				t.Fatal(err)
			}
			engine.Localize(en, lang)
			var got, exp bytes.Buffer
			if err := report.WriteJSON(&got, en); err != nil {
				t.Fatal(err)
			}
			if err := report.WriteJSON(&exp, want); err != nil {
				t.Fatal(err)
			}
			if got.String() != exp.String() {
				t.Errorf("%s: the English report localised to %s differs from the report checked in %s", sample, lang, lang)
			}
		}
	}
}
