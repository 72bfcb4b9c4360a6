package main

import (
	"archive/zip"
	"bytes"
	"compress/zlib"
	"context"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/ingest"
)

const testPseudonymKey = "a-test-key-that-is-long-enough"

// personalData lists what a pseudonymised output may not hold from snap:
// names (whole words, ignoring case) and addresses (anywhere, ignoring case).
type personalData struct {
	names, addresses map[string]bool
	// ordinary are the names that are also words of the tenant's own names
	// or of what every report says (labels, the rule catalogue): "Have" and
	// "Meer" are Dutch surnames, "De Linde" is the board. They cannot be
	// told from a person's name by searching, so they are not searched for.
	ordinary map[string]bool
	lang     string
}

func personalDataOf(tb testing.TB, dir string) personalData {
	tb.Helper()
	snap, err := ingest.Read(context.Background(), dir, ingest.Options{Limits: ingest.DefaultLimits})
	if err != nil {
		tb.Fatalf("read %s: %v", dir, err)
	}
	pd := personalData{names: map[string]bool{}, addresses: map[string]bool{}, ordinary: map[string]bool{}, lang: snap.Tenant.Language}
	tenantWords := []string{snap.Tenant.ID, snap.Tenant.Name}
	for _, sc := range snap.Tenant.Schools {
		tenantWords = append(tenantWords, sc.ID, sc.Name, sc.Domain)
	}
	tenant := strings.ToLower(strings.Join(tenantWords, "\n"))
	name := func(first, last string) {
		if utf8.RuneCountInString(first) >= 3 {
			pd.names[strings.ToLower(first)] = true
		}
		if last != "" {
			pd.names[strings.ToLower(last)] = true
		}
	}
	addr := func(s string) {
		if s != "" {
			pd.addresses[strings.ToLower(s)] = true
		}
	}
	for _, a := range snap.Accounts {
		name(a.FirstName, a.LastName)
		addr(a.Email)
		addr(a.Username)
	}
	for _, r := range snap.Records {
		name(r.FirstName, r.LastName)
		addr(r.Email)
	}
	for _, e := range snap.Exceptions {
		addr(e.AddedBy)
	}
	for n := range pd.names {
		if containsWord(tenant, n) {
			pd.ordinary[n] = true
		}
	}
	return pd
}

// leaks returns the personal data found in text.
func (pd personalData) leaks(text string) []string {
	lower := strings.ToLower(text)
	var found []string
	for a := range pd.addresses {
		if strings.Contains(lower, a) {
			found = append(found, a)
		}
	}
	for n := range pd.names {
		if pd.ordinary[n] {
			continue
		}
		if containsWord(lower, n) {
			found = append(found, n)
		}
	}
	return found
}

// containsWord reports whether word occurs in s with no letter or digit
// right before or after it.
func containsWord(s, word string) bool {
	for from := 0; ; {
		i := strings.Index(s[from:], word)
		if i < 0 {
			return false
		}
		i += from
		end := i + len(word)
		before, _ := utf8.DecodeLastRuneInString(s[:i])
		after, _ := utf8.DecodeRuneInString(s[end:])
		if (i == 0 || !isWordRune(before)) && (end == len(s) || !isWordRune(after)) {
			return true
		}
		from = i + 1
	}
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// outputText returns the text of an output file as a reader would search
// it: a workbook's XML parts, a PDF's streams inflated, else the bytes.
func outputText(tb testing.TB, path string) string {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	switch filepath.Ext(path) {
	case ".xlsx":
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			tb.Fatalf("%s: %v", path, err)
		}
		var b strings.Builder
		for _, f := range zr.File {
			if strings.HasSuffix(f.Name, ".bin") {
				continue // a binary part holds no text
			}
			rc, err := f.Open()
			if err != nil {
				tb.Fatalf("%s: %s: %v", path, f.Name, err)
			}
			part, _ := io.ReadAll(rc)
			rc.Close()
			b.Write(xmlTag.ReplaceAll(part, []byte(" "))) // <floor> is markup, not Floor
			b.WriteByte('\n')
		}
		return b.String()
	case ".pdf":
		// pdftotext reads the text as a person sees it, whatever font
		// encoding the PDF uses; the raw streams are the fallback.
		if _, err := exec.LookPath("pdftotext"); err == nil {
			text, err := exec.Command("pdftotext", "-enc", "UTF-8", path, "-").Output()
			if err != nil {
				tb.Fatalf("pdftotext %s: %v", path, err)
			}
			return string(text)
		}
		tb.Logf("%s: pdftotext not found, searching the raw PDF streams only", path)
		var b strings.Builder
		b.Write(data)
		for _, m := range pdfStream.FindAllSubmatch(data, -1) {
			if zr, err := zlib.NewReader(bytes.NewReader(m[1])); err == nil {
				part, _ := io.ReadAll(zr)
				b.Write(part)
			}
		}
		return b.String()
	}
	return string(data)
}

