package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/syncaudit/syncaudit"
)

// ReviewSchema names the format of a review workbook; the review import checks it.
const ReviewSchema = "syncaudit.review/v1"

// ReviewMetaSheet is the very hidden sheet of a review workbook that says
// what it was made from (key in column A, value in column B).
const ReviewMetaSheet = "syncaudit"

// The keys of the review workbook's hidden sheet.
const (
	MetaSchema      = "schema"
	MetaTenant      = "tenant"
	MetaRunDate     = "run_date"
	MetaLang        = "lang"
	MetaReviewSheet = "review_sheet"
	MetaRows        = "rows"
)

// ReviewColumns are the message keys of the review sheet's columns, in order.
// The four columns a reviewer fills come after the facts; the last column,
// hidden, holds each row's key (account id # occurrence) so the import finds
// the entry again however the rows were sorted and tells a changed account
// id apart.
var ReviewColumns = []string{
	"col_account_id", "col_username", "col_name", "col_schools", "col_status", "col_presence",
	"col_reason", "col_added_by", "col_added_at", "col_reviewed_at", "col_expires_at",
	"col_days_on_list", "col_days_since_review", "col_hr_end_date", "col_last_login",
	"col_findings", "col_recommendation",
	"col_decision", "col_new_reason", "col_new_expiry", "col_reviewer",
	"col_key",
}

// ReviewInputColumns are the columns a reviewer fills.
var ReviewInputColumns = []string{"col_decision", "col_new_reason", "col_new_expiry", "col_reviewer"}

// Decisions are the message keys of the three review decisions (E9), in the
// order of the drop-down.
var Decisions = []string{"decision_keep", "decision_remove", "decision_delete"}

// A SourcePresence says whether one of an account's links is offered (present) or not.
type SourcePresence struct {
	Link    syncaudit.Link
	Present bool
}

// A ReviewRow is one entry of the exception list as the review workbook
// shows it: the facts E1–E8 know, and what syncaudit recommends.
type ReviewRow struct {
	// Key identifies the entry: account id, "#", and the entry's occurrence
	// for that account (1, or 2 and up for a duplicate, E8).
	Key        string
	AccountID  string
	Username   string
	Name       string
	Schools    []string
	StatusKey  string // message key: status_active, status_soft_deleted, status_missing, status_manual
	Presence   []SourcePresence
	Reason     string
	AddedBy    string
	AddedAt    syncaudit.Date
	ReviewedAt syncaudit.Date
	ExpiresAt  syncaudit.Date
	// DaysOnList and DaysSinceReview are -1 when the dates are not known.
	DaysOnList      int
	DaysSinceReview int
	HREndDate       syncaudit.Date
	LastLogin       syncaudit.Date
	Findings        []syncaudit.Finding
	// RecommendationKey is a rec_* message key; RecommendationArg fills its %d or %s.
	RecommendationKey string
	RecommendationArg any
	// Invalid marks an entry that should not exist (E2, E3, E4, E8, E10);
	// Stale one due for review (E5). The workbook colours them.
	Invalid bool
	Stale   bool
}

// A ReviewBook is everything the review workbook shows.
type ReviewBook struct {
	Tenant     string
	TenantName string
	RunDate    syncaudit.Date
	Lang       Lang
	// Rows are the entries, most urgent first.
	Rows []ReviewRow
}

// WriteReviewXLSX writes the exception-list review workbook (E9) to w: a
// first sheet of instructions, the review sheet with one row per entry and
// four columns to fill (the decision a drop-down in the book's language),
// and a very hidden sheet that says what the workbook was made from.
func WriteReviewXLSX(w io.Writer, book *ReviewBook) (err error) {
	f := excelize.NewFile()
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return newSortedZip(w) }) // the same book, the same bytes
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("close review workbook: %w", cerr)
		}
	}()
	rw := &reviewWriter{f: f, lang: book.Lang}
	if err := rw.styles(); err != nil {
		return err
	}
	instructions := T(book.Lang, "sheet_instructions")
	review := T(book.Lang, "sheet_review")
	if err := f.SetSheetName("Sheet1", instructions); err != nil {
		return fmt.Errorf("write review workbook: %w", err)
	}
	if _, err := f.NewSheet(review); err != nil {
		return fmt.Errorf("write review workbook: %w", err)
	}
	if err := rw.instructions(instructions, review, book); err != nil {
		return err
	}
	if err := rw.review(review, book); err != nil {
		return err
	}
	if err := rw.meta(review, book); err != nil {
		return err
	}
	if err := printSetup(f, instructions, 0); err != nil {
		return fmt.Errorf("write review workbook: %w", err)
	}
	if err := printSetup(f, review, 1); err != nil {
		return fmt.Errorf("write review workbook: %w", err)
	}
	f.SetActiveSheet(0)
	if err := f.Write(w); err != nil {
		return fmt.Errorf("write review workbook: %w", err)
	}
	return nil
}

