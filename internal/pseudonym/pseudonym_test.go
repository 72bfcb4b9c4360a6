package pseudonym

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/syncaudit/syncaudit"
)

var testKey = []byte("0123456789abcdef-test-key")

func testSnapshot() *syncaudit.Snapshot {
	return &syncaudit.Snapshot{
		Accounts: []syncaudit.Account{
			{ID: "A1", Username: "a.devries@delinde.nl", FirstName: "Anouk", NamePrefix: "de", LastName: "Vries", Email: "a.devries@delinde.nl", Schools: []string{"12AB"}},
			{ID: "A2", Username: "bo.ek@vallby.se", FirstName: "Bo", LastName: "Ek", Schools: []string{"12AB"}},
			{ID: "A3", Username: "h.hoekstra@delinde.nl", FirstName: "Henk", LastName: "Hoekstra"},
		},
		Records: []syncaudit.SourceRecord{
			{Source: syncaudit.HR, SourceID: "E-1", School: "12AB", FirstName: "Henk", LastName: "Hoekstra-Visser", Email: "h.hoekstra@delinde.nl"},
			{Source: syncaudit.LAS, SourceID: "1001", School: "12AB", FirstName: "Jan", NamePrefix: "'t", LastName: "Hart"},
		},
		Exceptions: []syncaudit.ExceptionEntry{
			{AccountID: "A1", AddedBy: "m.kuipers", Reason: "Anouk werkt tot januari, vraag m.kuipers"},
		},
	}
}

