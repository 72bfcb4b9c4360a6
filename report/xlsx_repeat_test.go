package report_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/fleet"
	"github.com/syncaudit/syncaudit/report"
)

// TestIndexXLSXByteIdentical writes the same index workbook several times:
// every copy is the same, byte for byte (the severity colours' styles were
// once made in map order, so their ids, and the file, changed run to run).
func TestIndexXLSXByteIdentical(t *testing.T) {
	rep := &syncaudit.Report{Run: syncaudit.Run{Tenant: "de-linde", Structure: syncaudit.Board, RunDate: "2026-11-23"},
		Findings: []syncaudit.Finding{{Rule: "D9", Severity: syncaudit.Deny}, {Rule: "E5", Severity: syncaudit.Warn}, {Rule: "E6", Severity: syncaudit.Info}}}
	rep.Summarise(150)
	idx := fleet.NewIndex([]fleet.Entry{fleet.Summarise("de-linde", rep)})
	var first []byte
	for i := range 8 {
		var buf bytes.Buffer
		if err := report.WriteIndexXLSX(context.Background(), &buf, idx, report.English); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = buf.Bytes()
		} else if !bytes.Equal(buf.Bytes(), first) {
			t.Fatalf("copy %d differs from the first", i+1)
		}
	}
}

// TestXLSXByteIdentical writes the coordinator's workbook of a sample, with
// its streamed sheets and chart, and the review workbook several times:
// every copy is the same, byte for byte (excelize wrote the streamed sheets
// in map order, and the chart's content types too).
func TestXLSXByteIdentical(t *testing.T) {
	rep, snap := sample(t, "de-linde")
	write := map[string]func(*bytes.Buffer) error{
		"report.xlsx": func(buf *bytes.Buffer) error {
			return report.XLSX{}.Write(context.Background(), buf, rep, snap)
		},
		"spilled report.xlsx": func(buf *bytes.Buffer) error {
			return report.XLSX{MaxRows: 7}.Write(context.Background(), buf, rep, snap)
		},
		"review.xlsx": func(buf *bytes.Buffer) error {
			return report.WriteReviewXLSX(buf, &report.ReviewBook{Tenant: "de-linde", RunDate: "2026-11-23", Lang: report.Dutch,
				Rows: []report.ReviewRow{{Key: "A1#1", AccountID: "A1", StatusKey: "status_active", RecommendationKey: "rec_keep", DaysOnList: 3, DaysSinceReview: 1}}})
		},
	}
	for name, w := range write {
		t.Run(name, func(t *testing.T) {
			var first []byte
			for i := range 6 {
				var buf bytes.Buffer
				if err := w(&buf); err != nil {
					t.Fatal(err)
				}
				if i == 0 {
					first = buf.Bytes()
				} else if !bytes.Equal(buf.Bytes(), first) {
					t.Fatalf("copy %d differs from the first", i+1)
				}
			}
		})
	}
}
