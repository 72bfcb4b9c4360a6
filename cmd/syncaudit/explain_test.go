package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestExplainCommand runs explain as a user would: each way of naming the
// person, the formats, and each mistake with its exit code and message.
func TestExplainCommand(t *testing.T) {
	const dl = "../../samples/de-linde"
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout []string // in stdout
		stderr string   // in stderr
	}{
		{"account, in Dutch", []string{"explain", "--snapshot", dl, "--account", "A1901"}, 0,
			[]string{"Uitleg voor Kees van Leeuwen", "D3  naar verwijderde gebruikers"}, ""},
		{"snapshot as the argument, flags after it", []string{"explain", dl, "--account", "A1001", "--lang", "en"}, 0,
			[]string{"Why nothing happens", "present and in line with its sources"}, ""},
		{"person without an account", []string{"explain", "--snapshot", dl, "--person", "las:T0330"}, 0,
			[]string{"Persoon las:T0330", "S6"}, ""},
		{"person carried by an account", []string{"explain", "--snapshot", dl, "--person", "hr:E-1107", "--lang", "en"}, 0,
			[]string{"Explanation for Kees van Leeuwen"}, ""},
		{"one name", []string{"explain", "--snapshot", dl, "--name", "kees van leeuwen"}, 0,
			[]string{"A1901"}, ""},
		{"a name with accents typed without", []string{"explain", "--snapshot", dl, "--name", "ZOE VAN DEN HEUVEL", "--lang", "en"}, 0,
			[]string{"Zoe van den Heuvel — A1907", "the target shows \"Zoe\": the next sync writes \"Zoë\" (L2)"}, ""},
		{"program", []string{"explain", "--snapshot", dl, "--account", "A1933", "--program", "Rekentuin", "--lang", "en"}, 0,
			[]string{"Program Rekentuin (P4)", "first step that fails: 4."}, ""},
		{"several names: the candidates, exit 2", []string{"explain", "--snapshot", dl, "--name", "femke"}, 2,
			[]string{"5 accounts of personen komen overeen", "--account A1913"}, "matches 5 accounts or people"},
		{"the candidates' status in the reader's language", []string{"explain", "--snapshot", "../../samples/vallby-kommun", "--name", "ebba"}, 2,
			[]string{"Ebba Strömberg  ebba.stromberg@vallbyskolan.se  aktivt 61473925"}, "matches 3 accounts"},
		{"no such name", []string{"explain", "--snapshot", dl, "--name", "Nobody Atall"}, 2, nil, "no account and no source person has this name"},
		{"unknown account", []string{"explain", "--snapshot", dl, "--account", "A9999"}, 2, nil, "the target export has no account A9999"},
		{"unknown person", []string{"explain", "--snapshot", dl, "--person", "las:NOPE"}, 2, nil, "las:NOPE"},
		{"bad link", []string{"explain", "--snapshot", dl, "--person", "1001"}, 2, nil, "--person"},
		{"two ways at once", []string{"explain", "--snapshot", dl, "--account", "A1", "--name", "x"}, 2, nil, "exactly one of --account"},
		{"none given", []string{"explain", "--snapshot", dl}, 2, nil, "exactly one of --account"},
		{"no snapshot", []string{"explain", "--account", "A1"}, 2, nil, "--snapshot DIR is required"},
		{"bad format", []string{"explain", "--snapshot", dl, "--account", "A1901", "--format", "xml"}, 2, nil, "use text or json"},
		{"bad language", []string{"explain", "--snapshot", dl, "--account", "A1901", "--lang", "de"}, 2, nil, "--lang"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d; stderr %q", code, tt.code, stderr)
			}
			for _, s := range tt.stdout {
				if !strings.Contains(stdout, s) {
					t.Errorf("stdout lacks %q:\n%s", s, stdout)
				}
			}
			if tt.stderr != "" && !strings.Contains(stderr, tt.stderr) {
				t.Errorf("stderr %q lacks %q", stderr, tt.stderr)
			}
		})
	}
}

func TestExplainJSON(t *testing.T) {
	code, stdout, stderr := runCLI(t, "explain", "--snapshot", "../../samples/vallby-kommun", "--account", "48901", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var doc struct {
		Schema string `json:"schema"`
		Run    struct {
			Language string `json:"language"`
		} `json:"run"`
		Cases []struct {
			Actions []struct {
				Rule      string `json:"rule"`
				SkippedBy string `json:"skipped_by"`
			} `json:"actions"`
		} `json:"cases"`
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, stdout)
	}
	if doc.Schema != "syncaudit.explain/v1" || doc.Run.Language != "sv" || len(doc.Cases) != 1 ||
		len(doc.Cases[0].Actions) != 1 || doc.Cases[0].Actions[0].SkippedBy != "V1" {
		t.Errorf("document = %+v", doc)
	}
	// Several matches in JSON: the candidates, for a script to choose from.
	code, stdout, _ = runCLI(t, "explain", "--snapshot", "../../samples/de-linde", "--name", "femke", "--format", "json")
	var cands struct {
		Candidates []struct {
			Account string `json:"account"`
		} `json:"candidates"`
	}
	if code != 2 || json.Unmarshal([]byte(stdout), &cands) != nil || len(cands.Candidates) != 5 {
		t.Errorf("exit %d, candidates %+v", code, cands)
	}
}
