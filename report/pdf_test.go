package report

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	syncaudit "github.com/syncaudit/syncaudit"
)

var keepPDF = flag.String("pdfdir", "", "write the test PDFs to this folder, to look at them")

// writeTestPDF renders rep and returns the PDF's bytes.
func writeTestPDF(tb testing.TB, name string, rep *syncaudit.Report, opts PDFOptions) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if err := WritePDF(&buf, rep, opts); err != nil {
		tb.Fatalf("WritePDF: %v", err)
	}
	if *keepPDF != "" {
		if err := os.WriteFile(filepath.Join(*keepPDF, name+".pdf"), buf.Bytes(), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return buf.Bytes()
}

// pdfPages extracts the text of every page with pdftotext -raw (poppler-utils),
// which keeps the order the text was drawn in, so a table cell's lines stay
// together. Runs of white space are folded into one space.
func pdfPages(tb testing.TB, pdf []byte) []string {
	tb.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		tb.Fatalf("pdftotext not found: install poppler-utils (apt-get install -y poppler-utils) to test the PDF")
	}
	cmd := exec.Command("pdftotext", "-raw", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		tb.Fatalf("pdftotext: %v: %s", err, errb.String())
	}
	pages := strings.Split(strings.TrimSuffix(out.String(), "\f"), "\f")
	space := regexp.MustCompile(`\s+`)
	for i := range pages {
		pages[i] = strings.TrimSpace(space.ReplaceAllString(pages[i], " "))
	}
	return pages
}

func TestWritePDFContent(t *testing.T) {
	rep := pdfSampleReport(60)
	tests := []struct {
		lang  Lang
		want  []string // on some page
		pageN string   // the footer, with %d %d
	}{
		{English, []string{"Sync audit report", "Executive summary", "Findings: deny and warn", "Rule catalogue",
			"Appendix: provenance", "Overall verdict", "Refused: at least one blocking finding", "Structure Board"}, "page %d of %d"},
		{Dutch, []string{"Auditrapport synchronisatie", "Samenvatting", "Bevindingen: blokkerend en waarschuwing",
			"Regelcatalogus", "Bijlage: herkomst", "Eindoordeel", "Geweigerd: minstens één blokkerende bevinding",
			"Structuur Bestuur", "Peildatum", "Oplossing", "De importuitzonderingen", "Geldende parameters"}, "pagina %d van %d"},
		{Swedish, []string{"Granskningsrapport för synkronisering", "Sammanfattning", "Iakttagelser: stopp och varning",
			"Regelkatalog", "Bilaga: ursprung", "Samlad bedömning", "Stoppad: minst en stoppande iakttagelse",
			"Struktur Huvudman", "Körningsdatum", "Åtgärd", "Undantagslistan", "Gällande parametrar"}, "sida %d av %d"},
	}
	for _, tt := range tests {
		t.Run(string(tt.lang), func(t *testing.T) {
			pages := pdfPages(t, writeTestPDF(t, "content-"+string(tt.lang), rep, PDFOptions{Lang: tt.lang}))
			all := strings.Join(pages, "\n")
			common := []string{
				"Stichting De Linde (de-linde)", // tenant
				"2026-11-23",                    // run date
				"syncaudit 1.0.0-test",          // tool version
				// a known finding, under its rule id, with its fix
				"M2 · Manual account blocks a LAS account",
				"las:2002",
				"the LAS offers Åsa Öberg, but a manual account with the same e-mail exists (A55)",
				"delete the manual account A55; the linked account appears after the next nightly sync",
				"email=asa.oberg@regenboog.nl; manual_account=A55", // evidence
				// the diacritics
				"Åsa Öberg", "(Eénpitter school domain)", "ask the coördinator who edited the locked field", "HR says Bakker-de Vries",
				// provenance: every input with its digest and record count
				"tenant.yaml 1 " + shaTenant, "sources/las.csv 812 " + shaLAS,
				"target/accounts.csv 1234 " + shaAccounts, "target/exceptions.csv 71 " + shaExceptions,
				"5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8", // policy digest
				"policies/exceptions.rego fcde2b2edba56bf408601fb721fe9b5c338d10ee429ea04fae5511b68fbf8fb9",
				`mass_delete.max_count 500`, `precedence ["hr","las","sis"]`,
				"las: 0; hr: 37", // rows at schools the tenant does not list
				// the planned deletion and the licence release
				"A17 12AB D3 Åsa Öberg is absent from every source", "A17 D6 the Microsoft 365 licence is freed",
			}
			for _, s := range append(common, tt.want...) {
				if !strings.Contains(all, s) {
					t.Errorf("the PDF does not show %q", s)
				}
			}
			for i, p := range pages {
				footer := fmt.Sprintf(tt.pageN, i+1, len(pages))
				if !strings.Contains(p, footer) {
					t.Errorf("page %d does not say %q: %.200q", i+1, footer, p)
				}
			}
			if i := strings.Index(pages[2], "Stichting De Linde (de-linde)"); i != 0 {
				t.Errorf("page 3 does not start with the running header (tenant at %d): %.100q", i, pages[2])
			}
		})
	}
}

