package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/internal/atomicfile"
	"github.com/syncaudit/syncaudit/policies"
	"github.com/syncaudit/syncaudit/report"
	"github.com/syncaudit/syncaudit/review"
)

// reviewCommand is the exception-list review round trip (E9): export a
// workbook for the coordinator, import their decisions as a plan.
func reviewCommand() *cli.Command {
	return &cli.Command{
		Name:  "review",
		Usage: "the exception-list review round trip (E9): export a workbook, import the decisions as a plan",
		Subcommands: []*cli.Command{
			{
				Name:      "export",
				Usage:     "write the review workbook: one row per exception entry, with a decision to fill in",
				UsageText: "syncaudit review export --snapshot DIR --out review.xlsx [--lang L] [--run-date D] [--policies DIR]...",
				Flags: []cli.Flag{
					&cli.StringFlag{Name: "snapshot", Usage: "the snapshot folder (tenant.yaml, sources/, target/)"},
					&cli.StringFlag{Name: "out", Usage: "the review workbook to write (.xlsx)"},
					&cli.StringFlag{Name: "lang", Usage: "workbook language: en, nl or sv (default: the tenant's language)"},
					&cli.StringFlag{Name: "run-date", Usage: "the date the policies treat as today (YYYY-MM-DD); default: the tenant's run_date, else today"},
					&cli.StringSliceFlag{Name: "policies", Usage: "a folder of extra Rego policies (repeatable)"},
					&cli.IntFlag{Name: "workers", Usage: "cases evaluated at once (default: the number of CPUs)"},
					timeoutFlag(), sharedOutputFlag(), pseudonymizeFlag(), pseudonymKeyFlag(),
				},
				Action: reviewExport,
			},
			{
				Name:      "import",
				Usage:     "read the decisions of a filled-in review workbook back into a plan (report schema)",
				UsageText: "syncaudit review import review.xlsx --snapshot DIR --out plan.json [--run-date D] [--policies DIR]...",
				ArgsUsage: "review.xlsx",
				Flags: []cli.Flag{
					&cli.StringFlag{Name: "snapshot", Usage: "the snapshot folder the review is about"},
					&cli.StringFlag{Name: "out", Usage: "the plan to write (.json)"},
					&cli.StringFlag{Name: "run-date", Usage: "the review date: kept entries get it as reviewed_at (default: the tenant's run_date, else today)"},
					&cli.StringSliceFlag{Name: "policies", Usage: "a folder of extra Rego policies (repeatable)"},
					&cli.IntFlag{Name: "workers", Usage: "cases evaluated at once (default: the number of CPUs)"},
					timeoutFlag(), sharedOutputFlag(),
				},
				Action: reviewImport,
			},
		},
	}
}

// reviewArgs are the flags of a review verb (flags after the workbook are
// read too: parseCommandLine puts them first).
type reviewArgs struct {
	workbook, snapshot, out, lang, runDate string
	policies                               []string
	workers                                int
	timeout                                time.Duration
	shared                                 bool
}

func parseReviewArgs(c *cli.Context, verb string, wantWorkbook bool) (*reviewArgs, error) {
	a := &reviewArgs{
		snapshot: c.String("snapshot"), out: c.String("out"), lang: c.String("lang"), runDate: c.String("run-date"),
		policies: c.StringSlice("policies"), workers: c.Int("workers"),
		timeout: c.Duration("timeout"), shared: c.Bool("shared-output"),
	}
	if wantWorkbook {
		if c.NArg() == 0 {
			return nil, &syncaudit.UsageError{Msg: verb + ": give the review workbook: syncaudit review import review.xlsx --snapshot DIR --out plan.json"}
		}
		a.workbook = c.Args().First()
	}
	if a.snapshot == "" {
		return nil, &syncaudit.UsageError{Msg: verb + ": --snapshot is required: the snapshot folder"}
	}
	if a.out == "" {
		return nil, &syncaudit.UsageError{Msg: verb + ": --out is required: the file to write"}
	}
	if a.workers < 0 {
		return nil, &syncaudit.UsageError{Msg: verb + ": --workers: use a positive number, or 0 for one per CPU"}
	}
	if a.runDate != "" {
		if _, err := syncaudit.ParseDate(a.runDate); err != nil {
			return nil, &syncaudit.UsageError{Msg: "--run-date: " + err.Error()}
		}
	}
	// The paths, before the snapshot is read and checked (which takes a while).
	if err := expectSnapshot("--snapshot", a.snapshot); err != nil {
		return nil, err
	}
	if wantWorkbook {
		if err := expectFile(verb, a.workbook, "the review workbook (.xlsx) that review export wrote"); err != nil {
			return nil, err
		}
		if err := expectOutFile("--out", a.out, "a plan (.json)"); err != nil {
			return nil, err
		}
		// The paths first, then what the workbook's name says it is.
		if err := review.CheckWorkbookName(a.workbook); err != nil {
			return nil, err
		}
	} else if err := expectOutFile("--out", a.out, "a review workbook (.xlsx)"); err != nil {
		return nil, err
	} else if err := review.CheckWorkbookName(a.out); err != nil {
		var ie *syncaudit.InputError
		errors.As(err, &ie)
		return nil, &syncaudit.UsageError{Msg: "--out " + a.out + ": " + ie.Problem + ": give a name ending in .xlsx, for example review.xlsx"}
	}
	if err := expectPolicyDirs(a.policies); err != nil {
		return nil, err
	}
	return a, nil
}

