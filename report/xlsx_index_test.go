package report_test

import (
	"bytes"
	"context"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/fleet"
	"github.com/syncaudit/syncaudit/report"
)

// TestIndexXLSX reads the many-tenant workbook back: a row per tenant in the
// index's order, a failed tenant with its reason, the totals, labels per language.
func TestIndexXLSX(t *testing.T) {
	deny := &syncaudit.Report{Run: syncaudit.Run{Tenant: "de-linde", TenantName: "Stichting De Linde", Structure: syncaudit.Board, RunDate: "2026-11-23"},
		Findings: []syncaudit.Finding{{Rule: "D9", Severity: syncaudit.Deny}, {Rule: "E5", Severity: syncaudit.Warn}}}
	deny.Summarise(150)
	clean := &syncaudit.Report{Run: syncaudit.Run{Tenant: "=vallby", Structure: syncaudit.MultiDomain, RunDate: "2026-11-23"}}
	clean.Summarise(78)
	idx := fleet.NewIndex([]fleet.Entry{
		fleet.Summarise("vallby", clean),
		fleet.Failed("broken", &syncaudit.InputError{File: "tenant.yaml", Problem: "the tenant needs an id"}),
		fleet.Summarise("de-linde", deny),
	})
	tests := []struct {
		lang        report.Lang
		sheet, deny string
	}{
		{report.English, "Tenants", "deny"},
		{report.Dutch, "Organisaties", "blokkerend"},
		{report.Swedish, "Organisationer", "stopp"},
	}
	for _, tt := range tests {
		t.Run(string(tt.lang), func(t *testing.T) {
			var buf bytes.Buffer
			if err := report.WriteIndexXLSX(context.Background(), &buf, idx, tt.lang); err != nil {
				t.Fatal(err)
			}
			f, err := excelize.OpenReader(&buf)
			if err != nil {
				t.Fatal(err)
			}
			rows, err := f.GetRows(tt.sheet)
			if err != nil {
				t.Fatalf("sheet %s: %v (sheets %v)", tt.sheet, err, f.GetSheetList())
			}
			if len(rows) != 5 { // header, three tenants, totals
				t.Fatalf("rows = %d, want 5: %q", len(rows), rows)
			}
			var order []string
			for _, r := range rows[1:4] {
				order = append(order, r[2])
			}
			// The index's order: a tenant that could not be checked first, then worst first.
			if want := []string{"broken", "de-linde", "vallby"}; !slices.Equal(order, want) {
				t.Errorf("tenant folders in order %v, want %v", order, want)
			}
			if rows[2][4] != tt.deny || rows[2][5] != "1" {
				t.Errorf("de-linde row = %q, want worst %q and 1 deny", rows[2], tt.deny)
			}
			for _, r := range rows[1:4] {
				if r[2] == "broken" && (len(r) < 14 || r[13] == "") {
					t.Errorf("the failed tenant's row gives no reason: %q", r)
				}
				if r[2] == "vallby" && r[0] != "=vallby" {
					t.Errorf("a tenant id from an input is not kept as it was: %q", r[0])
				}
			}
			// ... and the cell's quote prefix keeps it text.
			for i, r := range rows {
				if len(r) > 0 && r[0] == "=vallby" && !quotePrefixed(t, f, report.T(tt.lang, "sheet_tenants"), cell(1, i+1)) {
					t.Errorf("the tenant id =vallby has no quote prefix")
				}
			}
			if rows[4][10] != "228" {
				t.Errorf("total accounts = %q, want 228", rows[4][10])
			}
		})
	}
}
