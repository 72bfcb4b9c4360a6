package main

import (
	"context"
	"time"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/ingest"
)

// readSnapshotAt reads a snapshot folder and settles its run date: the
// --run-date flag (runDate, may be empty), else the tenant's run_date, else
// today. This is the one place the command line reads the clock. progress,
// when set, is told the records read (ingest.Options.Progress).
func readSnapshotAt(ctx context.Context, dir, runDate string, progress func(read, total int)) (*syncaudit.Snapshot, error) {
	opts := ingest.Options{Limits: ingest.DefaultLimits, Today: syncaudit.DateOf(time.Now()), Progress: progress}
	if runDate != "" {
		d, err := syncaudit.ParseDate(runDate)
		if err != nil {
			return nil, &syncaudit.UsageError{Msg: "--run-date: " + err.Error()}
		}
		opts.RunDate = d
	}
	return ingest.Read(ctx, dir, opts)
}