func TestWritePDFTruncation(t *testing.T) {
	tests := []struct {
		name      string
		max       int
		wantNote  string // "" = no note
		wantShown []string
		wantGone  []string
	}{
		{"default cap of 50", 0, "Showing the first 50 of 60. The workbook report.xlsx lists all of them.", []string{"E049"}, []string{"E050", "E059"}},
		{"cap of 5", 5, "Showing the first 5 of 60. The workbook report.xlsx lists all of them.", []string{"E004"}, []string{"E005"}},
		{"no cap", -1, "", []string{"E000", "E059"}, nil},
		{"under the cap", 100, "", []string{"E059"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pages := pdfPages(t, writeTestPDF(t, "truncation", pdfSampleReport(60), PDFOptions{MaxFindingsPerRule: tt.max}))
			all := strings.Join(pages, "\n")
			if tt.wantNote != "" && !strings.Contains(all, tt.wantNote) {
				t.Errorf("no truncation note %q", tt.wantNote)
			}
			if tt.wantNote == "" && strings.Contains(all, "Showing the first") {
				t.Errorf("a truncation note, want none")
			}
			for _, acc := range tt.wantShown {
				if !strings.Contains(all, acc+" warn 34CD") {
					t.Errorf("finding of %s not listed", acc)
				}
			}
			for _, acc := range tt.wantGone {
				if strings.Contains(all, acc+" warn 34CD") {
					t.Errorf("finding of %s listed beyond the cap", acc)
				}
			}
		})
	}
	t.Run("dutch note names the workbook", func(t *testing.T) {
		pages := pdfPages(t, writeTestPDF(t, "truncation-nl", pdfSampleReport(60), PDFOptions{Lang: Dutch, Workbook: "rapport.xlsx"}))
		if want := "De eerste 50 van 60 staan hier. De werkmap rapport.xlsx bevat ze allemaal."; !strings.Contains(strings.Join(pages, "\n"), want) {
			t.Errorf("no note %q", want)
		}
	})
}

// TestWritePDFContents checks that every entry of the table of contents names
// the page its heading is on.
func TestWritePDFContents(t *testing.T) {
	rep := pdfSampleReport(120) // the E5 table runs over several pages
	rep.Changes = syncaudit.Diff(pdfSampleReport(3), rep)
	pages := pdfPages(t, writeTestPDF(t, "contents", rep, PDFOptions{}))
	if !strings.HasPrefix(strings.TrimPrefix(pages[1], "Stichting De Linde (de-linde) Sync audit report · 2026-11-23 "), "Contents") {
		t.Fatalf("page 2 is not the contents: %.200q", pages[1])
	}
	entries := []struct {
		title string
	}{
		{"Executive summary"}, {"Changes since the previous run"}, {"Findings: deny and warn"},
		{"M2 · Manual account blocks a LAS account"}, {"E5 · Exception entry due for review"}, {"U1 · Username domain"},
		{"Planned deletions and licence releases"}, {"The exception list"}, {"Rule catalogue"},
		{"Appendix: provenance"}, {"Input files"}, {"Parameters in force"},
	}
	// headings whose words also occur in the text before them
	alsoInText := map[string]bool{"Input files": true, "The exception list": true}
	for _, e := range entries {
		t.Run(e.title, func(t *testing.T) {
			m := regexp.MustCompile(regexp.QuoteMeta(e.title) + ` (\d+)`).FindStringSubmatch(pages[1])
			if m == nil {
				t.Fatalf("the contents do not list %q", e.title)
			}
			n, _ := strconv.Atoi(m[1])
			if n < 3 || n > len(pages) {
				t.Fatalf("the contents put %q on page %d of %d", e.title, n, len(pages))
			}
			if !strings.Contains(pages[n-1], e.title) {
				t.Errorf("the contents put %q on page %d, which does not show it", e.title, n)
			}
			if strings.Contains(strings.Join(pages[2:n-1], "\n"), e.title+" ") && !alsoInText[e.title] {
				t.Errorf("%q shows before page %d", e.title, n)
			}
		})
	}
}