// checkForReview reads the snapshot, settles the run date (--run-date, else
// the tenant's run_date, else today) and checks it with the rule book: the
// review needs the findings, and whether each account is absent (L5).
func checkForReview(ctx context.Context, a *reviewArgs, lang string) (*syncaudit.Snapshot, *syncaudit.Report, review.Decider, error) {
	snap, err := readSnapshotAt(ctx, a.snapshot, a.runDate, nil)
	if err != nil {
		return nil, nil, nil, err
	}
	engine, err := policies.Load(ctx, policies.Options{Dirs: a.policies, Tool: tool()})
	if err != nil {
		return nil, nil, nil, err
	}
	check := func(reviews map[string]policies.Review, lang string) (*syncaudit.Report, error) {
		return withTimeout(ctx, a.timeout, func(ctx context.Context) (*syncaudit.Report, error) {
			return engine.Check(ctx, snap, policies.CheckOptions{RunDate: snap.Tenant.RunDate, Workers: a.workers, Language: lang, Reviews: reviews})
		})
	}
	rep, err := check(nil, lang)
	if err != nil {
		return nil, nil, nil, err
	}
	return snap, rep, check, nil
}

func reviewExport(c *cli.Context) error {
	a, err := parseReviewArgs(c, "review export", false)
	if err != nil {
		return err
	}
	lang, err := langFlag(a.lang)
	if err != nil {
		return err
	}
	pseudo, err := pseudonymiserFor(c.Bool("pseudonymize"), c.String("pseudonym-key-file"))
	if err != nil {
		return err
	}
	snap, rep, _, err := checkForReview(c.Context, a, lang)
	if err != nil {
		return err
	}
	pseudonymise(pseudo, snap, rep)
	if lang == "" {
		lang = snap.Tenant.Language
	}
	runDate := snap.Tenant.RunDate
	rows := review.Rows(snap, rep, runDate)
	if err := atomicfile.Write(a.out, outputMode(a.shared), func(w io.Writer) error {
		return review.Export(c.Context, w, snap, rep, report.ParseLang(lang), runDate)
	}); err != nil {
		return err
	}
	invalid, stale := 0, 0
	for _, r := range rows {
		if r.Invalid {
			invalid++
		} else if r.Stale {
			stale++
		}
	}
	fmt.Fprintf(c.App.Writer, report.T(report.ParseLang(lang), "sum_review_export")+"\n",
		a.out, len(rows), invalid, stale, a.out, a.snapshot)
	return nil
}

func reviewImport(c *cli.Context) error {
	a, err := parseReviewArgs(c, "review import", true)
	if err != nil {
		return err
	}
	snap, rep, decide, err := checkForReview(c.Context, a, "")
	if err != nil {
		return err
	}
	f, err := os.Open(a.workbook)
	if err != nil {
		return &syncaudit.InputError{File: a.workbook, Problem: "cannot open the review workbook: " + strings.TrimPrefix(err.Error(), "open "+a.workbook+": "),
			Fix: "give the workbook that syncaudit review export wrote"}
	}
	defer func() { _ = f.Close() }()
	plan, out, err := review.Import(c.Context, f, a.workbook, snap, rep, snap.Tenant.RunDate, decide)
	if err != nil {
		return err
	}
	for _, p := range out.Problems {
		// A workbook cell may hold anything: print it, never let the terminal obey it.
		fmt.Fprintf(c.App.ErrWriter, "%s: %s [%s, %s]\n", a.workbook, report.Printable(p.String()), p.Rule, p.Kind)
	}
	if err := atomicfile.Write(a.out, outputMode(a.shared), func(w io.Writer) error { return report.WriteJSON(w, plan) }); err != nil {
		return err
	}
	fmt.Fprintf(c.App.Writer, report.T(out.Lang, "sum_review_import")+"\n",
		a.out, out.Rows, out.Kept, out.Removed, out.Deleted, out.Blank, len(out.Problems))
	return nil
}
