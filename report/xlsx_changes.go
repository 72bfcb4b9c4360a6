package report

import (
	"fmt"

	"github.com/xuri/excelize/v2"

	"github.com/syncaudit/syncaudit"
)

// writeChanges adds the comparison with the previous run (check --previous)
// to the workbook: a "Changes" sheet with the exception list's headline and
// the counts per rule and per action kind, and a streamed sheet listing every
// new and resolved finding and every new and no longer planned action.
func (b *book) writeChanges(rep *syncaudit.Report) error {
	c := rep.Changes
	if c == nil {
		return nil
	}
	sheet := T(b.lang, "sheet_changes")
	if _, err := b.f.NewSheet(sheet); err != nil {
		return fmt.Errorf("write workbook: sheet %s: %w", sheet, err)
	}
	row := 0
	var err error
	put := func(values ...any) {
		row++
		if err != nil {
			return
		}
		for i, v := range values {
			if v == nil {
				continue
			}
			if err = b.f.SetCellValue(sheet, xlsxCell(i+1, row), v); err != nil {
				return
			}
		}
	}
	bold := func() {
		if err == nil {
			err = b.f.SetCellStyle(sheet, xlsxCell(1, row), xlsxCell(7, row), b.boldStyle)
		}
	}
	put(T(b.lang, "changes"))
	if err == nil {
		err = b.f.SetCellStyle(sheet, "A1", "A1", b.titleStyle)
	}
	put(T(b.lang, "changes_previous"), b.text(c.Previous.RunDate.String()), b.text(c.Previous.ToolVersion))
	put(T(b.lang, "run_date"), b.text(rep.Run.RunDate.String()), b.text(rep.Tool.Version))
	policy := "changes_policy_same"
	if c.Previous.PolicyDigest != rep.Run.PolicyDigest {
		policy = "changes_policy_changed"
	}
	put(T(b.lang, policy))
	e := c.Exceptions
	put(fmt.Sprintf(T(b.lang, "changes_exc_"+e.Trend), e.AttentionAfter, e.AttentionBefore))
	bold()
	put(fmt.Sprintf(T(b.lang, "changes_exc_entries"), countText(b.lang, e.EntriesAfter), countText(b.lang, e.EntriesBefore)))
	row++

	put(T(b.lang, "rule"), T(b.lang, "severity"), T(b.lang, "changes_before"), T(b.lang, "changes_now"),
		T(b.lang, "changes_new"), T(b.lang, "changes_resolved"), T(b.lang, "changes_unchanged"))
	bold()
	for _, rc := range c.FindingsByRule {
		put(b.text(rc.Rule), T(b.lang, string(rc.Severity)), rc.Before, rc.After, rc.New, rc.Resolved, rc.Unchanged)
	}
	row++
	put(T(b.lang, "col_kind"), nil, T(b.lang, "changes_before"), T(b.lang, "changes_now"),
		T(b.lang, "changes_new"), T(b.lang, "changes_gone"), T(b.lang, "changes_unchanged"))
	bold()
	for _, kc := range c.ActionsByKind {
		put(KindLabel(b.lang, kc.Kind), nil, kc.Before, kc.After, kc.New, kc.Resolved, kc.Unchanged)
	}
	if err == nil {
		err = b.f.SetColWidth(sheet, "A", "A", 22)
	}
	if err == nil {
		err = b.f.SetColWidth(sheet, "B", "G", 14)
	}
	if err != nil {
		return fmt.Errorf("write workbook: sheet %s: %w", sheet, err)
	}

	t := table{key: "sheet_changed_items", severityCol: 4, cols: []column{
		{"col_change", 20}, {"col_item", 12}, {"rule", 8}, {"severity", 13}, {"col_kind", 18},
		{"account", 14}, {"school", 10}, {"col_source", 9}, {"col_source_id", 14}, {"message", 70},
	}}
	return b.stream(t, func(emit func([]any) error) error {
		finding := T(b.lang, "col_item_finding")
		action := T(b.lang, "col_item_action")
		for _, set := range []struct {
			key  string
			list []syncaudit.Finding
		}{{"changes_new", c.NewFindings}, {"changes_resolved", c.ResolvedFindings}} {
			for _, f := range set.list {
				if err := emit([]any{T(b.lang, set.key), finding, b.text(f.Rule), T(b.lang, string(f.Severity)), nil,
					b.text(f.Account), b.text(f.School), b.text(f.Source), b.text(f.SourceID), b.text(f.Message)}); err != nil {
					return err
				}
			}
		}
		for _, set := range []struct {
			key  string
			list []syncaudit.Action
		}{{"changes_new", c.NewActions}, {"changes_gone", c.ResolvedActions}} {
			for _, a := range set.list {
				if err := emit([]any{T(b.lang, set.key), action, b.text(a.Rule), nil, KindLabel(b.lang, a.Kind),
					b.text(a.Account), b.text(a.School), b.text(a.Source), b.text(a.SourceID), b.text(a.Reason)}); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// xlsxCell names the cell at a 1-based column and row.
func xlsxCell(col, row int) string {
	c, _ := excelize.CoordinatesToCellName(col, row)
	return c
}
