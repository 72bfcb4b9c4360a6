package review

import (
	"archive/zip"
	"bytes"
	"io"
	"path/filepath"
	"strings"

	"github.com/syncaudit/syncaudit"
)

// saveAsXLSX is the fix for a review workbook saved in another format.
const saveAsXLSX = "the review round trip needs the Excel workbook (.xlsx) that review export wrote: " +
	"in LibreOffice choose File > Save As, file type \"Excel 2007-365 (.xlsx)\" and Keep Current Format; " +
	"in Excel, Save As \"Excel Workbook (*.xlsx)\"; then import that file"

// CheckWorkbookName refuses a review workbook's file name that is not .xlsx:
// a .csv cannot hold the drop-down, the hidden key column and the sheet that
// says what the workbook was made from; .ods and .xls are other formats. The
// error names the file and says how to save it as .xlsx.
func CheckWorkbookName(name string) error {
	ext := strings.ToLower(filepath.Ext(name))
	if ext == ".xlsx" {
		return nil
	}
	problem := "a review workbook is an Excel workbook ending in .xlsx, not " + ext
	switch ext {
	case "":
		problem = "a review workbook is an Excel workbook ending in .xlsx; the name has no extension"
	case ".csv", ".tsv", ".txt":
		problem = "a " + ext + " file cannot hold the review workbook (its decision drop-down, hidden key column and the sheet that says what it was made from); it is an .xlsx workbook"
	case ".ods":
		problem = "this is an OpenDocument spreadsheet (.ods); the review workbook is an Excel workbook (.xlsx)"
	case ".xls":
		problem = "this is an old Excel 97-2003 workbook (.xls); the review workbook is an Excel workbook (.xlsx)"
	}
	return &syncaudit.InputError{File: name, Problem: problem, Fix: saveAsXLSX}
}

// sniffFormat names the format of a file that is not an .xlsx workbook,
// from its bytes: "an OpenDocument spreadsheet (.ods)", "an old Excel 97-2003
// workbook (.xls)", "a text file (CSV)", or "" when it may be an .xlsx.
func sniffFormat(raw []byte) string {
	switch {
	case bytes.HasPrefix(raw, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		return "an old Excel 97-2003 workbook (.xls)"
	case !bytes.HasPrefix(raw, []byte("PK")):
		if len(raw) > 0 && !bytes.ContainsRune(raw[:min(len(raw), 4096)], 0) {
			return "a text file (CSV)"
		}
		return ""
	}
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		return ""
	}
	for _, f := range zr.File {
		if f.Name != "mimetype" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return ""
		}
		mt, _ := io.ReadAll(io.LimitReader(rc, 200))
		_ = rc.Close()
		if strings.Contains(string(mt), "opendocument.spreadsheet") {
			return "an OpenDocument spreadsheet (.ods)"
		}
	}
	return ""
}