func TestWritePDFChanges(t *testing.T) {
	old := pdfSampleReport(10)
	old.Run.RunDate = "2026-08-20"
	old.Run.PolicyDigest = "0000"
	old.Findings = append(old.Findings, syncaudit.Finding{Rule: "E8", Severity: syncaudit.Warn, Account: "A77",
		Message: "two entries for A77 (Eénpitter)", Fix: "remove one"})
	cur := pdfSampleReport(4)
	cur.Changes = syncaudit.Diff(old, cur)
	tests := []struct {
		lang Lang
		want []string
	}{
		{English, []string{"Changes since the previous run", "Previous run 2026-08-20 (syncaudit 1.0.0-test)",
			"The policy set differs from the previous run's.",
			"The exception list got better: 5 entries need attention, 12 before.",
			"Entries on the list: 71 now, 71 before.",
			"Findings 16 9 0 7 9", // before, now, new, resolved, unchanged
			"Resolved findings (7)", "E8 warn A77 two entries for A77 (Eénpitter)", "New findings (0)",
			"deny · Before 2 deny · Now 2 warn · Before 13 warn · Now 6 info · Before 1 info · Now 1"}},
		{Dutch, []string{"Wijzigingen sinds de vorige controle", "De uitzonderingenlijst is verbeterd: 5 vermeldingen vragen aandacht, vorige keer 12.",
			"Opgeloste bevindingen (7)"}},
		{Swedish, []string{"Förändringar sedan förra körningen", "Undantagslistan har blivit bättre: 5 poster behöver åtgärdas, förra gången 12.",
			"Lösta iakttagelser (7)"}},
	}
	for _, tt := range tests {
		t.Run(string(tt.lang), func(t *testing.T) {
			all := strings.Join(pdfPages(t, writeTestPDF(t, "changes-"+string(tt.lang), cur, PDFOptions{Lang: tt.lang})), "\n")
			for _, s := range tt.want {
				if !strings.Contains(all, s) {
					t.Errorf("the PDF does not show %q", s)
				}
			}
		})
	}
}

func TestWritePDFStable(t *testing.T) {
	rep := pdfSampleReport(20)
	a := writeTestPDF(t, "stable", rep, PDFOptions{Lang: Dutch})
	b := writeTestPDF(t, "stable", rep, PDFOptions{Lang: Dutch})
	if !bytes.Equal(a, b) {
		t.Errorf("two renders of one report differ (%d and %d bytes)", len(a), len(b))
	}
}

