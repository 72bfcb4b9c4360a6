package report

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/syncaudit/syncaudit"
)

// ExcelMaxRows is the most rows one Excel worksheet holds, header included.
const ExcelMaxRows = 1048576

// WriteXLSX writes the coordinator's workbook of a report to w: a summary
// sheet, the actions, the findings, the exception list, the field ownership
// of every locked field (L1, S4, L5) and the rule catalogue, labelled in lang.
// snap is the snapshot the report was made from; it gives usernames, the
// exception list and the field values (nil leaves those sheets empty).
func WriteXLSX(w io.Writer, rep *syncaudit.Report, snap *syncaudit.Snapshot, lang Lang) error {
	return XLSX{Lang: lang}.Write(context.Background(), w, rep, snap)
}

// XLSX writes the coordinator's workbook with options.
type XLSX struct {
	// Lang is the language of the labels; "" takes the report's run language.
	Lang Lang
	// MaxRows is the most rows a sheet gets, header included, before the
	// rows continue on a next sheet ("Actions 2"); 0 means ExcelMaxRows.
	MaxRows int
}

// Write writes the workbook of rep (made from snap) to w. The big sheets
// (actions, findings, field ownership) are streamed, so memory stays bounded
// by the report itself rather than by the workbook.
func (x XLSX) Write(ctx context.Context, w io.Writer, rep *syncaudit.Report, snap *syncaudit.Snapshot) (err error) {
	if rep == nil {
		return fmt.Errorf("write workbook: no report")
	}
	maxRows := x.MaxRows
	if maxRows <= 0 || maxRows > ExcelMaxRows {
		maxRows = ExcelMaxRows
	}
	if maxRows < 2 {
		maxRows = 2
	}
	f := excelize.NewFile()
	// excelize builds the whole zip in a buffer and then copies it to w; the
	// zip writer it is given writes to w directly instead (through a
	// temporary file, to put the parts in a fixed order: sortedZip), so a
	// big workbook is not held in memory (hundreds of megabytes at a million
	// accounts, under the memory limit the check runs with). excelize's
	// buffer stays empty. Its only use of the buffer besides copying,
	// patching zip64 local headers, applies to parts over 4 GiB: a sheet
	// holds at most 1,048,576 rows, far below that.
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return newSortedZip(w) })
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("close workbook: %w", cerr)
		}
	}()
	b, err := newBook(ctx, f, langOf(x.Lang, rep), maxRows)
	if err != nil {
		return err
	}
	ix := indexReport(rep, snap)

	summary := T(b.lang, "sheet_summary")
	if err := f.SetSheetName("Sheet1", summary); err != nil {
		return fmt.Errorf("write workbook: %w", err)
	}
	// The summary opens first. Said now, while it is the only sheet:
	// excelize's SetActiveSheet reads every sheet back, and at the end that
	// would parse the streamed sheets again (seconds at 100k accounts).
	f.SetActiveSheet(0)
	if err := b.writeActions(rep, ix); err != nil {
		return err
	}
	if err := b.writeFindings(rep, ix); err != nil {
		return err
	}
	if err := b.writeExceptions(rep, snap, ix); err != nil {
		return err
	}
	if err := b.writeOwnership(rep, snap, ix); err != nil {
		return err
	}
	if err := b.writeRules(rep); err != nil {
		return err
	}
	if err := b.writeChanges(rep); err != nil { // check --previous
		return err
	}
	if err := b.writeSummary(summary, rep, snap); err != nil {
		return err
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("write workbook: %w", err)
	}
	return nil
}

// book holds the file being written and what the sheets share: language,
// row limit, styles, and the record of which sheet spilled where.
type book struct {
	ctx     context.Context
	f       *excelize.File
	lang    Lang
	maxRows int
	tables  int

	dateStyle  int
	boldStyle  int
	titleStyle int
	wrapStyle  int
	quoteStyle int                        // quote prefix: text that starts like a formula
	sevFormats map[syncaudit.Severity]int // conditional-format style per severity
	// sheets lists every data sheet written, with its parts and rows, for the summary.
	sheets []sheetRecord
}

// A sheetRecord says how many rows a data sheet had and on which sheets they landed.
type sheetRecord struct {
	key   string   // message key of the sheet name
	parts []string // sheet names, more than one when the rows passed the limit
	rows  int      // data rows, header not counted
}

