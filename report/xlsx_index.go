package report

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/fleet"
)

// WriteIndexXLSX writes the many-tenant index (check --snapshots, syncaudit
// index) as a workbook: one row per tenant, worst first, as index.json
// holds them, with the totals below. Labels are in lang.
func WriteIndexXLSX(ctx context.Context, w io.Writer, idx *fleet.Index, lang Lang) (err error) {
	if idx == nil {
		return fmt.Errorf("write index workbook: no index")
	}
	f := excelize.NewFile()
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return newSortedZip(w) }) // the same book, the same bytes
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("close index workbook: %w", cerr)
		}
	}()
	b, err := newBook(ctx, f, lang, ExcelMaxRows)
	if err != nil {
		return err
	}
	t := table{key: "sheet_tenants", severityCol: 5, cols: []column{
		{"tenant", 16}, {"col_name", 30}, {"col_folder", 18}, {"structure", 14}, {"col_worst", 13},
		{"deny", 11}, {"warn", 11}, {"info", 9}, {"col_actions_count", 10}, {"skipped", 10},
		{"accounts", 11}, {"run_date", 12}, {"col_deny_rules", 24}, {"col_note", 50}, {"col_report", 30},
	}}
	row := func(e fleet.Entry) []any {
		worst := any(nil)
		if e.Worst != "" {
			worst = T(lang, string(e.Worst))
		}
		return []any{
			b.text(e.Tenant), b.text(e.Name), b.text(e.Folder), b.text(StructureLabel(b.lang, e.Structure)), worst,
			e.Findings[syncaudit.Deny], e.Findings[syncaudit.Warn], e.Findings[syncaudit.Info], e.Actions, e.Skipped,
			e.Accounts, b.date(e.RunDate), b.text(strings.Join(e.DenyRules, ", ")), b.text(e.Error), b.text(e.Report),
		}
	}
	err = b.stream(t, func(emit func([]any) error) error {
		for _, e := range idx.Tenants {
			if err := emit(row(e)); err != nil {
				return err
			}
		}
		total := row(idx.Totals)
		total[0] = T(lang, "col_total")
		return emit(total)
	})
	if err != nil {
		return err
	}
	if err := f.DeleteSheet("Sheet1"); err != nil {
		return fmt.Errorf("write index workbook: %w", err)
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("write index workbook: %w", err)
	}
	return nil
}