var xmlTag = regexp.MustCompile(`<[^>]*>`)

// addVocabulary adds to pd.ordinary the names that are words of a report on
// a pseudonymised snapshot of one person in pd.lang: the labels and the
// rule catalogue every report holds.
func (pd personalData) addVocabulary(tb *testing.T) {
	tb.Helper()
	snapshot := writeFiles(tb, tinySnapshot)
	out := filepath.Join(tb.TempDir(), "out")
	tb.Setenv("SYNCAUDIT_PSEUDONYM_KEY", testPseudonymKey)
	lang := pd.lang
	if lang == "" {
		lang = "en"
	}
	var text strings.Builder
	code, stdout, stderr := runCLI(tb, "check", "--snapshot", snapshot, "--out", out, "--fail-on", "never", "--lang", lang, "--pseudonymize")
	if code != 0 {
		tb.Fatalf("check of the one-person snapshot: exit %d: %s", code, stderr)
	}
	text.WriteString(stdout)
	if code, _, stderr := runCLI(tb, "review", "export", "--snapshot", snapshot, "--out", filepath.Join(out, "review.xlsx"), "--lang", lang, "--pseudonymize"); code != 0 {
		tb.Fatalf("review export of the one-person snapshot: exit %d: %s", code, stderr)
	}
	files, _ := os.ReadDir(out)
	for _, f := range files {
		text.WriteString(outputText(tb, filepath.Join(out, f.Name())))
	}
	lower := strings.ToLower(text.String())
	for n := range pd.names {
		if containsWord(lower, n) {
			pd.ordinary[n] = true
		}
	}
}

var pdfStream = regexp.MustCompile(`(?s)stream\r?\n(.*?)endstream`)

// TestPseudonymizeLeavesNoPersonalData runs check and review export with
// --pseudonymize on every sample snapshot and searches every file written,
// and what was printed, for every first name (three letters or more), last
// name, e-mail address and username of the input: none may be there.
func TestPseudonymizeLeavesNoPersonalData(t *testing.T) {
	keyFile := filepath.Join(t.TempDir(), "key")
	if err := os.WriteFile(keyFile, []byte(testPseudonymKey+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	samples, _ := filepath.Glob(filepath.Join("..", "..", "samples", "*", "tenant.yaml"))
	if len(samples) < 3 {
		t.Fatalf("found %d sample snapshots, want 3 or more", len(samples))
	}
	for _, tenant := range samples {
		dir := filepath.Dir(tenant)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			pd := personalDataOf(t, dir)
			pd.addVocabulary(t)
			var skipped []string
			for n := range pd.names {
				if pd.ordinary[n] {
					skipped = append(skipped, n)
				}
			}
			t.Logf("names not searched for, being ordinary words of every report or the tenant's names: %q", skipped)
			if len(pd.names) == 0 || len(pd.addresses) == 0 {
				t.Fatal("the sample holds no names or addresses: nothing is tested")
			}
			out := filepath.Join(t.TempDir(), "out")
			printed := map[string]string{}
			for _, format := range []string{"table", "json", "junit", "github"} {
				code, stdout, stderr := runCLI(t, "check", "--snapshot", dir, "--out", out, "--fail-on", "never",
					"--format", format, "--pseudonymize", "--pseudonym-key-file", keyFile)
				if code != 0 {
					t.Fatalf("check --format %s: exit %d: %s", format, code, stderr)
				}
				printed["stdout of check --format "+format] = stdout
				printed["stderr of check --format "+format] = stderr
			}
			review := filepath.Join(out, "review.xlsx")
			code, stdout, stderr := runCLI(t, "review", "export", "--snapshot", dir, "--out", review,
				"--pseudonymize", "--pseudonym-key-file", keyFile)
			if code != 0 {
				t.Fatalf("review export: exit %d: %s", code, stderr)
			}
			printed["stdout of review export"] = stdout + stderr

			files, _ := os.ReadDir(out)
			if len(files) < 4 {
				t.Errorf("only %d files written", len(files))
			}
			for _, f := range files {
				printed[f.Name()] = outputText(t, filepath.Join(out, f.Name()))
			}
			for what, text := range printed {
				if strings.Contains(text, testPseudonymKey) {
					t.Errorf("%s holds the pseudonym key", what)
				}
				if leaks := pd.leaks(text); len(leaks) > 0 {
					t.Errorf("%s holds personal data of the input: %q", what, leaks)
				}
			}
			if !strings.Contains(printed["report.json"], "@pseudonym.invalid") {
				t.Error("report.json holds no pseudonymised address: was anything replaced?")
			}
		})
	}
}

