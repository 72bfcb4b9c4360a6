package report

import (
	"fmt"
	"sort"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/syncaudit/syncaudit"
)

// schoolCounts are the per-school figures of the summary.
type schoolCounts struct {
	id, name         string
	accounts         int
	planned, skipped int
	deny, warn, info int
}

// writeSummary fills the summary sheet: the run, counts of actions by kind and
// state, findings by severity, a table per school with a chart of it, and
// where each data sheet's rows landed (with a note when one spilled over).
func (b *book) writeSummary(sheet string, rep *syncaudit.Report, snap *syncaudit.Snapshot) error {
	f := b.f
	var setErr error
	set := func(cell string, v any) {
		if err := f.SetCellValue(sheet, cell, v); err != nil && setErr == nil {
			setErr = fmt.Errorf("write workbook: summary %s: %w", cell, err)
		}
	}
	cell := func(col, row int) string {
		c, _ := excelize.CoordinatesToCellName(col, row)
		return c
	}
	bold := func(col, row int) {
		_ = f.SetCellStyle(sheet, cell(col, row), cell(col, row), b.boldStyle)
	}

	set("A1", T(b.lang, "title_report"))
	_ = f.SetCellStyle(sheet, "A1", "A1", b.titleStyle)
	set("A2", T(b.lang, "explain_hint"))
	row := 3
	tenant := rep.Run.Tenant
	if rep.Run.TenantName != "" {
		tenant = rep.Run.TenantName + " (" + rep.Run.Tenant + ")"
	}
	kv := []struct {
		key string
		val any
	}{
		{"tenant", b.text(tenant)},
		{"col_structure", StructureLabel(b.lang, rep.Run.Structure)},
		{"run_date", b.date(rep.Run.RunDate)},
		{"col_accounts", rep.Summary.Accounts},
		{"col_tool", rep.Tool.String()},
		{"col_policy_digest", rep.Run.PolicyDigest},
	}
	if rep.Run.GeneratedAt != "" {
		kv = append(kv, struct {
			key string
			val any
		}{"generated_at", rep.Run.GeneratedAt})
	}
	if off := rep.Run.GuardsOff(); len(off) > 0 {
		kv = append(kv, struct {
			key string
			val any
		}{"guards_off", strings.Join(off, ", ")})
	}
	for _, e := range kv {
		set(cell(1, row), T(b.lang, e.key))
		bold(1, row)
		if e.val != nil {
			if c, ok := e.val.(excelize.Cell); ok {
				set(cell(2, row), c.Value)
				_ = f.SetCellStyle(sheet, cell(2, row), cell(2, row), c.StyleID)
			} else {
				set(cell(2, row), e.val)
			}
		}
		row++
	}

	// Actions by kind and state.
	row++
	set(cell(1, row), T(b.lang, "title_actions"))
	_ = f.SetCellStyle(sheet, cell(1, row), cell(1, row), b.titleStyle)
	row++
	for i, k := range []string{"col_kind", "state_planned", "state_skipped", "col_total"} {
		set(cell(i+1, row), T(b.lang, k))
		bold(i+1, row)
	}
	row++
	planned, skipped := map[syncaudit.ActionKind]int{}, map[syncaudit.ActionKind]int{}
	for _, a := range rep.Actions {
		if a.State == syncaudit.Skipped {
			skipped[a.Kind]++
		} else {
			planned[a.Kind]++
		}
	}
	seen := false
	for _, k := range syncaudit.ActionKinds {
		if planned[k]+skipped[k] == 0 {
			continue
		}
		seen = true
		set(cell(1, row), KindLabel(b.lang, k))
		set(cell(2, row), planned[k])
		set(cell(3, row), skipped[k])
		set(cell(4, row), planned[k]+skipped[k])
		row++
	}
	if !seen {
		set(cell(1, row), T(b.lang, "none"))
		row++
	}

	// Findings by severity.
	row++
	set(cell(1, row), T(b.lang, "title_findings"))
	_ = f.SetCellStyle(sheet, cell(1, row), cell(1, row), b.titleStyle)
	row++
	set(cell(1, row), T(b.lang, "severity"))
	set(cell(2, row), T(b.lang, "col_count"))
	bold(1, row)
	bold(2, row)
	row++
	bySev := map[syncaudit.Severity]int{}
	for _, fd := range rep.Findings {
		bySev[fd.Severity]++
	}
	first := row
	for _, sev := range syncaudit.Severities {
		set(cell(1, row), T(b.lang, string(sev)))
		set(cell(2, row), bySev[sev])
		row++
	}
	if err := b.severityRange(sheet, fmt.Sprintf("A%d:A%d", first, row-1)); err != nil {
		return err
	}

	// One row per school, as a table, with a chart beside it.
	row++
	set(cell(1, row), T(b.lang, "title_schools"))
	_ = f.SetCellStyle(sheet, cell(1, row), cell(1, row), b.titleStyle)
	row++
	headerRow := row
	keys := []string{"school", "col_name", "col_accounts", "state_planned", "state_skipped", "deny", "warn", "info"}
	for i, k := range keys {
		set(cell(i+1, row), T(b.lang, k))
	}
	row++
	schools := countSchools(rep, snap, T(b.lang, "tenant_wide"), T(b.lang, "no_school"))
	for _, s := range schools {
		for i, v := range []any{b.text(s.id), b.text(s.name), s.accounts, s.planned, s.skipped, s.deny, s.warn, s.info} {
			if v != nil {
				set(cell(i+1, row), v)
			}
		}
		row++
	}
	lastRow := max(row-1, headerRow+1)
	b.tables++
	if err := f.AddTable(sheet, &excelize.Table{
		Range:     fmt.Sprintf("A%d:%s", headerRow, cell(len(keys), lastRow)),
		Name:      fmt.Sprintf("T%d_schools", b.tables),
		StyleName: "TableStyleLight9",
	}); err != nil {
		return fmt.Errorf("write workbook: school table: %w", err)
	}
	if len(schools) > 0 {
		ref := func(col int) string {
			return sheetRange(sheet, cell(col, headerRow+1), cell(col, headerRow+len(schools)))
		}
		var series []excelize.ChartSeries
		// deny, warn, info, planned and, apart in grey, skipped actions.
		colours := []string{"C00000", "FFC000", "5B9BD5", "70AD47", "A6A6A6"}
		for i, col := range []int{6, 7, 8, 4, 5} {
			series = append(series, excelize.ChartSeries{
				Name:       sheetRange(sheet, cell(col, headerRow), ""),
				Categories: ref(1),
				Values:     ref(col),
				Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colours[i]}},
			})
		}
		if err := f.AddChart(sheet, cell(len(keys)+2, 3), &excelize.Chart{
			Type:      excelize.Col,
			Series:    series,
			Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: T(b.lang, "chart_schools")}}},
			Legend:    excelize.ChartLegend{Position: "bottom"},
			Dimension: excelize.ChartDimension{Width: 640, Height: 360},
		}); err != nil {
			return fmt.Errorf("write workbook: school chart: %w", err)
		}
	}

	// Where the rows are, and a note for every sheet that continued on another.
	row = lastRow + 2
	set(cell(1, row), T(b.lang, "title_sheets"))
	_ = f.SetCellStyle(sheet, cell(1, row), cell(1, row), b.titleStyle)
	row++
	for i, k := range []string{"col_sheet", "col_rows", "col_note"} {
		set(cell(i+1, row), T(b.lang, k))
		bold(i+1, row)
	}
	row++
	for _, rec := range b.sheets {
		for i, part := range rec.parts {
			set(cell(1, row), part)
			rows := b.maxRows - 1
			if i == len(rec.parts)-1 {
				rows = rec.rows - (len(rec.parts)-1)*(b.maxRows-1)
			}
			set(cell(2, row), rows)
			if len(rec.parts) > 1 && i < len(rec.parts)-1 {
				set(cell(3, row), fmt.Sprintf(T(b.lang, "spill_note"), part, rec.parts[i+1], b.maxRows))
			}
			row++
		}
	}

	if err := printSetup(f, sheet, 0); err != nil {
		return fmt.Errorf("write workbook: %w", err)
	}
	for col, w := range []float64{24, 30, 14, 12, 12, 10, 10, 10} {
		name, _ := excelize.ColumnNumberToName(col + 1)
		if err := f.SetColWidth(sheet, name, name, w); err != nil {
			return fmt.Errorf("write workbook: summary widths: %w", err)
		}
	}
	return setErr
}

