package review

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/report"
)

// A Workbook is a filled-in review workbook as read back: what it was made
// from (its hidden sheet) and one Decision per row.
type Workbook struct {
	// File is the workbook's name as the user gave it, for messages.
	File    string
	Tenant  string
	RunDate syncaudit.Date
	Lang    report.Lang
	// Keyed says whether the hidden key column is there; without it rows
	// are matched to entries by account id alone.
	Keyed     bool
	Decisions []Decision
}

// A Decision is one row of the review sheet as the reviewer left it.
type Decision struct {
	// Row is the row on the review sheet (1 = header).
	Row int
	// Key is the hidden key syncaudit wrote (account id # occurrence); ""
	// on a row that a person added.
	Key       string
	AccountID string
	// Decision is the text of the decision cell, trimmed: a word of the
	// drop-down in any report language, or "".
	Decision  string
	NewReason string
	// NewExpiry is the new expiry date cell as read: a date serial number
	// or a date written as text.
	NewExpiry string
	Reviewer  string
}

// Blank reports whether the reviewer left the row alone.
func (d *Decision) Blank() bool {
	return d.Decision == "" && d.NewReason == "" && d.NewExpiry == "" && d.Reviewer == ""
}

// Read reads a filled-in review workbook. name is the file as the user knows
// it. A workbook that syncaudit did not write, or whose review sheet lost
// its account_id or decision column, is an *syncaudit.InputError: nothing in
// it can be trusted.
func Read(r io.Reader, name string) (*Workbook, error) {
	raw, err := io.ReadAll(io.LimitReader(r, MaxWorkbookBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if len(raw) > MaxWorkbookBytes {
		return nil, &syncaudit.InputError{File: name, Problem: fmt.Sprintf("the workbook is larger than %d MiB, far more than a review workbook holds", MaxWorkbookBytes>>20),
			Fix: "give the review workbook that syncaudit review export wrote (.xlsx)"}
	}
	if format := sniffFormat(raw); format != "" {
		return nil, &syncaudit.InputError{File: name, Problem: "cannot open the workbook: it is " + format + ", not the Excel workbook (.xlsx) review export wrote",
			Fix: saveAsXLSX}
	}
	if err := checkParts(raw); err != nil {
		return nil, &syncaudit.InputError{File: name, Problem: "cannot open the workbook: " + err.Error(),
			Fix: "give the review workbook that syncaudit review export wrote (.xlsx)"}
	}
	f, err := excelize.OpenReader(bytes.NewReader(raw), excelize.Options{UnzipSizeLimit: maxUnzippedBytes, UnzipXMLSizeLimit: maxPartBytes})
	if err != nil {
		return nil, &syncaudit.InputError{File: name, Problem: "cannot open the workbook: " + plainText(err.Error()),
			Fix: "give the review workbook that syncaudit review export wrote (.xlsx)"}
	}
	defer func() { _ = f.Close() }()

	meta := map[string]string{}
	rows, err := f.GetRows(report.ReviewMetaSheet)
	if err != nil {
		return nil, &syncaudit.InputError{File: name, Problem: "this is not a review workbook that syncaudit wrote (its hidden sheet " + report.ReviewMetaSheet + " is missing)",
			Fix: "export a new one with syncaudit review export and fill that in"}
	}
	for _, row := range rows {
		if len(row) >= 2 {
			meta[row[0]] = report.Unneutralise(row[1])
		}
	}
	if meta[report.MetaSchema] != report.ReviewSchema {
		return nil, &syncaudit.InputError{File: name, Value: meta[report.MetaSchema],
			Problem: "this workbook is not in the review format " + report.ReviewSchema,
			Fix:     "export a new one with this version of syncaudit review export"}
	}
	wb := &Workbook{File: name, Tenant: meta[report.MetaTenant], Lang: report.ParseLang(meta[report.MetaLang])}
	wb.RunDate, _ = syncaudit.ParseDate(meta[report.MetaRunDate])

	sheet := meta[report.MetaReviewSheet]
	if idx, _ := f.GetSheetIndex(sheet); idx < 0 {
		sheet = ""
		for _, s := range f.GetSheetList() {
			if hdr, _ := f.GetRows(s); len(hdr) > 0 && indexOf(hdr[0], "account_id") >= 0 {
				sheet = s
				break
			}
		}
		if sheet == "" {
			return nil, &syncaudit.InputError{File: name, Value: meta[report.MetaReviewSheet],
				Problem: "the review sheet is missing", Fix: "fill in the sheet as exported; do not delete or rename it"}
		}
	}
	data, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil || len(data) == 0 {
		return nil, &syncaudit.InputError{File: name, Problem: "the review sheet " + sheet + " is empty", Fix: "export the workbook again"}
	}
	cols := headerColumns(data[0])
	for _, key := range []string{"col_account_id", "col_decision"} {
		if _, ok := cols[key]; !ok {
			return nil, &syncaudit.InputError{File: name, Line: 1, Column: report.T(report.English, key),
				Problem: fmt.Sprintf("the review sheet %s has no column %q", sheet, report.T(wb.Lang, key)),
				Fix:     "put the column header back as exported"}
		}
	}
	_, wb.Keyed = cols["col_key"]
	get := func(row []string, key string) string {
		i, ok := cols[key]
		if !ok || i >= len(row) {
			return ""
		}
		return strings.TrimSpace(row[i])
	}
	for i, row := range data[1:] {
		d := Decision{
			Row:       i + 2,
			Key:       report.Unneutralise(get(row, "col_key")),
			AccountID: report.Unneutralise(get(row, "col_account_id")),
			Decision:  get(row, "col_decision"),
			NewReason: get(row, "col_new_reason"),
			NewExpiry: get(row, "col_new_expiry"),
			Reviewer:  get(row, "col_reviewer"),
		}
		if d.Key == "" && d.AccountID == "" && d.Blank() {
			continue // an empty row, e.g. the table's spare one
		}
		wb.Decisions = append(wb.Decisions, d)
	}
	return wb, nil
}

// The bounds of a review workbook. One row per exception entry keeps it far
// below them, even for a tenant with tens of thousands of entries.
const (
	// MaxWorkbookBytes is the largest review workbook file read.
	MaxWorkbookBytes = 64 << 20
	// maxPartBytes is the largest part (sheet, shared strings) once unzipped.
	maxPartBytes = 256 << 20
	// maxUnzippedBytes is the most all parts may hold together, unzipped.
	maxUnzippedBytes = 512 << 20
	// maxParts is the most parts (files inside the zip) a workbook may have.
	maxParts = 1000
)

// checkParts refuses a workbook whose zip declares parts larger than a
// review workbook could hold, before excelize reserves memory for them: a
// hostile or damaged file could otherwise claim gigabytes in a few bytes.
// The zip reader holds each part to its declared size when it is read.
func checkParts(data []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return fmt.Errorf("not an .xlsx file (%s)", strings.TrimPrefix(plainText(err.Error()), "zip: "))
	}
	if len(zr.File) > maxParts {
		return fmt.Errorf("the file holds %d parts, more than a workbook has", len(zr.File))
	}
	var total uint64
	for _, p := range zr.File {
		if p.UncompressedSize64 > maxPartBytes {
			return fmt.Errorf("its part %s claims %d MiB unzipped, more than a review workbook holds", plainText(p.Name), p.UncompressedSize64>>20)
		}
		total += p.UncompressedSize64
	}
	if total > maxUnzippedBytes {
		return fmt.Errorf("its parts claim %d MiB unzipped, more than a review workbook holds", total>>20)
	}
	return nil
}

// plainText makes a message from a library readable: valid UTF-8 (a
// damaged file's bytes are shown as \xNN), one line, and at most 300 bytes.
func plainText(s string) string {
	var b strings.Builder
	for i := 0; i < len(s) && b.Len() < 300; {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, "\\x%02x", s[i])
		case r == '\n' || r == '\r' || r == '\t':
			b.WriteByte(' ')
		case unicode.IsControl(r):
			fmt.Fprintf(&b, "\\x%02x", r)
		default:
			b.WriteRune(r)
		}
		i += size
	}
	if b.Len() >= 300 {
		return b.String() + "…"
	}
	return b.String()
}

