package main

import (
	"io"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/ingest"
	"github.com/syncaudit/syncaudit/internal/atomicfile"
	"github.com/syncaudit/syncaudit/report"
)

func checkCommand() *cli.Command {
	return &cli.Command{
		Name:  "check",
		Usage: "evaluate a snapshot against the rule book and write the reports",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "snapshot", Usage: "the snapshot folder (tenant.yaml, sources/, target/)", Required: true},
			&cli.StringFlag{Name: "out", Usage: "the folder to write report.json and the other reports to", Required: true},
			&cli.StringFlag{Name: "run-date", Usage: "the date the policies treat as today (YYYY-MM-DD); default: the tenant's run_date, else today"},
			&cli.StringSliceFlag{Name: "policies", Usage: "a folder of extra Rego policies (repeatable)"},
			&cli.StringFlag{Name: "fail-on", Usage: "exit 1 when a finding is at or above: deny, warn or never", Value: "deny"},
			&cli.StringFlag{Name: "format", Usage: "what to print: table, json, junit or github", Value: "table"},
			&cli.StringFlag{Name: "lang", Usage: "report language: en, nl or sv (default: the tenant's language)"},
		},
		Action: func(c *cli.Context) error {
			snap, err := readSnapshot(c)
			if err != nil {
				return err
			}
			rep := &syncaudit.Report{
				Schema:   syncaudit.ReportSchema,
				Tool:     syncaudit.Tool{Name: "syncaudit", Version: version},
				Run:      runOf(snap),
				Actions:  []syncaudit.Action{},
				Findings: []syncaudit.Finding{},
			}
			rep.Summarise(len(snap.Accounts))
			out, err := atomicfile.NewSet(c.String("out"), atomicfile.Mode)
			if err != nil {
				return err
			}
			defer out.Discard()
			if err := out.Write("report.json", func(w io.Writer) error { return report.WriteJSON(w, rep) }); err != nil {
				return err
			}
			return out.Commit()
		},
	}
}

// readSnapshot reads --snapshot and settles the run date: --run-date, else
// the tenant's run_date, else today.
func readSnapshot(c *cli.Context) (*syncaudit.Snapshot, error) {
	var runDate syncaudit.Date
	if s := c.String("run-date"); s != "" {
		d, err := syncaudit.ParseDate(s)
		if err != nil {
			return nil, &syncaudit.UsageError{Msg: "--run-date: " + err.Error()}
		}
		runDate = d
	}
	snap, err := ingest.ReadSnapshot(c.Context, c.String("snapshot"))
	if err != nil {
		return nil, err
	}
	switch {
	case !runDate.IsZero():
		snap.Tenant.RunDate = runDate
	case snap.Tenant.RunDate.IsZero():
		snap.Tenant.RunDate = syncaudit.DateOf(time.Now())
	}
	return snap, nil
}

// runOf describes what a report is made from.
func runOf(snap *syncaudit.Snapshot) syncaudit.Run {
	return syncaudit.Run{
		Tenant: snap.Tenant.ID, TenantName: snap.Tenant.Name, Structure: snap.Tenant.Structure,
		RunDate: snap.Tenant.RunDate, Language: snap.Tenant.Language,
		Inputs: snap.Inputs, Unoffered: snap.Unoffered,
	}
}