// severityRange colours severity words in an arbitrary range.
func (b *book) severityRange(sheet, ref string) error {
	var opts []excelize.ConditionalFormatOptions
	for _, sev := range syncaudit.Severities {
		format := b.sevFormats[sev]
		opts = append(opts, excelize.ConditionalFormatOptions{
			Type: "cell", Criteria: "==", Format: &format, Value: `"` + T(b.lang, string(sev)) + `"`,
		})
	}
	if err := b.f.SetConditionalFormat(sheet, ref, opts); err != nil {
		return fmt.Errorf("write workbook: severity colours on %s: %w", sheet, err)
	}
	return nil
}

// sheetRange is a reference to the cells from..to of sheet as a chart or
// formula needs it: 'Sheet'!$A$2:$A$9, or 'Sheet'!$A$1 when to is empty. The
// sheet name is quoted, with its apostrophes doubled.
func sheetRange(sheet, from, to string) string {
	ref := "'" + strings.ReplaceAll(sheet, "'", "''") + "'!" + absolute(from)
	if to != "" {
		ref += ":" + absolute(to)
	}
	return ref
}

// absolute turns B7 into $B$7.
func absolute(cell string) string {
	col, row, err := excelize.SplitCellName(cell)
	if err != nil {
		return cell
	}
	return fmt.Sprintf("$%s$%d", col, row)
}