// headerColumns maps the review sheet's header cells to column keys,
// accepting each header in any report language (and, for the decision, any
// header that starts with "Decision", as scripts may write it).
func headerColumns(header []string) map[string]int {
	cols := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		if h == "" {
			continue
		}
		for _, key := range report.ReviewColumns {
			if _, taken := cols[key]; taken {
				continue
			}
			for _, lang := range []report.Lang{report.English, report.Dutch, report.Swedish} {
				if h == strings.ToLower(report.T(lang, key)) {
					cols[key] = i
				}
			}
		}
		if _, ok := cols["col_decision"]; !ok && strings.HasPrefix(h, "decision") {
			cols["col_decision"] = i
		}
	}
	return cols
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if strings.EqualFold(strings.TrimSpace(x), s) {
			return i
		}
	}
	return -1
}

// parseDecision reads a decision word in any report language (English is
// always accepted): it returns keep, remove or delete, or "" when unknown.
func parseDecision(s string) string {
	s = strings.ToLower(strings.Join(strings.Fields(s), " "))
	for _, key := range report.Decisions {
		for _, lang := range []report.Lang{report.English, report.Dutch, report.Swedish} {
			if s == strings.ToLower(report.T(lang, key)) {
				return report.T(report.English, key)
			}
		}
	}
	return ""
}

// parseExpiry reads the new expiry date cell: an Excel date serial number or
// a date written as text (YYYY-MM-DD or DD-MM-YYYY).
func parseExpiry(s string) (syncaudit.Date, error) {
	if s == "" {
		return "", nil
	}
	if n, err := strconv.ParseFloat(s, 64); err == nil {
		if n < 1 || n > 2958465 {
			return "", fmt.Errorf("%q is not a date", s)
		}
		t, err := excelize.ExcelDateToTime(n, false)
		if err != nil {
			return "", fmt.Errorf("%q is not a date: %w", s, err)
		}
		return syncaudit.DateOf(t), nil
	}
	return syncaudit.ParseDate(s)
}