func newBook(ctx context.Context, f *excelize.File, lang Lang, maxRows int) (*book, error) {
	b := &book{ctx: ctx, f: f, lang: lang, maxRows: maxRows, sevFormats: map[syncaudit.Severity]int{}}
	dateFmt := "yyyy-mm-dd"
	var err error
	if b.dateStyle, err = f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt}); err != nil {
		return nil, fmt.Errorf("write workbook: date style: %w", err)
	}
	if b.boldStyle, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}}); err != nil {
		return nil, fmt.Errorf("write workbook: bold style: %w", err)
	}
	if b.titleStyle, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 16}}); err != nil {
		return nil, fmt.Errorf("write workbook: title style: %w", err)
	}
	if b.wrapStyle, err = f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}); err != nil {
		return nil, fmt.Errorf("write workbook: wrap style: %w", err)
	}
	if b.quoteStyle, err = newQuoteStyle(f, &excelize.Style{}); err != nil {
		return nil, fmt.Errorf("write workbook: quote style: %w", err)
	}
	colours := map[syncaudit.Severity][2]string{
		syncaudit.Deny: {"9C0006", "FFC7CE"}, // red
		syncaudit.Warn: {"9C5700", "FFEB9C"}, // amber
		syncaudit.Info: {"1F4E78", "DDEBF7"}, // blue
	}
	for _, sev := range []syncaudit.Severity{syncaudit.Deny, syncaudit.Warn, syncaudit.Info} { // in order: the styles' ids are in the file
		c := colours[sev]
		id, err := f.NewConditionalStyle(&excelize.Style{
			Font: &excelize.Font{Color: c[0], Bold: sev == syncaudit.Deny},
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{c[1]}},
		})
		if err != nil {
			return nil, fmt.Errorf("write workbook: severity style: %w", err)
		}
		b.sevFormats[sev] = id
	}
	return b, nil
}

// A column of a data sheet: its message key and width.
type column struct {
	key   string
	width float64
}

// A table is one data sheet: its name key, columns, and the 1-based column
// of the severity (0 when it has none) that conditional formatting colours.
type table struct {
	key         string
	cols        []column
	severityCol int
}

// stream writes one data sheet as an Excel table with a frozen header, filters
// and widths, through excelize's StreamWriter. each calls emit once per row;
// when a sheet is full the rows continue on the next sheet ("Actions 2").
func (b *book) stream(t table, each func(emit func([]any) error) error) error {
	rec := sheetRecord{key: t.key}
	base := T(b.lang, t.key)
	var (
		sw    *excelize.StreamWriter
		sheet string
		row   int
	)
	open := func() error {
		sheet = base
		if n := len(rec.parts) + 1; n > 1 {
			sheet = fmt.Sprintf("%s %d", base, n)
		}
		if _, err := b.f.NewSheet(sheet); err != nil {
			return fmt.Errorf("write workbook: sheet %s: %w", sheet, err)
		}
		rec.parts = append(rec.parts, sheet)
		// Conditional formats and the print set-up go in before streaming
		// starts: the stream writer carries the sheet's settings over when
		// it flushes.
		if err := printSetup(b.f, sheet, 1); err != nil {
			return fmt.Errorf("write workbook: %w", err)
		}
		if t.severityCol > 0 {
			if err := b.severityFormat(sheet, t.severityCol, b.maxRows); err != nil {
				return err
			}
		}
		var err error
		if sw, err = b.f.NewStreamWriter(sheet); err != nil {
			return fmt.Errorf("write workbook: sheet %s: %w", sheet, err)
		}
		if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
			return fmt.Errorf("write workbook: sheet %s: %w", sheet, err)
		}
		for i, c := range t.cols {
			if err := sw.SetColWidth(i+1, i+1, c.width); err != nil {
				return fmt.Errorf("write workbook: sheet %s: %w", sheet, err)
			}
		}
		header := make([]any, len(t.cols))
		for i, c := range t.cols {
			header[i] = T(b.lang, c.key)
		}
		row = 1
		if err := sw.SetRow("A1", header); err != nil {
			return fmt.Errorf("write workbook: sheet %s: %w", sheet, err)
		}
		return nil
	}
	closeSheet := func() error {
		last, _ := excelize.CoordinatesToCellName(len(t.cols), max(row, 2))
		b.tables++
		if err := sw.AddTable(&excelize.Table{
			Range:     "A1:" + last,
			Name:      fmt.Sprintf("T%d_%s", b.tables, t.key),
			StyleName: "TableStyleMedium2",
		}); err != nil {
			return fmt.Errorf("write workbook: table on %s: %w", sheet, err)
		}
		if err := sw.Flush(); err != nil {
			return fmt.Errorf("write workbook: sheet %s: %w", sheet, err)
		}
		return nil
	}
	if err := open(); err != nil {
		return err
	}
	emit := func(values []any) error {
		if rec.rows%4096 == 0 {
			if err := b.ctx.Err(); err != nil {
				return err
			}
		}
		if row >= b.maxRows {
			if err := closeSheet(); err != nil {
				return err
			}
			if err := open(); err != nil {
				return err
			}
		}
		row++
		rec.rows++
		cell, _ := excelize.CoordinatesToCellName(1, row)
		if err := sw.SetRow(cell, values); err != nil {
			return fmt.Errorf("write workbook: sheet %s row %d: %w", sheet, row, err)
		}
		return nil
	}
	if err := each(emit); err != nil {
		return err
	}
	if err := closeSheet(); err != nil {
		return err
	}
	b.sheets = append(b.sheets, rec)
	return nil
}