// countSchools counts accounts, actions and findings per school of the
// tenant, then per school code the report names that the tenant does not
// list, then the outcomes about accounts without a known school (under the
// label none), then the tenant-wide ones (no account, no school) under the
// label wide. An outcome whose rule named no school counts at each school of
// its account, so the rows add up to more than the totals when an account
// has several.
func countSchools(rep *syncaudit.Report, snap *syncaudit.Snapshot, wide, none string) []*schoolCounts {
	byID := map[string]*schoolCounts{}
	var order []*schoolCounts
	get := func(id string) *schoolCounts {
		if s, ok := byID[id]; ok {
			return s
		}
		s := &schoolCounts{id: id}
		byID[id] = s
		return s
	}
	if snap != nil {
		for _, s := range snap.Tenant.Schools {
			c := get(s.ID)
			c.name = s.Name
			order = append(order, c)
		}
		for _, a := range snap.Accounts {
			if a.Status != syncaudit.Active {
				continue
			}
			for _, id := range a.Schools {
				if s, ok := byID[id]; ok {
					s.accounts++
				}
			}
		}
	}
	listed := len(order)
	at := accountSchools(snap)
	for _, a := range rep.Actions {
		for _, id := range at.of(a.School, a.Account) {
			s := get(id)
			if a.State == syncaudit.Skipped {
				s.skipped++
			} else {
				s.planned++
			}
		}
	}
	for _, f := range rep.Findings {
		for _, id := range at.of(f.School, f.Account) {
			s := get(id)
			switch f.Severity {
			case syncaudit.Deny:
				s.deny++
			case syncaudit.Warn:
				s.warn++
			case syncaudit.Info:
				s.info++
			}
		}
	}
	var extra []*schoolCounts
	for id, s := range byID {
		if id == "" || id == noSchool {
			continue
		}
		if _, ok := snapSchool(snap, id); !ok {
			extra = append(extra, s)
		}
	}
	sort.Slice(extra, func(i, j int) bool { return extra[i].id < extra[j].id })
	order = append(order[:listed], extra...)
	if s, ok := byID[noSchool]; ok {
		s.id = none
		order = append(order, s)
	}
	if s, ok := byID[""]; ok {
		s.id = wide
		order = append(order, s)
	}
	return order
}

func snapSchool(snap *syncaudit.Snapshot, id string) (syncaudit.School, bool) {
	if snap == nil {
		return syncaudit.School{}, false
	}
	return snap.Tenant.School(id)
}
