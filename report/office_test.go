//go:build office

// The LibreOffice round trip (make test-office): each workbook syncaudit
// writes is opened by headless LibreOffice Calc and saved again as .xlsx and
// as PDF. What LibreOffice wrote is read back: no sheet lost, the chart's
// series still point at the school rows and LibreOffice computed values for
// them (an empty chart has none), every reference resolves, and the PDF has
// pages. It needs soffice (Debian: libreoffice-calc-nogui).
package report_test

import (
	"archive/zip"
	"bytes"
	"context"
	"html"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/report"
)

// soffice converts in to format (xlsx, pdf) in a folder of its own, with a
// profile of its own, and returns the converted file.
func soffice(t *testing.T, in, format string) string {
	t.Helper()
	bin, err := exec.LookPath("soffice")
	if err != nil {
		t.Fatal("soffice not found: make test-office installs libreoffice-calc-nogui")
	}
	out := t.TempDir()
	profile := "file://" + filepath.Join(t.TempDir(), "profile")
	cmd := exec.Command(bin, "-env:UserInstallation="+profile, "--headless", "--norestore", "--convert-to", format, "--outdir", out, in)
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir())
	msg, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("soffice --convert-to %s %s: %v: %s", format, in, err, msg)
	}
	conv := filepath.Join(out, strings.TrimSuffix(filepath.Base(in), filepath.Ext(in))+"."+format)
	if _, err := os.Stat(conv); err != nil {
		t.Fatalf("soffice wrote no %s: %s", conv, msg)
	}
	return conv
}

var numPoint = regexp.MustCompile(`<c:pt idx="\d+"><c:v>([^<]*)</c:v></c:pt>`)

func TestOfficeRoundTrip(t *testing.T) {
	type book struct {
		name  string
		write func(t *testing.T, w io.Writer)
		chart bool
	}
	var books []book
	for _, tt := range []struct {
		sample string
		lang   report.Lang
	}{{"de-linde", report.Dutch}, {"vallby-kommun", report.Swedish}, {"de-linde", report.English}} {
		books = append(books, book{"report-" + tt.sample + "-" + string(tt.lang) + ".xlsx", func(t *testing.T, w io.Writer) {
			rep, snap := sample(t, tt.sample)
			if err := (report.XLSX{Lang: tt.lang}).Write(context.Background(), w, rep, snap); err != nil {
				t.Fatal(err)
			}
		}, true})
	}
	books = append(books, book{"review-nl.xlsx", func(t *testing.T, w io.Writer) {
		err := report.WriteReviewXLSX(w, &report.ReviewBook{Tenant: "de-linde", TenantName: "Stichting De Linde", RunDate: "2026-11-23", Lang: report.Dutch,
			Rows: []report.ReviewRow{{Key: "A1#1", AccountID: "A1", Username: "=HYPERLINK(\"x\")", StatusKey: "status_active",
				Presence:          []report.SourcePresence{{Link: syncaudit.Link{Source: "las", SourceID: "1"}, Present: true}, {Link: syncaudit.Link{Source: "hr", SourceID: "E-1"}}},
				RecommendationKey: "rec_keep", DaysOnList: 3, DaysSinceReview: 1}}})
		if err != nil {
			t.Fatal(err)
		}
	}, false})

	for _, b := range books {
		t.Run(b.name, func(t *testing.T) {
			var buf bytes.Buffer
			b.write(t, &buf)
			in := filepath.Join(t.TempDir(), b.name)
			if err := os.WriteFile(in, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			orig, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			defer orig.Close()

			back := soffice(t, in, "xlsx")
			raw, err := os.ReadFile(back)
			if err != nil {
				t.Fatal(err)
			}
			f, err := excelize.OpenReader(bytes.NewReader(raw))
			if err != nil {
				t.Fatalf("excelize cannot open what LibreOffice saved: %v", err)
			}
			defer f.Close()
			// No sheet lost (the very hidden sheet of a review workbook too).
			if got, want := strings.Join(f.GetSheetList(), "|"), strings.Join(orig.GetSheetList(), "|"); got != want {
				t.Errorf("sheets after LibreOffice = %q, want %q", got, want)
			}
			// The rows of every sheet arrived.
			for _, s := range orig.GetSheetList() {
				a, _ := orig.GetRows(s)
				c, _ := f.GetRows(s)
				if len(a) != len(c) {
					t.Errorf("sheet %s has %d rows after LibreOffice, %d before", s, len(c), len(a))
				}
			}
			assertReferencesResolve(t, raw)
			if b.chart {
				points := chartPoints(t, raw)
				if len(points) == 0 {
					t.Fatal("LibreOffice computed no value for the chart: it draws an empty chart")
				}
				nonzero := 0
				for _, p := range points {
					if p != "" && p != "0" {
						nonzero++
					}
				}
				if nonzero == 0 {
					t.Errorf("the chart's %d values are all empty or zero", len(points))
				}
			}
			pdf := soffice(t, in, "pdf")
			if pages := pdfPages(t, pdf); pages == 0 {
				t.Errorf("LibreOffice printed %s on no page", b.name)
			}
		})
	}
}

// chartPoints returns the values LibreOffice cached for the chart series.
func chartPoints(t *testing.T, raw []byte) []string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, zf := range z.File {
		if !strings.HasPrefix(zf.Name, "xl/charts/chart") {
			continue
		}
		rc, _ := zf.Open()
		body, _ := io.ReadAll(rc)
		rc.Close()
		for _, cache := range regexp.MustCompile(`(?s)<c:numCache>.*?</c:numCache>`).FindAllString(string(body), -1) {
			for _, m := range numPoint.FindAllStringSubmatch(cache, -1) {
				out = append(out, html.UnescapeString(m[1]))
			}
		}
	}
	return out
}

// pdfPages counts the pages of a PDF with pdfinfo (poppler-utils).
func pdfPages(t *testing.T, path string) int {
	t.Helper()
	out, err := exec.Command("pdfinfo", path).Output()
	if err != nil {
		t.Fatalf("pdfinfo %s: %v", path, err)
	}
	for _, line := range strings.Split(string(out), "\n") {
		if n, ok := strings.CutPrefix(line, "Pages:"); ok {
			return atoi(strings.TrimSpace(n))
		}
	}
	return 0
}