// severityFormat colours the severity words of one column, rows 2..lastRow.
func (b *book) severityFormat(sheet string, col, lastRow int) error {
	name, _ := excelize.ColumnNumberToName(col)
	ref := fmt.Sprintf("%s2:%s%d", name, name, lastRow)
	var opts []excelize.ConditionalFormatOptions
	for _, sev := range syncaudit.Severities {
		format := b.sevFormats[sev]
		opts = append(opts, excelize.ConditionalFormatOptions{
			Type: "cell", Criteria: "==", Format: &format,
			Value: `"` + strings.ReplaceAll(T(b.lang, string(sev)), `"`, `""`) + `"`,
		})
	}
	if err := b.f.SetConditionalFormat(sheet, ref, opts); err != nil {
		return fmt.Errorf("write workbook: severity colours on %s: %w", sheet, err)
	}
	return nil
}

// text returns an input's text as a cell value that is never read as a
// formula: a text cell, and one that starts like a formula (NeedsQuote) also
// gets the quote-prefix style, so editing it in Excel or LibreOffice keeps
// it text. The value itself is kept as it was.
func (b *book) text(s string) any {
	if s == "" {
		return nil
	}
	if NeedsQuote(s) {
		return excelize.Cell{StyleID: b.quoteStyle, Value: s}
	}
	return s
}

// date returns a date as a real date cell, or nothing for the zero date.
func (b *book) date(d syncaudit.Date) any {
	if d.IsZero() {
		return nil
	}
	t := d.Time()
	if t.IsZero() {
		return b.text(string(d))
	}
	return excelize.Cell{StyleID: b.dateStyle, Value: t}
}

// evidence writes an evidence map as "key: value; key: value" in key order.
func evidence(ev map[string]string) string { return joinEvidence(ev, ": ") }

// reportIndex joins the report to the snapshot once, for every sheet.
type reportIndex struct {
	accounts  map[string]*syncaudit.Account
	protected map[string]bool                      // accounts with a keep_by_exception action (D5, L5)
	unlinked  map[string]map[syncaudit.Source]bool // unlink_source actions per account (D1)
	findings  map[string][]*syncaudit.Finding      // findings per account on the exception list
	onList    map[string]bool                      // accounts with an exception entry
	records   map[syncaudit.Link]*syncaudit.SourceRecord
	schools   schoolsOfAccounts // each account's schools, to put outcomes at them
}

func indexReport(rep *syncaudit.Report, snap *syncaudit.Snapshot) *reportIndex {
	ix := &reportIndex{
		accounts:  map[string]*syncaudit.Account{},
		protected: map[string]bool{},
		unlinked:  map[string]map[syncaudit.Source]bool{},
		findings:  map[string][]*syncaudit.Finding{},
		onList:    map[string]bool{},
		records:   map[syncaudit.Link]*syncaudit.SourceRecord{},
		schools:   accountSchools(snap),
	}
	if snap != nil {
		for i := range snap.Accounts {
			ix.accounts[snap.Accounts[i].ID] = &snap.Accounts[i]
		}
		for _, e := range snap.Exceptions {
			ix.onList[e.AccountID] = true
		}
		for i := range snap.Records {
			r := &snap.Records[i]
			if _, ok := ix.records[r.Link()]; !ok {
				ix.records[r.Link()] = r
			}
		}
	}
	for _, a := range rep.Actions {
		switch a.Kind {
		case syncaudit.KeepByException:
			ix.protected[a.Account] = true
		case syncaudit.UnlinkSource:
			if ix.unlinked[a.Account] == nil {
				ix.unlinked[a.Account] = map[syncaudit.Source]bool{}
			}
			ix.unlinked[a.Account][syncaudit.Source(a.Source)] = true
		}
	}
	for i := range rep.Findings {
		f := &rep.Findings[i]
		if f.Account != "" && ix.onList[f.Account] {
			ix.findings[f.Account] = append(ix.findings[f.Account], f)
		}
	}
	return ix
}

