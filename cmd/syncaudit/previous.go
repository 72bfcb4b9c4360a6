package main

import (
	"io"

	"github.com/urfave/cli/v2"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/report"
)

// The pieces of check for the auditor's PDF and for --previous (see
// docs/pdf.md): the previous report is read right after the snapshot (a bad
// file stops the run before anything is checked) and compared after
// pseudonymisation, so the changes carry no names either.

// previousFlag is check's --previous: a previous run's report.json to compare with.
func previousFlag() cli.Flag {
	return &cli.StringFlag{Name: "previous", Usage: "a previous run's report.json: add to the reports what is new, resolved and unchanged since then"}
}

// noPDFFlag is check's --no-pdf, beside --no-xlsx.
func noPDFFlag() cli.Flag {
	return &cli.BoolFlag{Name: "no-pdf", Usage: "do not write the auditor's PDF report.pdf"}
}

// readPrevious reads --previous, when given (nil otherwise): a report of the
// snapshot's tenant. A file that cannot be read, is no report, or is of
// another tenant is an error (exit 2) before anything is checked or written.
func readPrevious(c *cli.Context, snap *syncaudit.Snapshot) (*syncaudit.Report, error) {
	path := c.String("previous")
	if path == "" {
		return nil, nil
	}
	return report.ReadPrevious(path, snap.Tenant.ID)
}

// withPrevious sets rep.Changes from the previous report, when there is one.
func withPrevious(rep, prev *syncaudit.Report) {
	if prev != nil {
		rep.Changes = syncaudit.Diff(prev, rep)
	}
}

// pdfOutput writes the auditor's PDF of rep, in the report's language, with
// school names and the exception list's size from snap.
func pdfOutput(rep *syncaudit.Report, snap *syncaudit.Snapshot) func(io.Writer) error {
	return func(w io.Writer) error {
		return report.WritePDF(w, rep, report.PDFOptions{Lang: report.ParseLang(rep.Run.Language), Snapshot: snap})
	}
}