// TestPseudonymsAreStable: the same key gives the same report twice, another
// key other pseudonyms for the same accounts.
func TestPseudonymsAreStable(t *testing.T) {
	snapshot := filepath.Join("..", "..", "samples", "de-linde")
	run := func(key string) *syncaudit.Report {
		t.Helper()
		t.Setenv("SYNCAUDIT_PSEUDONYM_KEY", key)
		out := filepath.Join(t.TempDir(), "out")
		if code, _, stderr := runCLI(t, "check", "--snapshot", snapshot, "--out", out, "--fail-on", "never", "--no-xlsx", "--pseudonymize"); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		data, err := os.ReadFile(filepath.Join(out, "report.json"))
		if err != nil {
			t.Fatal(err)
		}
		var rep syncaudit.Report
		if err := json.Unmarshal(data, &rep); err != nil {
			t.Fatal(err)
		}
		return &rep
	}
	first, again, other := run(testPseudonymKey), run(testPseudonymKey), run("another-key-that-is-long-enough")
	firstJSON, _ := json.Marshal(first)
	againJSON, _ := json.Marshal(again)
	if !bytes.Equal(firstJSON, againJSON) {
		t.Error("the same key gave two different reports")
	}
	if len(first.Findings) != len(other.Findings) || len(first.Findings) == 0 {
		t.Fatalf("%d and %d findings", len(first.Findings), len(other.Findings))
	}
	differ := 0
	for i := range first.Findings {
		if first.Findings[i].Message != other.Findings[i].Message {
			differ++
		}
	}
	if differ == 0 {
		t.Error("another key gave the same messages")
	}
}

func TestPseudonymizeNeedsAKey(t *testing.T) {
	snapshot := writeFiles(t, tinySnapshot)
	short := filepath.Join(t.TempDir(), "short")
	os.WriteFile(short, []byte("short"), 0o600)
	tests := []struct {
		name string
		args []string
		env  string
		want string
	}{
		{"no key", []string{"--pseudonymize"}, "", "syncaudit: --pseudonymize needs a key: give --pseudonym-key-file FILE or set SYNCAUDIT_PSEUDONYM_KEY"},
		{"short key", []string{"--pseudonymize", "--pseudonym-key-file", short}, "", "is 5 bytes long: use at least 16"},
		{"missing key file", []string{"--pseudonymize", "--pseudonym-key-file", short + ".absent"}, "", "--pseudonym-key-file expects the file that holds the pseudonym key, but it does not exist"},
		{"key file without --pseudonymize", []string{"--pseudonym-key-file", short}, "", "--pseudonym-key-file is given without --pseudonymize"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("SYNCAUDIT_PSEUDONYM_KEY", tt.env)
			out := filepath.Join(t.TempDir(), "out")
			for _, verb := range [][]string{{"check"}, {"review", "export"}} {
				target := out
				if verb[0] == "review" {
					target = filepath.Join(out, "review.xlsx")
				}
				args := append(append(append([]string{}, verb...), "--snapshot", snapshot, "--out", target), tt.args...)
				code, _, stderr := runCLI(t, args...)
				if code != 2 || !strings.Contains(stderr, tt.want) {
					t.Errorf("%s: exit %d, stderr %q; want 2 and %q", verb, code, stderr, tt.want)
				}
				if _, err := os.Stat(out); err == nil {
					t.Errorf("%s: %s was written", verb, out)
				}
			}
		})
	}
}