func TestWritePDFEdgeCases(t *testing.T) {
	tests := []struct {
		name string
		rep  *syncaudit.Report
		opts PDFOptions
		want []string
	}{
		{"empty report", &syncaudit.Report{Run: syncaudit.Run{Tenant: "leeg", RunDate: "2026-11-23"}}, PDFOptions{},
			[]string{"leeg", "Passed", "No deny or warn findings.", "Entries on the list unknown"}},
		{"language from the report", &syncaudit.Report{Run: syncaudit.Run{Tenant: "t", RunDate: "2026-11-23", Language: "sv"}}, PDFOptions{},
			[]string{"Sammanfattning", "sida 1 av"}},
		{"warnings only", &syncaudit.Report{Run: syncaudit.Run{Tenant: "t", RunDate: "2026-11-23"},
			Findings: []syncaudit.Finding{{Rule: "E5", Severity: syncaudit.Warn, Account: "A1", Message: "m", Fix: "f"}}}, PDFOptions{Lang: Swedish},
			[]string{"Godkänd med varningar", "E5"}},
		{"school names from the snapshot", pdfSampleReport(1), PDFOptions{Snapshot: &syncaudit.Snapshot{
			Tenant:     syncaudit.Tenant{Name: "Stichting De Linde", Schools: []syncaudit.School{{ID: "12AB", Name: "OBS De Regenboog"}, {ID: "99ZZ", Name: "Eénpitter Zuid"}}},
			Exceptions: make([]syncaudit.ExceptionEntry, 3)}},
			[]string{"12AB OBS De Regenboog", "99ZZ Eénpitter Zuid", "Entries on the list 3"}},
	}
	hostile := pdfSampleReport(1)
	hostile.Run.TenantName = "Stichting voor Openbaar Primair en Speciaal Onderwijs in de Gemeenten Westerkwartier en Omstreken 😀"
	hostile.Findings = append(hostile.Findings, syncaudit.Finding{Rule: "Z1", Severity: syncaudit.Deny, Account: "A\x00\t1",
		Message: "emoji 😀 漢字 tab\there\r\n" + strings.Repeat("word ", 3000), Fix: "fix 🙂"})
	tests = append(tests, struct {
		name string
		rep  *syncaudit.Report
		opts PDFOptions
		want []string
	}{"emoji, control characters, a very long cell and a long tenant name", hostile, PDFOptions{},
		[]string{"emoji \uFFFD", "A 1", "fix \uFFFD", "word word …", "Stichting voor Openbaar Primair en Speciaal Onderwijs in de Gemeenten"}})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			all := strings.Join(pdfPages(t, writeTestPDF(t, "edge", tt.rep, tt.opts)), "\n")
			for _, s := range tt.want {
				if !strings.Contains(all, s) {
					t.Errorf("the PDF does not show %q", s)
				}
			}
		})
	}
	if err := WritePDF(&bytes.Buffer{}, nil, PDFOptions{}); err == nil {
		t.Errorf("WritePDF(nil report) = nil error, want one")
	}
}

// TestPDFMessages checks that every label the PDF and the diff use exists in
// all three languages.
func TestPDFMessages(t *testing.T) {
	for key, texts := range messages {
		if !strings.HasPrefix(key, "pdf_") && !strings.HasPrefix(key, "changes") {
			continue
		}
		for i, lang := range []Lang{English, Dutch, Swedish} {
			if texts[i] == "" {
				t.Errorf("message %q has no %s text", key, lang)
			}
		}
		if n := strings.Count(texts[0], "%"); strings.Count(texts[1], "%") != n || strings.Count(texts[2], "%") != n {
			t.Errorf("message %q: the languages have different numbers of %% verbs: %q", key, texts)
		}
	}
	for _, k := range syncaudit.ActionKinds {
		if key := "pdf_kind_" + string(k); T(Dutch, key) == key {
			t.Errorf("no label for action kind %s", k)
		}
	}
	for _, s := range []syncaudit.Structure{syncaudit.SingleSchool, syncaudit.Board, syncaudit.MultiDomain} {
		if key := "pdf_" + string(s); T(Swedish, key) == key {
			t.Errorf("no label for structure %s", s)
		}
	}
}

// TestWritePDFRealReports renders the engine's golden reports of the sample
// snapshots (policies/testdata/golden): real findings, real provenance.
func TestWritePDFRealReports(t *testing.T) {
	tests := []struct {
		sample string
		want   []string
	}{
		{"de-linde", []string{"Stichting De Linde (de-linde)", "Samenvatting", "M2 · ", "Jaël Visser", "pagina 1 van",
			"E3 · ", "Vermeldingen die aandacht vragen", "Bijlage: herkomst"}},
		{"vallby-kommun", []string{"Sammanfattning", "Björn Ängström", "sida 1 av", "överhoppade", "Bilaga: ursprung"}},
		{"truncated-export", []string{"D9 · ", "D10 · ", "Geweigerd: minstens één blokkerende bevinding"}},
	}
	for _, tt := range tests {
		t.Run(tt.sample, func(t *testing.T) {
			path := filepath.Join("..", "policies", "testdata", "golden", tt.sample+".json")
			if _, err := os.Stat(path); err != nil {
				t.Skipf("no golden report %s: %v", path, err)
			}
			rep, err := ReadJSON(path)
			if err != nil {
				t.Fatal(err)
			}
			pages := pdfPages(t, writeTestPDF(t, "real-"+tt.sample, rep, PDFOptions{Lang: ParseLang(rep.Run.Language)}))
			all := strings.Join(pages, "\n")
			want := append([]string(nil), tt.want...)
			for _, in := range rep.Run.Inputs {
				want = append(want, fmt.Sprintf("%s %d %s", in.File, in.Records, in.SHA256))
			}
			want = append(want, rep.Run.PolicyDigest)
			for _, f := range rep.Findings {
				if f.Severity == syncaudit.Deny {
					want = append(want, f.Rule+" · ") // every rule with a deny finding has its section
				}
			}
			for _, s := range want {
				if !strings.Contains(all, s) {
					t.Errorf("the PDF does not show %q", s)
				}
			}
			if !strings.HasSuffix(pages[len(pages)-1], fmt.Sprintf(" %d", len(pages))) {
				t.Errorf("the last page does not end with the page count %d: %.100q", len(pages), pages[len(pages)-1])
			}
		})
	}
}

