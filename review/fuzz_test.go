package review_test

import (
	"archive/zip"
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/syncaudit/syncaudit/internal/fixture"
	"github.com/syncaudit/syncaudit/report"
	"github.com/syncaudit/syncaudit/review"
)

// readable fails the test unless msg is something a person can read: not
// empty, valid UTF-8, naming the workbook, short, and free of Go's
// formatting and panic leftovers.
func readable(t *testing.T, what, msg string) {
	t.Helper()
	switch {
	case strings.TrimSpace(msg) == "":
		t.Fatalf("%s: empty message", what)
	case !utf8.ValidString(msg):
		t.Fatalf("%s: message is not valid UTF-8: %q", what, msg)
	case len(msg) > 4000:
		t.Fatalf("%s: message of %d bytes", what, len(msg))
	}
	for _, junk := range []string{"%!", "runtime error", "goroutine ", "<nil>"} {
		if strings.Contains(msg, junk) {
			t.Fatalf("%s: message holds %q: %s", what, junk, msg)
		}
	}
}

// readAndImport reads data as a review workbook and, when that works,
// imports it against the fixture; neither may panic, and every error and
// problem must be readable.
func readAndImport(t *testing.T, data []byte) {
	t.Helper()
	_, err := review.Read(bytes.NewReader(data), "review.xlsx")
	if err != nil {
		readable(t, "Read", err.Error())
		if !strings.HasPrefix(err.Error(), "review.xlsx") {
			t.Fatalf("Read: the message does not name the workbook: %s", err)
		}
		return
	}
	_, out, err := review.Import(context.Background(), bytes.NewReader(data), "review.xlsx", fixture.Snapshot(), fixture.Report(), fixture.RunDate, ruleBookFor(t, fixture.Snapshot()))
	if err != nil {
		readable(t, "Import", err.Error())
		return
	}
	for _, p := range out.Problems {
		readable(t, "problem", p.String())
	}
}

