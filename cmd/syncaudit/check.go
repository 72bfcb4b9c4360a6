package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/urfave/cli/v2"
	"golang.org/x/sync/errgroup"
	"golang.org/x/term"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/ingest"
	"github.com/syncaudit/syncaudit/internal/atomicfile"
	"github.com/syncaudit/syncaudit/internal/gctune"
	"github.com/syncaudit/syncaudit/policies"
	"github.com/syncaudit/syncaudit/report"
	"github.com/syncaudit/syncaudit/words"
)

func checkCommand() *cli.Command {
	return &cli.Command{
		Name:      "check",
		Usage:     "evaluate a snapshot against the rule book and write the reports",
		ArgsUsage: "[SNAPSHOT]",
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "snapshot", Usage: "the snapshot folder (tenant.yaml, sources/, target/)"},
			&cli.StringFlag{Name: "snapshots", Usage: "instead of --snapshot: a folder of snapshot folders, one per tenant; reports go to OUT/<folder>/ with OUT/index.json"},
			&cli.StringFlag{Name: "out", Usage: "the folder to write report.json and the other reports to", Required: true},
			&cli.StringFlag{Name: "run-date", Usage: "the date the policies treat as today (YYYY-MM-DD); default: the tenant's run_date, else today"},
			&cli.StringSliceFlag{Name: "policies", Usage: "a folder of extra Rego policies (repeatable)"},
			&cli.StringFlag{Name: "fail-on", Usage: "exit 1 when a finding is at or above: deny, warn, info or never", Value: "deny"},
			&cli.StringFlag{Name: "format", Usage: "what to print: " + strings.Join(report.Formats, ", ") + " (with --snapshots: table and json print the index, the others every tenant's findings)", Value: "table"},
			&cli.StringFlag{Name: "lang", Usage: "report language: en, nl or sv (default: the tenant's language)"},
			&cli.BoolFlag{Name: "no-xlsx", Usage: "do not write the workbook report.xlsx"},
			noPDFFlag(), previousFlag(), csvDelimiterFlag(), generatedAtFlag(),
			&cli.IntFlag{Name: "workers", Usage: "cases evaluated at once (default: the number of CPUs)"},
			timeoutFlag(), sharedOutputFlag(), pseudonymizeFlag(), pseudonymKeyFlag(),
			&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "no progress line on stderr (it is only shown when stderr is a terminal)"},
		}, shardFlags()...),
		Action: func(c *cli.Context) error {
			if err := snapshotArgument(c); err != nil {
				return err
			}
			threshold, err := failOn(c.String("fail-on"))
			if err != nil {
				return err
			}
			if _, err := generatedAt(c); err != nil { // a bad SOURCE_DATE_EPOCH
				return err
			}
			stdout := c.App.Writer
			printer, err := report.NewWriter(c.String("format"), report.WriterOptions{Color: colour(stdout)})
			if err != nil {
				return &syncaudit.UsageError{Msg: "--format: " + err.Error()}
			}
			if c.String("snapshots") != "" {
				if err := fleetFormat(c.String("format")); err != nil {
					return err
				}
			}
			lang, err := langFlag(c.String("lang"))
			if err != nil {
				return err
			}
			if c.Int("workers") < 0 {
				return &syncaudit.UsageError{Msg: "--workers: use a positive number, or 0 for one per CPU"}
			}
			pseudo, err := pseudonymiserFor(c.Bool("pseudonymize"), c.String("pseudonym-key-file"))
			if err != nil {
				return err
			}
			if err := checkPaths(c); err != nil {
				return err
			}
			gctune.ForLargeRun()
			prog := newProgress(c.App.ErrWriter, c.Bool("quiet"))
			defer prog.Done()
			if root := c.String("snapshots"); root != "" {
				run, err := tenantRunOf(c, root, threshold, lang, pseudo)
				if err != nil {
					return err
				}
				return checkTenants(c.Context, run, stdout, prog)
			}
			if c.String("snapshot") == "" {
				return &syncaudit.UsageError{Msg: "check: --snapshot DIR is required (or --snapshots ROOT for many tenants)"}
			}
			if _, err := shardOf(c); err != nil {
				return err
			}
			readingLang := report.ParseLang(or(lang, ingest.TenantLanguage(c.String("snapshot"))))
			prog.SetLang(readingLang)
			prog.Phase(fmt.Sprintf(report.T(readingLang, "prog_reading_snapshot"), c.String("snapshot")))
			snap, err := readSnapshot(c, prog.Records)
			if err != nil {
				return withholdValues(err, pseudo != nil)
			}
			if lang == "" {
				prog.SetLang(report.ParseLang(snap.Tenant.Language))
			}
			prev, err := readPrevious(c, snap)
			if err != nil {
				return err
			}
			prog.Phase(prog.word("prog_loading"))
			engine, err := policies.Load(c.Context, policies.Options{
				Dirs: c.StringSlice("policies"),
				Tool: tool(),
			})
			if err != nil {
				return err
			}
			rep, err := withTimeout(c.Context, c.Duration("timeout"), func(ctx context.Context) (*syncaudit.Report, error) {
				return engine.Check(ctx, snap, policies.CheckOptions{
					RunDate: snap.Tenant.RunDate, Workers: c.Int("workers"), Language: lang,
					Progress: prog.Cases,
				})
			})
			if err != nil {
				return err
			}
			pseudonymise(pseudo, snap, rep, prev)
			if prev != nil && prev.Run.Language != rep.Run.Language {
				// The previous run's findings in this report's words.
				engine.Localize(prev, words.ParseLang(rep.Run.Language))
			}
			withPrevious(rep, prev)
			prog.Phase(prog.word("prog_writing"))
			if err := writeReports(c.Context, c.String("out"), rep, snap, outputsOf(c)); err != nil {
				return err
			}
			prog.Done()
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

// snapshotArgument takes check's plain argument as --snapshot: "check DIR"
// is "check --snapshot DIR".
func snapshotArgument(c *cli.Context) error {
	if c.NArg() == 0 {
		return nil
	}
	dir := c.Args().First()
	if given := c.String("snapshot"); given != "" {
		return &syncaudit.UsageError{Msg: fmt.Sprintf("check: the snapshot is given twice (%s and --snapshot %s): give it once", dir, given)}
	}
	return c.Set("snapshot", dir)
}

// checkPaths checks check's paths before anything is read: the snapshot
// (or the folder of snapshots), the previous report, the policy folders, and
// an --out that is a folder outside the snapshot.
func checkPaths(c *cli.Context) error {
	if s := c.String("run-date"); s != "" { // a flag's value is checked before any path
		if _, err := syncaudit.ParseDate(s); err != nil {
			return &syncaudit.UsageError{Msg: "--run-date: " + err.Error()}
		}
	}
	if root := c.String("snapshots"); root != "" {
		if err := expectDir("--snapshots", root, "a folder of snapshot folders"); err != nil {
			return err
		}
		if ingest.HasTenantFile(root) && c.String("snapshot") == "" {
			return &syncaudit.InputError{File: root, Problem: "--snapshots expects a folder of snapshot folders, but this is one snapshot (it holds tenant.yaml)",
				Fix: "check it with --snapshot " + root + ", or give --snapshots the folder above it"}
		}
		if err := outsideSnapshot("--out", c.String("out"), "--snapshots", root); err != nil {
			return err
		}
	} else if snap := c.String("snapshot"); snap != "" {
		if err := expectSnapshot("--snapshot", snap); err != nil {
			return err
		}
		if err := outsideSnapshot("--out", c.String("out"), "--snapshot", snap); err != nil {
			return err
		}
	}
	if err := expectOutDir("--out", c.String("out"), "the reports", "give --out a new folder, or one that holds earlier reports"); err != nil {
		return err
	}
	if prev := c.String("previous"); prev != "" {
		if err := expectFile("--previous", prev, "a previous run's report.json"); err != nil {
			return err
		}
	}
	return expectPolicyDirs(c.StringSlice("policies"))
}

// expectPolicyDirs checks each --policies folder.
func expectPolicyDirs(dirs []string) error {
	for _, d := range dirs {
		if err := expectDir("--policies", d, "a folder of Rego policies (.rego files)"); err != nil {
			return err
		}
	}
	return nil
}

// outputs says which reports check writes, and how.
type outputs struct {
	xlsx  bool        // report.xlsx (not with --no-xlsx)
	pdf   bool        // report.pdf (not with --no-pdf)
	mode  os.FileMode // 0600, or 0644 with --shared-output
	comma rune        // actions.csv's delimiter (--csv-delimiter); 0: the report language's
	// generatedAt is the time every report says it was made (--generated-at,
	// SOURCE_DATE_EPOCH or the clock).
	generatedAt string
}

// outputsOf reads check's output flags.
func outputsOf(c *cli.Context) outputs {
	comma, _ := report.ParseCSVDelimiter(c.String("csv-delimiter")) // checked by the flag
	at, _ := generatedAt(c)                                         // checked by the flag and by check's action
	return outputs{xlsx: !c.Bool("no-xlsx"), pdf: !c.Bool("no-pdf"), mode: outputMode(c.Bool("shared-output")), comma: comma, generatedAt: at}
}

// csvDelimiterFlag is --csv-delimiter: the cell separator of actions.csv.
func csvDelimiterFlag() cli.Flag {
	return &cli.StringFlag{
		Name:  "csv-delimiter",
		Usage: `actions.csv's cell separator: ",", ";" or tab (default: ";" for nl and sv, "," for en, as Excel expects in that language)`,
		Action: func(_ *cli.Context, s string) error {
			if _, err := report.ParseCSVDelimiter(s); err != nil {
				return &syncaudit.UsageError{Msg: "--csv-delimiter: " + err.Error()}
			}
			return nil
		},
	}
}

// writeReports writes what check writes for one tenant into dir: report.json,
// actions.csv and the reports a person reads, all or none (a failed run
// leaves the previous reports in dir untouched).
func writeReports(ctx context.Context, dir string, rep *syncaudit.Report, snap *syncaudit.Snapshot, o outputs) error {
	if o.generatedAt != "" {
		rep.Run.GeneratedAt = o.generatedAt
	}
	out, err := atomicfile.NewSetContext(ctx, dir, o.mode) // waits for another run writing into dir
	if err != nil {
		return err
	}
	defer out.Discard()
	// The files are independent: on a big tenant the workbook takes longest,
	// so they are written side by side and the others finish under it.
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		if err := out.Write("report.json", func(w io.Writer) error { return report.WriteJSON(w, rep) }); err != nil {
			return err
		}
		return out.Write("actions.csv", func(w io.Writer) error {
			return report.CSV{Delimiter: o.comma, Snapshot: snap}.Write(w, rep)
		})
	})
	if o.xlsx {
		g.Go(func() error {
			return out.Write("report.xlsx", func(w io.Writer) error { return report.XLSX{}.Write(gctx, w, rep, snap) })
		})
	}
	if o.pdf {
		g.Go(func() error { return out.Write("report.pdf", pdfOutput(rep, snap)) })
	}
	if err := g.Wait(); err != nil {
		return err
	}
	return out.Commit()
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
	return 0, &syncaudit.UsageError{Msg: fmt.Sprintf("--fail-on: unknown value %q: use deny, warn, info or never", s)}
}

// langFlag checks --lang: en, nl, sv or empty (the tenant's language).
func langFlag(s string) (string, error) {
	switch l := strings.ToLower(strings.TrimSpace(s)); l {
	case "", "en", "nl", "sv":
		return l, nil
	}
	return "", &syncaudit.UsageError{Msg: fmt.Sprintf("--lang: unknown language %q: use en, nl or sv", s)}
}

// colour reports whether w is a terminal that wants colour (NO_COLOR unset).
func colour(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || os.Getenv("NO_COLOR") != "" {
		return false
	}
	return term.IsTerminal(int(f.Fd()))
}

// readSnapshot reads --snapshot at the run date of --run-date, telling
// progress the records read.
func readSnapshot(c *cli.Context, progress func(read, total int)) (*syncaudit.Snapshot, error) {
	return readSnapshotAt(c.Context, c.String("snapshot"), c.String("run-date"), progress)
}