type reviewWriter struct {
	f    *excelize.File
	lang Lang
	err  error
	// styles[state][kind]: state 0 normal, 1 invalid, 2 stale; kind 0 text, 1 date, 2 number.
	style     [3][3]int
	input     int
	inputDate int
	title     int
	wrap      int
	header    int
	fills     [3]string
}

func (rw *reviewWriter) styles() error {
	rw.fills = [3]string{"", "FFC7CE", "FFEB9C"}
	dateFmt := "yyyy-mm-dd"
	var err error
	for state, fill := range rw.fills {
		for kind := 0; kind < 3; kind++ {
			s := &excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: kind == 0}}
			if fill != "" {
				s.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{fill}}
			}
			if kind == 1 {
				s.CustomNumFmt = &dateFmt
			}
			// Text cells carry the quote prefix: a value that starts
			// like a formula is shown as it is and stays text when edited.
			if kind == 0 {
				rw.style[state][kind], err = newQuoteStyle(rw.f, s)
			} else {
				rw.style[state][kind], err = rw.f.NewStyle(s)
			}
			if err != nil {
				return fmt.Errorf("write review workbook: style: %w", err)
			}
		}
	}
	green := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E2EFDA"}}
	border := []excelize.Border{{Type: "left", Color: "A9D08E", Style: 1}, {Type: "right", Color: "A9D08E", Style: 1}}
	if rw.input, err = newQuoteStyle(rw.f, &excelize.Style{Fill: green, Border: border, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}); err != nil {
		return fmt.Errorf("write review workbook: style: %w", err)
	}
	if rw.inputDate, err = rw.f.NewStyle(&excelize.Style{Fill: green, Border: border, CustomNumFmt: &dateFmt, Alignment: &excelize.Alignment{Vertical: "top"}}); err != nil {
		return fmt.Errorf("write review workbook: style: %w", err)
	}
	if rw.title, err = rw.f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 16}}); err != nil {
		return fmt.Errorf("write review workbook: style: %w", err)
	}
	if rw.wrap, err = rw.f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}); err != nil {
		return fmt.Errorf("write review workbook: style: %w", err)
	}
	if rw.header, err = rw.f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}); err != nil {
		return fmt.Errorf("write review workbook: style: %w", err)
	}
	return nil
}

