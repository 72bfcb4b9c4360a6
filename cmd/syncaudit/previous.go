package main

import (
	"io"

	"github.com/urfave/cli/v2"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/report"
)

// The pieces check needs for the auditor's PDF and for --previous; check.go
// wires them (see docs/pdf.md):
//
//	Flags:  previousFlag(),
//	after engine.Check:      if err := attachPrevious(c, rep); err != nil { return err }
//	with the other outputs:  out.Write("report.pdf", pdfOutput(rep, snap))

// previousFlag is check's --previous: a previous run's report.json to compare with.
func previousFlag() cli.Flag {
	return &cli.StringFlag{Name: "previous", Usage: "a previous run's report.json: add to the reports what is new, resolved and unchanged since then"}
}

// attachPrevious reads --previous, when given, and sets rep.Changes. A
// previous report that cannot be read, or is of another tenant, is an input
// error (exit 2); call it before anything is written.
func attachPrevious(c *cli.Context, rep *syncaudit.Report) error {
	path := c.String("previous")
	if path == "" {
		return nil
	}
	changes, err := report.Compare(path, rep)
	if err != nil {
		return err
	}
	rep.Changes = changes
	return nil
}

// pdfOutput writes the auditor's PDF of rep, in the report's language, with
// school names and the exception list's size from snap.
func pdfOutput(rep *syncaudit.Report, snap *syncaudit.Snapshot) func(io.Writer) error {
	return func(w io.Writer) error {
		return report.WritePDF(w, rep, report.PDFOptions{Lang: report.ParseLang(rep.Run.Language), Snapshot: snap})
	}
}