func TestText(t *testing.T) {
	p := New(testKey)
	p.Snapshot(testSnapshot())
	n, a := p.Name, p.Address
	tests := []struct{ in, want string }{
		{"", ""},
		{"nothing personal at school 12AB", "nothing personal at school 12AB"},
		{"Anouk de Vries (a.devries@delinde.nl) is absent", n("Anouk") + " " + n("de") + " " + n("Vries") + " (" + a("a.devries@delinde.nl") + ") is absent"},
		{"VRIES, Anouk de", n("Vries") + ", " + n("Anouk") + " " + n("de")},
		{"Bo Ek left", n("Bo") + " " + n("Ek") + " left"},
		{"Bob and Ekke stay", "Bob and Ekke stay"}, // short parts alone are never replaced
		{"Hoekstra-Visser, was Hoekstra", n("Hoekstra-Visser") + ", was " + n("Hoekstra")},
		{"Henkie and Anouks stay", "Henkie and Anouks stay"}, // whole words only
		{"added by m.kuipers.", "added by " + a("m.kuipers") + "."},
		{"proposed jan.hart2@delinde.nl", "proposed " + a("jan.hart2@delinde.nl")},
		{"Jan 't Hart", n("Jan") + " " + n("'t") + " " + n("Hart")},
		{"'t Hart", "'" + n("'t") + " " + n("Hart")},
		{"Ängström", "Ängström"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := p.Text(tt.in); got != tt.want {
				t.Errorf("Text(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSnapshotAndReport(t *testing.T) {
	snap := testSnapshot()
	p := New(testKey)
	p.Snapshot(snap)
	a := snap.Accounts[0]
	if a.ID != "A1" || a.Schools[0] != "12AB" {
		t.Errorf("id or school changed: %+v", a)
	}
	pseudo := regexp.MustCompile(`^p-[0-9a-f]{10}$`)
	for _, v := range []string{a.FirstName, a.NamePrefix, a.LastName, snap.Records[0].LastName} {
		if !pseudo.MatchString(v) {
			t.Errorf("name %q is not a pseudonym", v)
		}
	}
	if a.Email != a.Username || !strings.HasSuffix(a.Email, "@"+Domain) {
		t.Errorf("email %q, username %q: want the same address at %s", a.Email, a.Username, Domain)
	}
	if snap.Accounts[2].Email != "" {
		t.Errorf("an empty email became %q", snap.Accounts[2].Email)
	}
	if e := snap.Exceptions[0]; e.AddedBy != p.Address("m.kuipers") || strings.Contains(e.Reason, "Anouk") || strings.Contains(e.Reason, "kuipers") {
		t.Errorf("exception entry not pseudonymised: %+v", e)
	}

	rep := &syncaudit.Report{
		Actions: []syncaudit.Action{{Kind: syncaudit.Update, Account: "A3", Field: "last_name", From: "Hoekstra", To: "Hoekstra-Visser", Rule: "L2",
			Reason: "hr has last_name \"Hoekstra-Visser\"", Evidence: map[string]string{"from": "Hoekstra", "source_id": "E-1"}}},
		Findings: []syncaudit.Finding{{Rule: "E4", Account: "A1", Message: "the entry for Anouk de Vries (line 4, added by m.kuipers)",
			Fix: "ask Anouk", Evidence: map[string]string{"added_by": "m.kuipers"}}},
	}
	p.Report(rep)
	act, f := rep.Actions[0], rep.Findings[0]
	if act.From != p.Name("Hoekstra") || act.To != p.Name("Hoekstra-Visser") || act.Evidence["from"] != p.Name("Hoekstra") || act.Evidence["source_id"] != "E-1" {
		t.Errorf("update action: %+v", act)
	}
	for _, s := range []string{act.Reason, f.Message, f.Fix, f.Evidence["added_by"]} {
		for _, leak := range []string{"Hoekstra", "Anouk", "Vries", "kuipers"} {
			if strings.Contains(s, leak) {
				t.Errorf("%q still holds %q", s, leak)
			}
		}
	}
	if !strings.Contains(f.Message, "line 4") {
		t.Errorf("message lost its other words: %q", f.Message)
	}
}

func TestStable(t *testing.T) {
	first, again, other := New(testKey), New(append([]byte(nil), testKey...)), New([]byte("another-key-of-16-bytes"))
	for _, s := range []string{"Anouk", "a.devries@delinde.nl"} {
		if first.Name(s) != again.Name(s) || first.Address(s) != again.Address(s) {
			t.Errorf("%q: the same key gave different pseudonyms", s)
		}
		if first.Name(s) == other.Name(s) || first.Address(s) == other.Address(s) {
			t.Errorf("%q: another key gave the same pseudonym", s)
		}
	}
	if first.Name("Anouk") != first.Name("ANOUK ") {
		t.Error("case or white space changes the pseudonym")
	}
	if first.Name("Anouk") == strings.TrimSuffix(first.Address("Anouk"), "@"+Domain) {
		t.Error("a name and an address share a pseudonym")
	}
}

func TestLoadKey(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good")
	short := filepath.Join(dir, "short")
	os.WriteFile(good, []byte("a-key-of-enough-bytes\n"), 0o600)
	os.WriteFile(short, []byte("short\n"), 0o600)
	env := func(v string) func(string) string {
		return func(name string) string {
			if name == EnvKey {
				return v
			}
			return ""
		}
	}
	tests := []struct {
		name, file, env, want, wantErr string
	}{
		{"file", good, "", "a-key-of-enough-bytes", ""},
		{"file wins over environment", good, "an-environment-key-too", "a-key-of-enough-bytes", ""},
		{"environment", "", "an-environment-key-too", "an-environment-key-too", ""},
		{"no key", "", "", "", "--pseudonymize needs a key: give --pseudonym-key-file FILE or set SYNCAUDIT_PSEUDONYM_KEY"},
		{"short file", short, "", "", "is 5 bytes long: use at least 16"},
		{"missing file", filepath.Join(dir, "absent"), "", "", "--pseudonym-key-file: open"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			key, err := LoadKey(tt.file, env(tt.env))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || string(key) != tt.want {
				t.Errorf("key %q, err %v; want %q", key, err, tt.want)
			}
		})
	}
}
