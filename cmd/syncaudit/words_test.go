package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/syncaudit/syncaudit/policies"
	"github.com/syncaudit/syncaudit/report"
	"github.com/syncaudit/syncaudit/words"
)

// englishSentences lists the English the catalogues hold that a Dutch or
// Swedish reader must not see: every literal stretch of three words or more
// of an English message, fix or label (between its placeholders), and every
// rule title and description, unless the text in lang is the same.
func englishSentences(t *testing.T, lang words.Lang) []string {
	t.Helper()
	engine, err := policies.Load(context.Background(), policies.Options{})
	if err != nil {
		t.Fatal(err)
	}
	cat := engine.Words()
	seen := map[string]bool{}
	add := func(en, other string) {
		if en == "" || en == other {
			return
		}
		for _, part := range regexp.MustCompile(`\{[^}]*\}|%[-+ #0-9.]*[a-zA-Z]|\n`).Split(en, -1) {
			part = strings.Trim(part, " ,.;:()\"'")
			if len(strings.Fields(part)) >= 3 && len(part) >= 15 && !strings.Contains(other, part) {
				seen[part] = true
			}
		}
	}
	for _, id := range cat.IDs() {
		e, _ := cat.Entry(id)
		add(e.Message[words.English], e.Message[lang])
		add(e.Fix[words.English], e.Fix[lang])
	}
	for _, key := range report.LabelKeys() {
		add(report.T(words.English, key), report.T(lang, key))
	}
	en, other := engine.RulesIn(words.English), engine.RulesIn(lang)
	for i := range en {
		if en[i].Title != other[i].Title {
			seen[en[i].Title] = true
		}
		add(en[i].Description, other[i].Description)
	}
	out := make([]string, 0, len(seen))
	for s := range seen {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// outputTexts runs check (and review export) on snap in lang and returns
// the text a person reads of every output: the table on stdout, report.json,
// actions.csv, every cell of the workbook and of the review workbook, and
// the PDF through pdftotext. Whitespace is folded, so a sentence wrapped
// over two PDF lines is still found.
func outputTexts(t *testing.T, snap string, lang words.Lang) map[string]string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "out")
	code, stdout, stderr := runCLI(t, "check", "--snapshot", snap, "--out", out, "--lang", string(lang), "--fail-on", "never", "--format", "table")
	if code != 0 {
		t.Fatalf("check %s --lang %s: exit %d: %s", snap, lang, code, stderr)
	}
	texts := map[string]string{"table": stdout}
	for _, name := range []string{"report.json", "actions.csv"} {
		data, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		texts[name] = string(data)
	}
	texts["report.xlsx"] = workbookText(t, filepath.Join(out, "report.xlsx"))
	review := filepath.Join(t.TempDir(), "review.xlsx")
	if code, _, stderr := runCLI(t, "review", "export", "--snapshot", snap, "--out", review, "--lang", string(lang)); code != 0 {
		t.Fatalf("review export %s: exit %d: %s", snap, code, stderr)
	}
	texts["review.xlsx"] = workbookText(t, review)
	if _, err := exec.LookPath("pdftotext"); err == nil {
		pdf, err := exec.Command("pdftotext", "-raw", filepath.Join(out, "report.pdf"), "-").Output()
		if err != nil {
			t.Fatalf("pdftotext: %v", err)
		}
		texts["report.pdf"] = string(pdf)
	}
	for k, v := range texts {
		texts[k] = strings.Join(strings.Fields(v), " ")
	}
	return texts
}

func workbookText(t *testing.T, path string) string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var b strings.Builder
	for _, sheet := range f.GetSheetList() {
		b.WriteString(sheet + "\n")
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			b.WriteString(strings.Join(r, " | ") + "\n")
		}
	}
	return b.String()
}

// TestNoEnglishInDutchAndSwedishOutputs: a Dutch and a Swedish report of
// every sample, and of a generated snapshot of each structure, hold no
// sentence of the English catalogues in any output: the table, report.json,
// actions.csv, the workbook's cells, the PDF's text and the review workbook.
func TestNoEnglishInDutchAndSwedishOutputs(t *testing.T) {
	if testing.Short() {
		t.Skip("runs check on every sample in two languages")
	}
	snaps, err := filepath.Glob("../../samples/*/tenant.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var dirs []string
	for _, s := range snaps {
		dirs = append(dirs, filepath.Dir(s))
	}
	for _, structure := range []string{"single_school", "board", "multi_domain"} {
		dir := filepath.Join(t.TempDir(), structure)
		if code, _, stderr := runCLI(t, "gen", "--accounts", "300", "--structure", structure, "--seed", "7", "--out", dir); code != 0 {
			t.Fatalf("gen %s: exit %d: %s", structure, code, stderr)
		}
		dirs = append(dirs, dir)
	}
	for _, lang := range []words.Lang{words.Dutch, words.Swedish} {
		english := englishSentences(t, lang)
		if len(english) < 200 {
			t.Fatalf("only %d English sentences to look for: the catalogue did not load", len(english))
		}
		for _, dir := range dirs {
			t.Run(fmt.Sprintf("%s/%s", lang, filepath.Base(dir)), func(t *testing.T) {
				for output, text := range outputTexts(t, dir, lang) {
					var found []string
					for _, s := range english {
						if strings.Contains(text, s) {
							found = append(found, s)
						}
					}
					if len(found) > 0 {
						sort.Strings(found)
						if len(found) > 8 {
							found = append(found[:8], fmt.Sprintf("... %d more", len(found)-8))
						}
						t.Errorf("%s holds English: %q", output, found)
					}
				}
			})
		}
	}
}