// text returns a text cell's value: nil for an empty one (no cell), else the
// text as it is (the cell's style carries the quote prefix).
func (rw *reviewWriter) text(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func (rw *reviewWriter) set(sheet, cell string, v any) {
	if rw.err != nil || v == nil {
		return
	}
	if err := rw.f.SetCellValue(sheet, cell, v); err != nil {
		rw.err = fmt.Errorf("write review workbook: %s!%s: %w", sheet, cell, err)
	}
}

func (rw *reviewWriter) styleCell(sheet, cell string, style int) {
	if rw.err != nil {
		return
	}
	if err := rw.f.SetCellStyle(sheet, cell, cell, style); err != nil {
		rw.err = fmt.Errorf("write review workbook: %s!%s: %w", sheet, cell, err)
	}
}

func (rw *reviewWriter) instructions(sheet, review string, book *ReviewBook) error {
	l := rw.lang
	rw.set(sheet, "A1", T(l, "instr_title"))
	rw.styleCell(sheet, "A1", rw.title)
	tenant := book.Tenant
	if book.TenantName != "" {
		tenant = book.TenantName + " (" + book.Tenant + ")"
	}
	rw.set(sheet, "A3", T(l, "tenant"))
	rw.set(sheet, "B3", tenant)
	rw.styleCell(sheet, "B3", rw.style[0][0])
	rw.set(sheet, "A4", T(l, "run_date"))
	if t := book.RunDate.Time(); !t.IsZero() {
		rw.set(sheet, "B4", t)
		rw.styleCell(sheet, "B4", rw.style[0][1])
	}
	steps := fmt.Sprintf(T(l, "instr_steps"), review, T(l, "col_decision"),
		T(l, "decision_keep"), T(l, "decision_remove"), T(l, "decision_delete"),
		T(l, "col_new_reason"), T(l, "col_new_expiry"), T(l, "col_reviewer"))
	// Each step spans columns A and B, wrapped, in a row as high as its
	// text: nothing runs off the screen to the right.
	lines := strings.Split(steps, "\n")
	for i, line := range lines {
		row := 6 + i
		a, b := fmt.Sprintf("A%d", row), fmt.Sprintf("B%d", row)
		rw.set(sheet, a, line)
		if rw.err == nil {
			if err := rw.f.MergeCell(sheet, a, b); err != nil {
				return fmt.Errorf("write review workbook: %w", err)
			}
		}
		rw.styleCell(sheet, a, rw.wrap)
		rw.rowHeight(sheet, row, cellLines(line, instrWidthA+instrWidthB))
	}
	row := 6 + len(lines) + 1
	rw.set(sheet, fmt.Sprintf("A%d", row), T(l, "legend_invalid"))
	rw.styleCell(sheet, fmt.Sprintf("A%d", row), rw.style[1][0])
	rw.set(sheet, fmt.Sprintf("A%d", row+1), T(l, "legend_stale"))
	rw.styleCell(sheet, fmt.Sprintf("A%d", row+1), rw.style[2][0])
	rw.set(sheet, fmt.Sprintf("A%d", row+2), T(l, "col_decision"))
	rw.styleCell(sheet, fmt.Sprintf("A%d", row+2), rw.input)
	rw.rowHeight(sheet, row+2, cellLines(T(l, "col_decision"), instrWidthA))
	if rw.err == nil {
		if err := rw.f.SetColWidth(sheet, "A", "A", instrWidthA); err != nil {
			return fmt.Errorf("write review workbook: %w", err)
		}
		if err := rw.f.SetColWidth(sheet, "B", "B", instrWidthB); err != nil {
			return fmt.Errorf("write review workbook: %w", err)
		}
	}
	return rw.err
}

// The widths of the instruction sheet's two columns: labels, and values
// (the steps span both).
const (
	instrWidthA = 24
	instrWidthB = 96
)

// The height of one line of text in points (Calibri 11), and the most a row
// may be (Excel's limit).
const (
	lineHeight   = 15.0
	maxRowHeight = 409.0
)

// cellLines estimates how many lines a wrapped cell of the given width (in
// Excel's character units) needs for text: each line of the text wraps
// after about width characters. It errs on the high side, so the content
// shows whole; a row's height is then set, not left to the spreadsheet,
// which keeps it when a cell is edited.
func cellLines(text string, width float64) int {
	perLine := max(int(width*1.1), 1)
	n := 0
	for _, line := range strings.Split(text, "\n") {
		runes := len([]rune(line))
		n += max((runes+perLine-1)/perLine, 1)
	}
	return n
}

// rowHeight sets a row's height for lines lines of text.
func (rw *reviewWriter) rowHeight(sheet string, row, lines int) {
	if rw.err != nil {
		return
	}
	h := min(float64(lines)*lineHeight+3, maxRowHeight)
	if err := rw.f.SetRowHeight(sheet, row, h); err != nil {
		rw.err = fmt.Errorf("write review workbook: %s row %d height: %w", sheet, row, err)
	}
}

// reviewWidths are the column widths of the review sheet, by column.
var reviewWidths = []float64{12, 28, 24, 10, 14, 22, 30, 14, 12, 12, 12, 8, 8, 12, 12, 50, 45, 22, 30, 14, 16, 8}

func (rw *reviewWriter) review(sheet string, book *ReviewBook) error {
	l := rw.lang
	f := rw.f
	col := map[string]int{}
	for i, key := range ReviewColumns {
		col[key] = i + 1
		c, _ := excelize.CoordinatesToCellName(i+1, 1)
		rw.set(sheet, c, T(l, key))
	}
	for i, r := range book.Rows {
		row := i + 2
		state := 0
		if r.Invalid {
			state = 1
		} else if r.Stale {
			state = 2
		}
		lines := 1
		put := func(key string, v any, kind int) {
			c, _ := excelize.CoordinatesToCellName(col[key], row)
			rw.set(sheet, c, v)
			rw.styleCell(sheet, c, rw.style[state][kind])
			if s, ok := v.(string); ok && kind == 0 {
				lines = max(lines, cellLines(s, reviewWidths[col[key]-1]))
			}
		}
		date := func(key string, d syncaudit.Date) {
			if t := d.Time(); !t.IsZero() {
				put(key, t, 1)
			} else {
				put(key, rw.text(string(d)), 1)
			}
		}
		days := func(key string, n int) {
			if n >= 0 {
				put(key, n, 2)
			} else {
				put(key, nil, 2)
			}
		}
		var presence []string
		for _, p := range r.Presence {
			word := T(l, "presence_absent")
			if p.Present {
				word = T(l, "presence_present")
			}
			presence = append(presence, p.Link.String()+" "+word)
		}
		var findings []string
		for _, fd := range r.Findings {
			findings = append(findings, fd.Rule+" "+T(l, string(fd.Severity))+": "+fd.Message)
		}
		rec := T(l, r.RecommendationKey)
		if r.RecommendationArg != nil {
			rec = fmt.Sprintf(rec, r.RecommendationArg)
		}
		put("col_account_id", rw.text(r.AccountID), 0)
		put("col_username", rw.text(r.Username), 0)
		put("col_name", rw.text(r.Name), 0)
		put("col_schools", rw.text(strings.Join(r.Schools, ", ")), 0)
		put("col_status", T(l, r.StatusKey), 0)
		put("col_presence", rw.text(strings.Join(presence, "\n")), 0)
		put("col_reason", rw.text(r.Reason), 0)
		put("col_added_by", rw.text(r.AddedBy), 0)
		date("col_added_at", r.AddedAt)
		date("col_reviewed_at", r.ReviewedAt)
		date("col_expires_at", r.ExpiresAt)
		days("col_days_on_list", r.DaysOnList)
		days("col_days_since_review", r.DaysSinceReview)
		date("col_hr_end_date", r.HREndDate)
		date("col_last_login", r.LastLogin)
		put("col_findings", rw.text(strings.Join(findings, "\n")), 0)
		put("col_recommendation", rec, 0)
		put("col_key", rw.text(r.Key), 0)
		for _, key := range ReviewInputColumns {
			c, _ := excelize.CoordinatesToCellName(col[key], row)
			if key == "col_new_expiry" {
				rw.styleCell(sheet, c, rw.inputDate)
			} else {
				rw.styleCell(sheet, c, rw.input)
			}
		}
		// As high as the fullest cell (every source, every finding), at
		// least two lines so a reason can be typed in view.
		rw.rowHeight(sheet, row, max(lines, 2))
	}
	// The header wraps too: the decision column's header names the words.
	headerLines := 1
	for i, key := range ReviewColumns {
		c, _ := excelize.CoordinatesToCellName(i+1, 1)
		rw.styleCell(sheet, c, rw.header)
		headerLines = max(headerLines, cellLines(T(l, key), reviewWidths[i]))
	}
	rw.rowHeight(sheet, 1, headerLines)
	if rw.err != nil {
		return rw.err
	}
	last := max(len(book.Rows)+1, 2)
	lastCell, _ := excelize.CoordinatesToCellName(len(ReviewColumns), last)
	if err := f.AddTable(sheet, &excelize.Table{Range: "A1:" + lastCell, Name: "Review", StyleName: "TableStyleLight1"}); err != nil {
		return fmt.Errorf("write review workbook: table: %w", err)
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, XSplit: 1, YSplit: 1, TopLeftCell: "B2", ActivePane: "bottomRight"}); err != nil {
		return fmt.Errorf("write review workbook: panes: %w", err)
	}
	for i, w := range reviewWidths {
		name, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(sheet, name, name, w); err != nil {
			return fmt.Errorf("write review workbook: widths: %w", err)
		}
	}
	keyCol, _ := excelize.ColumnNumberToName(col["col_key"])
	if err := f.SetColVisible(sheet, keyCol, false); err != nil {
		return fmt.Errorf("write review workbook: hide key column: %w", err)
	}

	// The decision: a drop-down in the book's language.
	decCol, _ := excelize.ColumnNumberToName(col["col_decision"])
	dv := excelize.NewDataValidation(true)
	dv.SetSqref(fmt.Sprintf("%s2:%s%d", decCol, decCol, last))
	words := make([]string, len(Decisions))
	for i, k := range Decisions {
		words[i] = T(l, k)
	}
	if err := dv.SetDropList(words); err != nil {
		return fmt.Errorf("write review workbook: decision list: %w", err)
	}
	dv.SetInput(T(l, "col_decision"), fmt.Sprintf(T(l, "val_decision"), strings.Join(words, " / ")))
	dv.SetError(excelize.DataValidationErrorStyleStop, T(l, "col_decision"), fmt.Sprintf(T(l, "val_decision"), strings.Join(words, " / ")))
	if err := f.AddDataValidation(sheet, dv); err != nil {
		return fmt.Errorf("write review workbook: decision list: %w", err)
	}
	// The new expiry date: a date after the run date (E10), as the import
	// takes it — the run date itself is refused there, so it is here.
	if t := book.RunDate.Time(); !t.IsZero() {
		expCol, _ := excelize.ColumnNumberToName(col["col_new_expiry"])
		dd := excelize.NewDataValidation(true)
		dd.SetSqref(fmt.Sprintf("%s2:%s%d", expCol, expCol, last))
		first := book.RunDate.AddDays(1)
		if err := dd.SetRange(excelSerial(first.Time()), 2958465, excelize.DataValidationTypeDate, excelize.DataValidationOperatorBetween); err != nil {
			return fmt.Errorf("write review workbook: expiry validation: %w", err)
		}
		msg := fmt.Sprintf(T(l, "val_expiry"), book.RunDate, first, book.RunDate.AddDays(90))
		dd.SetInput(T(l, "col_new_expiry"), msg)
		dd.SetError(excelize.DataValidationErrorStyleStop, T(l, "col_new_expiry"), msg)
		if err := f.AddDataValidation(sheet, dd); err != nil {
			return fmt.Errorf("write review workbook: expiry validation: %w", err)
		}
	}
	return nil
}

