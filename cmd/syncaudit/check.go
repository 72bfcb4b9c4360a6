package main

import (
	"io"
	"os"
	"strings"

	"github.com/urfave/cli/v2"
	"golang.org/x/term"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/internal/atomicfile"
	"github.com/syncaudit/syncaudit/policies"
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
			&cli.BoolFlag{Name: "no-xlsx", Usage: "do not write the workbook report.xlsx"},
			&cli.IntFlag{Name: "workers", Usage: "cases evaluated at once (default: the number of CPUs)"},
		},
		Action: func(c *cli.Context) error {
			threshold, err := failOn(c.String("fail-on"))
			if err != nil {
				return err
			}
			stdout := c.App.Writer
			printer, err := report.NewWriter(c.String("format"), report.WriterOptions{Color: colour(stdout)})
			if err != nil {
				return &syncaudit.UsageError{Msg: "--format: " + err.Error()}
			}
			lang, err := langFlag(c.String("lang"))
			if err != nil {
				return err
			}
			if c.Int("workers") < 0 {
				return &syncaudit.UsageError{Msg: "--workers: use a positive number, or 0 for one per CPU"}
			}
			snap, err := readSnapshot(c)
			if err != nil {
				return err
			}
			engine, err := policies.Load(c.Context, policies.Options{
				Dirs: c.StringSlice("policies"),
				Tool: syncaudit.Tool{Name: "syncaudit", Version: version},
			})
			if err != nil {
				return err
			}
			rep, err := engine.Check(c.Context, snap, policies.CheckOptions{
				RunDate: snap.Tenant.RunDate, Workers: c.Int("workers"), Language: lang,
			})
			if err != nil {
				return err
			}
			out, err := atomicfile.NewSet(c.String("out"), atomicfile.Mode)
			if err != nil {
				return err
			}
			defer out.Discard()
			if err := out.Write("report.json", func(w io.Writer) error { return report.WriteJSON(w, rep) }); err != nil {
				return err
			}
			if err := out.Write("actions.csv", func(w io.Writer) error { return report.CSV{}.Write(w, rep) }); err != nil {
				return err
			}
			if !c.Bool("no-xlsx") {
				if err := out.Write("report.xlsx", func(w io.Writer) error { return report.XLSX{}.Write(c.Context, w, rep, snap) }); err != nil {
					return err
				}
			}
			if err := out.Commit(); err != nil {
				return err
			}
			if err := printer.Write(stdout, rep); err != nil {
				return err
			}
			if worst := rep.WorstSeverity(); threshold > 0 && worst.Rank() >= threshold {
				return &findingsError{worst: worst}
			}
			return nil
		},
	}
}

// failOn reads --fail-on as the lowest severity rank that fails the run;
// never gives 0 (nothing fails).
func failOn(s string) (int, error) {
	switch s {
	case "deny":
		return syncaudit.Deny.Rank(), nil
	case "warn":
		return syncaudit.Warn.Rank(), nil
	case "info":
		return syncaudit.Info.Rank(), nil
	case "never":
		return 0, nil
	}
	return 0, &syncaudit.UsageError{Msg: "--fail-on: unknown value " + quote(s) + ": use deny, warn or never"}
}

// langFlag checks --lang: en, nl, sv or empty (the tenant's language).
func langFlag(s string) (string, error) {
	switch l := strings.ToLower(strings.TrimSpace(s)); l {
	case "", "en", "nl", "sv":
		return l, nil
	}
	return "", &syncaudit.UsageError{Msg: "--lang: unknown language " + quote(s) + ": use en, nl or sv"}
}

func quote(s string) string { return "\"" + s + "\"" }

// colour reports whether w is a terminal that wants colour (NO_COLOR unset).
func colour(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || os.Getenv("NO_COLOR") != "" {
		return false
	}
	return term.IsTerminal(int(f.Fd()))
}

// readSnapshot reads --snapshot at the run date of --run-date.
func readSnapshot(c *cli.Context) (*syncaudit.Snapshot, error) {
	return readSnapshotAt(c.Context, c.String("snapshot"), c.String("run-date"))
}
