package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/apply"
	"github.com/syncaudit/syncaudit/policies"
	"github.com/syncaudit/syncaudit/report"
)

// applyCommand is `syncaudit apply`: write the next snapshot with a plan's
// actions applied, refusing a plan made from other inputs, one with a deny
// finding not accepted, an L4 delete, or an output folder that is in use.
func applyCommand() *cli.Command {
	return &cli.Command{
		Name:  "apply",
		Usage: "apply a plan's actions and write the next snapshot (sources unchanged) with a journal",
		Description: "Reads --snapshot and --plan (the report.json of check, or a review plan), applies the planned actions\n" +
			"to target/ and writes the next snapshot to --out, a new folder, with journal.jsonl. Nothing is written\n" +
			"(exit 2) when the plan was made from other inputs or policies, holds an action the rule book does not\n" +
			"decide now (apply evaluates the rule book again: the plan only selects), or when the rule book denies\n" +
			"the run now and --accept-deny does not name the rule; or when --out exists and is not empty, or is the\n" +
			"snapshot. See docs/apply.md.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "snapshot", Usage: "the snapshot folder the plan was made from", Required: true},
			&cli.StringFlag{Name: "plan", Usage: "the plan: report.json of check, or a review plan", Required: true},
			&cli.StringFlag{Name: "out", Usage: "a new (or empty) folder for the next snapshot", Required: true},
			&cli.StringSliceFlag{Name: "accept-deny", Usage: "deny rules whose findings you have checked and accept, e.g. D9 (comma-separated or repeated)"},
			&cli.StringFlag{Name: "run-date", Usage: "the date the changes carry (YYYY-MM-DD); default: the plan's run date"},
			&cli.StringSliceFlag{Name: "policies", Usage: "the user policy folders check was given: apply evaluates the same rule book again (repeatable)"},
			sharedOutputFlag(),
		},
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return &syncaudit.UsageError{Msg: fmt.Sprintf("apply takes no arguments (got %q): use --snapshot, --plan and --out", c.Args().First())}
			}
			var opts apply.Options
			if s := c.String("run-date"); s != "" {
				d, err := syncaudit.ParseDate(s)
				if err != nil {
					return &syncaudit.UsageError{Msg: "--run-date: " + err.Error()}
				}
				opts.RunDate = d
			}
			if err := expectSnapshot("--snapshot", c.String("snapshot")); err != nil {
				return err
			}
			if err := expectFile("--plan", c.String("plan"), "a plan (the report.json of check, or the plan.json of review import)"); err != nil {
				return err
			}
			opts.AcceptDeny = c.StringSlice("accept-deny")
			engine, err := policies.Load(c.Context, policies.Options{Dirs: c.StringSlice("policies"), Tool: tool()})
			if err != nil {
				return err
			}
			opts.Engine = engine
			opts.FileMode = outputMode(c.Bool("shared-output"))
			res, err := apply.Apply(c.Context, c.String("snapshot"), c.String("plan"), c.String("out"), opts)
			if err != nil {
				return err
			}
			printApplySummary(c.App.Writer, c.String("out"), res)
			return nil
		},
	}
}

// printApplySummary prints what apply did in the tenant's language: where the
// next snapshot went, one line per action kind with how many actions were
// applied and how many not, and what a person should know of the result.
func printApplySummary(w io.Writer, out string, res *apply.Result) {
	lang := report.ParseLang(res.Language)
	fmt.Fprintf(w, report.T(lang, "sum_apply_wrote")+"\n", out, res.RunDate, res.PlanDigest)
	acted := false
	for _, k := range syncaudit.ActionKinds {
		a, n := res.Applied[k], res.NotApplied[k]
		if a == 0 && n == 0 {
			continue
		}
		acted = true
		fmt.Fprintf(w, report.T(lang, "sum_apply_kind"), report.KindLabel(lang, k), a)
		if n > 0 {
			fmt.Fprintf(w, report.T(lang, "sum_apply_not_applied"), n)
		}
		fmt.Fprintln(w)
	}
	if res.NotApplied[syncaudit.PurgeCandidate] > 0 {
		fmt.Fprintln(w, report.T(lang, "sum_apply_purge"))
	}
	if !acted {
		fmt.Fprintln(w, report.T(lang, "sum_apply_empty"))
	}
	if res.Unselected > 0 {
		fmt.Fprintf(w, report.T(lang, "sum_apply_unselected")+"\n", res.Unselected)
	}
	if len(res.Schoolless) > 0 {
		// Account ids come from the export: print them, never let the terminal obey them.
		fmt.Fprint(w, report.Printable(fmt.Sprintf(report.T(lang, "sum_apply_schoolless")+"\n", len(res.Schoolless), strings.Join(res.Schoolless, ", "))))
	}
	fmt.Fprintf(w, report.T(lang, "sum_apply_journal")+"\n", apply.JournalFile)
}