// TestWritePDFSchools checks that an outcome whose rule named no school is
// shown and counted at its account's school: on the deletions page, in the
// findings tables and in the per-school charts, never under the whole tenant.
func TestWritePDFSchools(t *testing.T) {
	rep := pdfSampleReport(0)
	snap := &syncaudit.Snapshot{
		Tenant: syncaudit.Tenant{ID: "de-linde", Schools: []syncaudit.School{{ID: "12AB", Name: "OBS De Regenboog"}, {ID: "34CD", Name: "CBS Het Anker"}}},
		Accounts: []syncaudit.Account{
			{ID: "A17", Status: syncaudit.SoftDeleted, Schools: []string{"12AB"}},
			{ID: "A41", Status: syncaudit.Active, Schools: []string{"12AB", "34CD"}},
		},
	}
	pages := pdfPages(t, writeTestPDF(t, "schools", rep, PDFOptions{Lang: English, Snapshot: snap}))
	all := strings.Join(pages, "\n")
	for _, want := range []string{
		// The D6 action named no school: the account's is shown.
		"A17 12AB D6 the Microsoft 365 licence is freed",
		// A41 is at two schools.
		"12AB, 34CD",
		// per school, findings deny · warn · info: 12AB has M2, L2, E6 and A41's E4; 34CD U1 and A41's E4.
		"12AB OBS De Regenboog 2 · 1 · 1", "34CD CBS Het Anker 1 · 1 · 0",
		// per school, actions: 12AB soft_delete, suspend, release (A17), update, keep; 34CD unlink and two skipped.
		"12AB OBS De Regenboog 5 planned", "34CD CBS Het Anker 1 planned · 2 skipped",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("the PDF does not show %q", want)
		}
	}
	if strings.Contains(all, T(English, "pdf_whole_tenant")) {
		t.Errorf("the PDF counts something under %q, though every outcome has a school", T(English, "pdf_whole_tenant"))
	}
}

// TestWritePDFNoOrphanHeadings lays out reports of many lengths (so the
// sections fall at every height of a page) and checks that no heading ends
// a page while its table or chart starts on the next.
func TestWritePDFNoOrphanHeadings(t *testing.T) {
	for n := 0; n < 70; n += 3 {
		rep := pdfSampleReport(n)
		// More rules with long descriptions, and many schools.
		for i := 0; i < 8; i++ {
			id := fmt.Sprintf("X%d", i)
			rep.Rules = append(rep.Rules, syncaudit.Rule{ID: id, Severity: syncaudit.Warn, Title: "A user rule " + id,
				Description: strings.Repeat("A description long enough to wrap over several lines of the page. ", 3+i%3)})
			for j := 0; j <= i%4; j++ {
				rep.Findings = append(rep.Findings, syncaudit.Finding{Rule: id, Severity: syncaudit.Warn, Account: fmt.Sprintf("B%d%d", i, j),
					School: fmt.Sprintf("%02dXX", (i+j+n)%30), Message: strings.Repeat("a message ", 6+j), Fix: "fix it"})
			}
		}
		rep.Summarise(1234)
		d := renderPDFPass(rep, PDFOptions{Lang: Dutch, MaxFindingsPerRule: 50, Workbook: "report.xlsx"}, nil, 0, false)
		if len(d.orphans) > 0 {
			t.Errorf("with %d E5 findings: headings apart from their content: %s", n, strings.Join(d.orphans, "; "))
		}
	}
}