func (ix *reportIndex) username(account string) string {
	if a, ok := ix.accounts[account]; ok {
		return a.Username
	}
	return ""
}

// writeActions writes one row per action and school: an action about an
// account at two schools is on a row for each, so a school that filters the
// School column sees every action about its accounts.
func (b *book) writeActions(rep *syncaudit.Report, ix *reportIndex) error {
	t := table{key: "sheet_actions", cols: []column{
		{"col_kind", 34}, {"col_state", 11}, {"col_skipped_by", 10}, {"rule", 8},
		{"account", 14}, {"col_username", 30}, {"school", 10}, {"col_field", 14},
		{"col_from", 20}, {"col_to", 20}, {"col_source", 9}, {"col_source_id", 14},
		{"col_group", 14}, {"col_expires_at", 12}, {"col_reason", 60}, {"col_evidence", 50},
	}}
	return b.stream(t, func(emit func([]any) error) error {
		for _, a := range rep.Actions {
			for _, school := range ix.schools.of(a.School, a.Account) {
				if err := emit([]any{
					KindLabel(b.lang, a.Kind), T(b.lang, "state_"+string(a.State)), b.text(a.SkippedBy), b.text(a.Rule),
					b.text(a.Account), b.text(ix.username(a.Account)), b.text(schoolCell(school)), fieldLabel(b.lang, a.Field),
					b.text(a.From), b.text(a.To), b.text(a.Source), b.text(a.SourceID),
					b.text(a.Group), b.date(a.ExpiresAt), b.text(a.Reason), b.text(evidence(a.Evidence)),
				}); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// writeFindings writes one row per finding and school, as writeActions does.
func (b *book) writeFindings(rep *syncaudit.Report, ix *reportIndex) error {
	t := table{key: "sheet_findings", severityCol: 1, cols: []column{
		{"severity", 13}, {"rule", 8}, {"account", 14}, {"col_username", 30}, {"school", 10},
		{"col_source", 9}, {"col_source_id", 14}, {"message", 70}, {"fix", 60}, {"col_evidence", 50},
	}}
	return b.stream(t, func(emit func([]any) error) error {
		for _, f := range rep.Findings {
			for _, school := range ix.schools.of(f.School, f.Account) {
				if err := emit([]any{
					T(b.lang, string(f.Severity)), b.text(f.Rule), b.text(f.Account), b.text(ix.username(f.Account)),
					b.text(schoolCell(school)), b.text(f.Source), b.text(f.SourceID), b.text(f.Message), b.text(f.Fix),
					b.text(evidence(f.Evidence)),
				}); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// writeExceptions writes one row per entry of the exception list and school
// of its account.
func (b *book) writeExceptions(rep *syncaudit.Report, snap *syncaudit.Snapshot, ix *reportIndex) error {
	t := table{key: "sheet_exceptions", severityCol: 13, cols: []column{
		{"col_account_id", 14}, {"col_username", 30}, {"col_name", 26}, {"school", 10}, {"col_status", 16},
		{"col_reason", 40}, {"col_added_by", 14}, {"col_added_at", 12}, {"col_reviewed_at", 12},
		{"col_expires_at", 12}, {"col_days_since_review", 10}, {"col_protection", 24},
		{"severity", 13}, {"col_findings", 60},
	}}
	return b.stream(t, func(emit func([]any) error) error {
		if snap == nil {
			return nil
		}
		for _, e := range snap.Exceptions {
			acc := ix.accounts[e.AccountID]
			var username, name, status string
			switch {
			case acc == nil:
				status = T(b.lang, "status_missing")
			case acc.Status == syncaudit.SoftDeleted:
				status = T(b.lang, "status_soft_deleted")
			default:
				status = T(b.lang, "status_active")
			}
			if acc != nil {
				username, name = acc.Username, FullName(acc.FirstName, acc.NamePrefix, acc.LastName)
			}
			protection := T(b.lang, "protection_idle")
			if ix.protected[e.AccountID] {
				protection = T(b.lang, "protection_in_use")
			}
			var days any
			if last := e.LastReviewed(); !last.IsZero() && !rep.Run.RunDate.IsZero() {
				days = last.DaysUntil(rep.Run.RunDate)
			}
			var worst syncaudit.Severity
			var fs []string
			for _, f := range ix.findings[e.AccountID] {
				if l, ok := f.Evidence["line"]; ok && e.Line > 0 && l != strconv.Itoa(e.Line) {
					continue // about another entry of the same account (E8)
				}
				if f.Severity.Rank() > worst.Rank() {
					worst = f.Severity
				}
				fs = append(fs, f.Rule+" "+T(b.lang, string(f.Severity))+": "+f.Message)
			}
			var sev any
			if worst != "" {
				sev = T(b.lang, string(worst))
			}
			for _, school := range ix.schools.of("", e.AccountID) {
				if err := emit([]any{
					b.text(e.AccountID), b.text(username), b.text(name), b.text(schoolCell(school)), status,
					b.text(e.Reason), b.text(e.AddedBy), b.date(e.AddedAt), b.date(e.ReviewedAt),
					b.date(e.ExpiresAt), days, protection, sev, b.text(strings.Join(fs, "\n")),
				}); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// FullName joins first name, name prefix (tussenvoegsel) and last name.
func FullName(first, prefix, last string) string {
	parts := make([]string, 0, 3)
	for _, p := range []string{first, prefix, last} {
		if p = strings.TrimSpace(p); p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, " ")
}

// writeOwnership writes one row per account that has a locked field (its
// schools in one cell, "04KT, 17HZ"): a column per lockable field naming its owner (a source, or the
// platform under L5; empty when nothing locks it), the rules that decided
// it, the sources that lock a field, and every field whose value in the
// platform differs from its owner's. At a million accounts that is a million
// rows at most, within one sheet, where a row per locked field was three.
func (b *book) writeOwnership(rep *syncaudit.Report, snap *syncaudit.Snapshot, ix *reportIndex) error {
	cols := []column{{"col_account_id", 14}, {"col_username", 30}, {"school", 10}, {"col_status", 14}}
	for _, field := range lockable {
		cols = append(cols, column{"field_" + field, 14})
	}
	cols = append(cols, column{"col_rules", 10}, column{"col_locked_by", 22}, column{"col_differs", 50})
	t := table{key: "sheet_ownership", cols: cols}
	return b.stream(t, func(emit func([]any) error) error {
		if snap == nil {
			return nil
		}
		own := ownershipRules(rep, snap)
		platform := T(b.lang, "owner_platform")
		for i := range snap.Accounts {
			acc := &snap.Accounts[i]
			fields := own.of(acc, ix)
			if len(fields) == 0 {
				continue
			}
			owners := make([]any, len(lockable))
			var rules, lockedBy, differs []string
			for _, o := range fields {
				owner, ownerValue := platform, ""
				if o.owner != "" {
					owner = string(o.owner)
					if r := ix.records[syncaudit.Link{Source: o.owner, SourceID: o.ownerID}]; r != nil {
						ownerValue = recordField(r, o.field)
						if now := accountField(acc, o.field); now != ownerValue {
							differs = append(differs, fmt.Sprintf("%s: %s → %s", fieldLabel(b.lang, o.field), quoteEmpty(now), quoteEmpty(ownerValue)))
						}
					}
				}
				for j, f := range lockable {
					if f == o.field {
						owners[j] = owner
					}
				}
				rules = appendOnce(rules, o.rule)
				lockedBy = append(lockedBy, fieldLabel(b.lang, o.field)+": "+strings.Join(o.lockedBy, ", "))
			}
			// One row per account, whatever its schools (their codes in
			// one cell), so a million accounts stay within one sheet.
			row := []any{b.text(acc.ID), b.text(acc.Username), b.text(ix.schools.joined("", acc.ID)), T(b.lang, "status_"+string(acc.Status))}
			row = append(row, owners...)
			row = append(row, strings.Join(rules, ", "), strings.Join(lockedBy, "; "), b.text(strings.Join(differs, "; ")))
			if err := emit(row); err != nil {
				return err
			}
		}
		return nil
	})
}

// appendOnce appends s to list unless it is there already.
func appendOnce(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// quoteEmpty writes a value as "…", and an empty one as "".
func quoteEmpty(s string) string { return `"` + s + `"` }

func (b *book) writeRules(rep *syncaudit.Report) error {
	t := table{key: "sheet_rules", severityCol: 2, cols: []column{
		{"col_rule_id", 8}, {"severity", 13}, {"col_title", 40}, {"col_description", 80},
		{"col_seed", 28}, {"col_file", 22},
	}}
	return b.stream(t, func(emit func([]any) error) error {
		for _, r := range rep.Rules {
			var sev any
			if r.Severity != "" {
				sev = T(b.lang, string(r.Severity))
			}
			if err := emit([]any{b.text(r.ID), sev, b.text(r.Title), b.text(r.Description), b.text(seedText(r)), b.text(r.File)}); err != nil {
				return err
			}
		}
		return nil
	})
}