// filled returns the fixture's exported workbook with cells changed:
// sheet!cell -> value.
func filled(tb testing.TB, lang report.Lang, cells map[[2]string]string) []byte {
	tb.Helper()
	f, _ := export(tb, lang)
	for at, v := range cells {
		if err := f.SetCellValue(at[0], at[1], v); err != nil {
			tb.Fatalf("set %v: %v", at, err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// reviewSheet returns the name of the review sheet of an exported workbook.
func reviewSheet(tb testing.TB, lang report.Lang) string {
	tb.Helper()
	f, _ := export(tb, lang)
	for _, s := range f.GetSheetList() {
		if rows, _ := f.GetRows(s); len(rows) > 0 && len(rows[0]) > 0 && rows[0][0] != "" && s != report.ReviewMetaSheet {
			if hdr := rows[0]; strings.EqualFold(hdr[0], report.T(lang, "col_account_id")) {
				return s
			}
		}
	}
	tb.Fatal("no review sheet in the exported workbook")
	return ""
}

// FuzzRead feeds review.Read (and Import) any bytes, seeded with real
// exported workbooks, filled-in ones, broken ones and non-workbooks.
func FuzzRead(f *testing.F) {
	_, en := export(f, report.English)
	_, nl := export(f, report.Dutch)
	f.Add(en)
	f.Add(nl)
	sheet := reviewSheet(f, report.English)
	dec, reason, expiry := column(f, "col_decision"), column(f, "col_new_reason"), column(f, "col_new_expiry")
	f.Add(filled(f, report.English, map[[2]string]string{
		{sheet, cell(dec, 2)}: "keep", {sheet, cell(reason, 2)}: "still needed", {sheet, cell(expiry, 2)}: "2027-02-30",
		{sheet, cell(dec, 3)}: "=cmd|' /C calc'!A0", {sheet, cell(1, 3)}: "A999",
	}))
	f.Add(filled(f, report.English, map[[2]string]string{{report.ReviewMetaSheet, "B1"}: "other/v9"}))
	f.Add(en[:len(en)/2])
	f.Add([]byte{})
	f.Add([]byte("PK\x03\x04 not really a zip"))
	f.Add([]byte("account_id,decision\nA1,keep\n"))
	// A zip that is not a workbook.
	var z bytes.Buffer
	zw := zip.NewWriter(&z)
	w, _ := zw.Create("[Content_Types].xml")
	w.Write([]byte(`<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`))
	zw.Close()
	f.Add(z.Bytes())

	f.Fuzz(func(t *testing.T, data []byte) {
		readAndImport(t, data)
	})
}

// FuzzReviewCells writes any text into the cells a reviewer fills in (and
// into the hidden sheet's values) of a real exported workbook, then reads
// and imports it: the byte fuzzer rarely gets past the zip's checksums, this
// one reaches the row logic.
func FuzzReviewCells(f *testing.F) {
	f.Add("A1", "keep", "still needed", "2027-01-31", "r.postma", "2026-11-23")
	f.Add("A1", "verwijderen", "", "45000", "", "2026-11-23")
	f.Add("", "delete", "=1+1", "-1", "@SUM(A1)", "")
	f.Add("A1#2", "Keep ", "\t+x", "31-12-2027", "\r", "not a date")
	f.Add("A9", "behouden", strings.Repeat("x", 300), "2958466", "ü", "2026-02-30")
	sheet := reviewSheet(f, report.English)
	_, template := export(f, report.English)
	cols := map[string]int{}
	for _, k := range []string{"col_account_id", "col_decision", "col_new_reason", "col_new_expiry", "col_reviewer"} {
		cols[k] = column(f, k)
	}
	f.Fuzz(func(t *testing.T, account, decision, reason, expiry, reviewer, runDate string) {
		wb, err := excelize.OpenReader(bytes.NewReader(template))
		if err != nil {
			t.Fatal(err)
		}
		defer wb.Close()
		set := func(sheet, at, v string) {
			if err := wb.SetCellStr(sheet, at, v); err != nil {
				t.Skip("excelize refuses the value:", err) // too long, or not XML text
			}
		}
		set(sheet, cell(cols["col_account_id"], 2), account)
		set(sheet, cell(cols["col_decision"], 2), decision)
		set(sheet, cell(cols["col_new_reason"], 2), reason)
		set(sheet, cell(cols["col_new_expiry"], 2), expiry)
		set(sheet, cell(cols["col_reviewer"], 2), reviewer)
		set(sheet, cell(cols["col_decision"], 3), decision)
		rows, _ := wb.GetRows(report.ReviewMetaSheet)
		for i, r := range rows {
			if len(r) > 0 && r[0] == report.MetaRunDate {
				set(report.ReviewMetaSheet, cell(2, i+1), runDate)
			}
		}
		var buf bytes.Buffer
		if err := wb.Write(&buf); err != nil {
			t.Skip("excelize cannot write the workbook:", err)
		}
		readAndImport(t, buf.Bytes())
	})
}

// TestReadRefusesHugeParts: a workbook whose zip claims a part of 1.5 GB
// (found by FuzzRead: excelize reserved the memory, taking seconds or
// running out) is refused at once, with a message a person can read.
func TestReadRefusesHugeParts(t *testing.T) {
	_, data := export(t, report.English)
	data = append([]byte(nil), data...)
	// Patch the uncompressed size of the first central directory entry.
	cd := bytes.Index(data, []byte("PK\x01\x02"))
	if cd < 0 {
		t.Fatal("no central directory")
	}
	copy(data[cd+24:cd+28], []byte{0x8e, 0x9f, 0xff, 0x5c}) // 1,560,256,398 bytes
	start := time.Now()
	_, err := review.Read(bytes.NewReader(data), "review.xlsx")
	if err == nil || !strings.Contains(err.Error(), "MiB unzipped, more than a review workbook holds") {
		t.Fatalf("err = %v, want the part size refused", err)
	}
	readable(t, "Read", err.Error())
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("refusing took %s", took)
	}
}

// FuzzReviewParts replaces the review sheet, the hidden sheet and the shared
// strings of a real exported workbook with any XML and zips it again, so
// excelize's XML reading and the row logic meet damaged and hostile parts
// (a dimension of a million rows, a cell reference out of range, broken
// shared-string indexes) that byte mutations of the zip never reach.
func FuzzReviewParts(f *testing.F) {
	_, template := export(f, report.English)
	parts := map[string][]byte{}
	zr, err := zip.NewReader(bytes.NewReader(template), int64(len(template)))
	if err != nil {
		f.Fatal(err)
	}
	for _, p := range zr.File {
		rc, err := p.Open()
		if err != nil {
			f.Fatal(err)
		}
		var b bytes.Buffer
		b.ReadFrom(rc)
		rc.Close()
		parts[p.Name] = b.Bytes()
	}
	const review, meta, shared = "xl/worksheets/sheet2.xml", "xl/worksheets/sheet3.xml", "xl/sharedStrings.xml"
	for _, name := range []string{review, meta, shared} {
		if parts[name] == nil {
			f.Fatalf("the exported workbook has no part %s", name)
		}
	}
	f.Add(parts[review], parts[meta], parts[shared])
	f.Add(bytes.Replace(parts[review], []byte(`<dimension ref="A1"`), []byte(`<dimension ref="A1:XFD1048576"`), 1), parts[meta], parts[shared])
	f.Add(bytes.Replace(parts[review], []byte(`r="A2"`), []byte(`r="A1048576"`), 1), parts[meta], parts[shared])
	f.Add(bytes.ReplaceAll(parts[review], []byte(`<v>`), []byte(`<v>99999`)), parts[meta], []byte(`<sst/>`))
	f.Add([]byte(`<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>account_id</t></is></c></row></sheetData></worksheet>`), parts[meta], parts[shared])

	f.Fuzz(func(t *testing.T, reviewXML, metaXML, sharedXML []byte) {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for _, p := range zr.File {
			data := parts[p.Name]
			switch p.Name {
			case review:
				data = reviewXML
			case meta:
				data = metaXML
			case shared:
				data = sharedXML
			}
			w, err := zw.Create(p.Name)
			if err != nil {
				t.Fatal(err)
			}
			w.Write(data)
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		readAndImport(t, buf.Bytes())
		if took := time.Since(start); took > 5*time.Second {
			t.Fatalf("reading took %s", took)
		}
	})
}
