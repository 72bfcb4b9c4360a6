package review

import (
	"context"
	"fmt"
	"io"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/report"
)

// Export writes the review workbook of snap's exception list to w, in lang,
// with the facts and findings of rep (the check of snap on runDate).
func Export(ctx context.Context, w io.Writer, snap *syncaudit.Snapshot, rep *syncaudit.Report, lang report.Lang, runDate syncaudit.Date) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	book := &report.ReviewBook{
		Tenant:     snap.Tenant.ID,
		TenantName: snap.Tenant.Name,
		RunDate:    runDate,
		Lang:       lang,
		Rows:       Rows(snap, rep, runDate),
	}
	if err := report.WriteReviewXLSX(w, book); err != nil {
		return fmt.Errorf("review export: %w", err)
	}
	return nil
}

// Import reads a filled-in review workbook from r (name is the file as the
// user knows it) and turns its decisions into a plan for snap, as Plan does,
// with the rule book's decisions from decide.
func Import(ctx context.Context, r io.Reader, name string, snap *syncaudit.Snapshot, rep *syncaudit.Report, runDate syncaudit.Date, decide Decider) (*syncaudit.Report, *Outcome, error) {
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	wb, err := Read(r, name)
	if err != nil {
		return nil, nil, err
	}
	return Plan(snap, rep, wb, runDate, decide)
}
