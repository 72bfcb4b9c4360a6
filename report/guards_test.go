package report

import (
	"bytes"
	"strings"
	"testing"
)

// TestGuardsOffOnTheFirstPage: a guard (D9, D10, L6) that the tenant's
// disabled_rules switches off shows in the table's header lines and on the
// PDF's first page; a rule that is no guard does not.
func TestGuardsOffOnTheFirstPage(t *testing.T) {
	for _, tt := range []struct {
		disabled []string
		want     string // "" = no guard line
	}{
		{[]string{"E7", "D9", "L6"}, "D9, L6"},
		{[]string{"E7"}, ""},
	} {
		rep := sampleReport()
		rep.Run.DisabledRules = tt.disabled
		var buf bytes.Buffer
		if err := (&Table{}).Write(&buf, rep); err != nil {
			t.Fatal(err)
		}
		line := "GUARDS SWITCHED OFF (the tenant's disabled_rules):  " + tt.want
		if got := strings.Contains(buf.String(), "GUARDS SWITCHED OFF"); got != (tt.want != "") || tt.want != "" && !strings.Contains(buf.String(), line) {
			t.Errorf("disabled %v: table header\n%s\nwant the line %q: %v", tt.disabled, buf.String(), line, tt.want != "")
		}
		pdf := pdfSampleReport(3)
		pdf.Run.DisabledRules = tt.disabled
		first := pdfPages(t, writeTestPDF(t, "guards-off", pdf, PDFOptions{Lang: Dutch}))[0]
		want := "BEVEILIGINGEN UITGESCHAKELD (disabled_rules van de organisatie) " + tt.want
		if got := strings.Contains(first, "BEVEILIGINGEN UITGESCHAKELD"); got != (tt.want != "") || tt.want != "" && !strings.Contains(first, want) {
			t.Errorf("disabled %v: first PDF page\n%s\nwant %q: %v", tt.disabled, first, want, tt.want != "")
		}
	}
}