func (rw *reviewWriter) meta(review string, book *ReviewBook) error {
	sheet := ReviewMetaSheet
	if _, err := rw.f.NewSheet(sheet); err != nil {
		return fmt.Errorf("write review workbook: %w", err)
	}
	for i, kv := range [][2]string{
		{MetaSchema, ReviewSchema},
		{MetaTenant, book.Tenant},
		{MetaRunDate, book.RunDate.String()},
		{MetaLang, string(book.Lang)},
		{MetaReviewSheet, review},
		{MetaRows, strconv.Itoa(len(book.Rows))},
	} {
		rw.set(sheet, fmt.Sprintf("A%d", i+1), kv[0])
		rw.set(sheet, fmt.Sprintf("B%d", i+1), Neutralise(kv[1]))
	}
	if rw.err != nil {
		return rw.err
	}
	if err := rw.f.SetSheetVisible(sheet, false, true); err != nil {
		return fmt.Errorf("write review workbook: hide %s: %w", sheet, err)
	}
	return nil
}

// excelSerial is the Excel serial number (1900 system) of a date after 1900-03-01.
func excelSerial(t time.Time) float64 {
	epoch := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	return float64(t.Sub(epoch).Hours() / 24)
}

// Unneutralise undoes Neutralise: it drops the apostrophe Neutralise put
// before a leading = + - @, tab or carriage return. The review import uses it
// to get an account id (or any text syncaudit wrote) back as it was.
func Unneutralise(s string) string {
	if len(s) >= 2 && s[0] == '\'' {
		switch s[1] {
		case '=', '+', '-', '@', '\t', '\r':
			return s[1:]
		}
	}
	return s
}
