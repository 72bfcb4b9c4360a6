package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"text/tabwriter"
	"time"

	"github.com/urfave/cli/v2"
	"golang.org/x/sync/errgroup"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/fleet"
	"github.com/syncaudit/syncaudit/internal/atomicfile"
	"github.com/syncaudit/syncaudit/internal/pseudonym"
	"github.com/syncaudit/syncaudit/policies"
	"github.com/syncaudit/syncaudit/report"
)

// tenantRun is what check --snapshots needs besides the command line.
type tenantRun struct {
	root, out  string
	runDate    string // --run-date, or empty
	lang       string
	workers    int // --workers, 0 = share the CPUs among the tenants checked at once
	threshold  int
	policyDirs []string
	format     string // --format: the index as a table or JSON, or a pipeline format per tenant
	outputs    outputs
	timeout    time.Duration
	pseudo     *pseudonym.Pseudonymiser
	shard      *fleet.Shard // --shard or --shard-from-env: check only this share of the tenants
}

// tenantRunOf reads check's flags for --snapshots.
func tenantRunOf(c *cli.Context, root string, threshold int, lang string, pseudo *pseudonym.Pseudonymiser) (tenantRun, error) {
	run := tenantRun{
		root: root, out: c.String("out"), lang: lang, workers: c.Int("workers"), threshold: threshold,
		policyDirs: c.StringSlice("policies"), format: c.String("format"), outputs: outputsOf(c),
		runDate: c.String("run-date"), timeout: c.Duration("timeout"), pseudo: pseudo,
	}
	if c.String("snapshot") != "" {
		return run, &syncaudit.UsageError{Msg: "check: give --snapshot or --snapshots, not both"}
	}
	if s := c.String("run-date"); s != "" {
		if _, err := syncaudit.ParseDate(s); err != nil {
			return run, &syncaudit.UsageError{Msg: "--run-date: " + err.Error()}
		}
	}
	shard, err := shardOf(c)
	run.shard = shard
	return run, err
}

// checkTenants is check --snapshots ROOT: every snapshot folder directly
// under ROOT is checked, several tenants at once, each into its own folder
// under --out (the same files as a single check), and OUT/index.json sums
// them up, worst tenant first. A tenant that cannot be checked is named in
// the index with the reason, and the others go on; the exit code is then 2.
func checkTenants(ctx context.Context, run tenantRun, stdout io.Writer, prog *progress) error {
	all, err := fleet.Snapshots(run.root)
	if err != nil {
		return &syncaudit.UsageError{Msg: "--snapshots: " + err.Error()}
	}
	folders := all
	if run.shard != nil {
		folders = run.shard.Of(all)
	}
	engine, err := policies.Load(ctx, policies.Options{Dirs: run.policyDirs, Tool: tool()})
	if err != nil {
		return err
	}
	atOnce := max(1, min(runtime.GOMAXPROCS(0), len(folders)))
	workers := run.workers
	if workers == 0 {
		workers = max(1, runtime.GOMAXPROCS(0)/atOnce)
	}
	entries := make([]fleet.Entry, len(folders))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(atOnce)
	var done atomic.Int64
	prog.SetLang(report.ParseLang(run.lang))
	prog.Phase(fmt.Sprintf(prog.word("prog_checking_n"), len(folders)))
	for i, folder := range folders {
		g.Go(func() error {
			rep, err := checkTenant(gctx, engine, run, folder, workers)
			if err != nil && gctx.Err() != nil {
				return gctx.Err() // interrupted: stop, write no index
			}
			if err != nil {
				entries[i] = fleet.Failed(folder, err)
			} else {
				entries[i] = fleet.Summarise(folder, rep)
			}
			prog.Tenants(int(done.Add(1)), len(folders))
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	idx := fleet.NewIndex(entries)
	if run.shard != nil {
		err = finishShard(ctx, run, all, idx)
	} else {
		err = writeIndex(ctx, filepath.Join(run.out, "index.json"), idx, run.outputs, report.ParseLang(run.lang))
	}
	if err != nil {
		return err
	}
	prog.Done()
	if err := printFleet(stdout, run.format, idx, run.out, report.ParseLang(run.lang)); err != nil {
		return err
	}
	if n := idx.FailedTenants(); n > 0 {
		return fmt.Errorf("%d of %d tenants could not be checked: see %s", n, len(folders), filepath.Join(run.out, indexFile(run.shard)))
	}
	if worst := idx.Worst(); run.threshold > 0 && worst.Rank() >= run.threshold {
		return &findingsError{worst: worst}
	}
	return nil
}

// checkTenant checks one snapshot folder and writes its reports, as a
// single check does.
func checkTenant(ctx context.Context, engine *policies.Engine, run tenantRun, folder string, workers int) (*syncaudit.Report, error) {
	snap, err := readSnapshotAt(ctx, filepath.Join(run.root, folder), run.runDate, nil) // the tenants counter shows the progress
	if err != nil {
		return nil, withholdValues(err, run.pseudo != nil) // the index and the table print it
	}
	rep, err := withTimeout(ctx, run.timeout, func(ctx context.Context) (*syncaudit.Report, error) {
		return engine.Check(ctx, snap, policies.CheckOptions{RunDate: snap.Tenant.RunDate, Workers: workers, Language: run.lang})
	})
	if err != nil {
		return nil, err
	}
	pseudonymise(run.pseudo, snap, rep)
	if err := writeReports(ctx, filepath.Join(run.out, folder), rep, snap, run.outputs); err != nil {
		return nil, err
	}
	return rep, nil
}

// writeIndex writes the index as JSON at path and, unless o says not to, as a
// workbook beside it (index.xlsx), each whole or not at all.
func writeIndex(ctx context.Context, path string, idx *fleet.Index, o outputs, lang report.Lang) error {
	if err := atomicfile.Write(path, o.mode, func(w io.Writer) error { return fleet.WriteJSON(w, idx) }); err != nil {
		return err
	}
	if !o.xlsx {
		return nil
	}
	book := strings.TrimSuffix(path, filepath.Ext(path)) + ".xlsx"
	return atomicfile.Write(book, o.mode, func(w io.Writer) error { return report.WriteIndexXLSX(ctx, w, idx, lang) })
}

// fleetFormat checks a --format of many tenants: table, json or a pipeline format.
func fleetFormat(format string) error {
	if format == "table" || format == "json" {
		return nil
	}
	if _, err := report.NewFleetWriter(format); err != nil {
		return &syncaudit.UsageError{Msg: fmt.Sprintf("--format: unknown format %q: use table, json, %s", format, strings.Join(report.FleetFormats, ", "))}
	}
	return nil
}

// printFleet prints what --format asks for of many tenants: the index as a
// table or JSON, or, in a pipeline format, every tenant's findings, read
// back from the report.json the index points at under dir (worst tenant
// first, as the index orders them).
func printFleet(w io.Writer, format string, idx *fleet.Index, dir string, lang report.Lang) error {
	switch format {
	case "table":
		return printIndex(w, idx, lang)
	case "json":
		return fleet.WriteJSON(w, idx)
	}
	fw, err := report.NewFleetWriter(format)
	if err != nil {
		return &syncaudit.UsageError{Msg: "--format: " + err.Error()}
	}
	tenants := make([]report.TenantResult, 0, len(idx.Tenants))
	for _, e := range idx.Tenants {
		t := report.TenantResult{Folder: e.Folder, Error: e.Error}
		if e.Error == "" {
			file := e.Report
			if file == "" {
				file = filepath.Join(e.Folder, "report.json")
			}
			rep, err := report.ReadJSON(filepath.Join(dir, filepath.FromSlash(file)))
			if err != nil {
				t.Error = err.Error()
			} else {
				t.Report = rep
			}
		}
		tenants = append(tenants, t)
	}
	return fw.WriteFleet(w, tenants)
}

// printIndex prints the index as a table in lang, worst tenant first.
func printIndex(w io.Writer, idx *fleet.Index, lang report.Lang) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	var head []string
	for _, col := range []string{"tenant", "folder", "worst", "deny", "warn", "info", "actions", "accounts", "note"} {
		head = append(head, report.T(lang, "idx_col_"+col))
	}
	fmt.Fprintln(tw, strings.Join(head, "\t"))
	for _, e := range idx.Tenants {
		worst := report.SeverityLabel(lang, e.Worst)
		note := e.Error
		if note == "" && len(e.DenyRules) > 0 {
			note = report.SeverityLabel(lang, syncaudit.Deny) + ": " + strings.Join(e.DenyRules, ", ")
		}
		// Folder names, tenant ids and errors come from the snapshots: print
		// them, never let the terminal obey them.
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%d\t%d\t%d\t%s\n", cell(or(e.Tenant, "?")), cell(e.Folder), worst,
			e.Findings[syncaudit.Deny], e.Findings[syncaudit.Warn], e.Findings[syncaudit.Info], e.Actions, e.Accounts, cell(note))
	}
	t := idx.Totals
	fmt.Fprintf(tw, "%s\t"+report.T(lang, "idx_tenants")+"\t%s\t%d\t%d\t%d\t%d\t%d\t\n", report.T(lang, "idx_total"), len(idx.Tenants), report.SeverityLabel(lang, t.Worst),
		t.Findings[syncaudit.Deny], t.Findings[syncaudit.Warn], t.Findings[syncaudit.Info], t.Actions, t.Accounts)
	return tw.Flush()
}

// cell is s on one line, with what a terminal would obey written out.
func cell(s string) string { return report.Printable(strings.Join(strings.Fields(s), " ")) }

func or(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

// indexCommand is `syncaudit index --reports DIR`: the index of report
// folders checked elsewhere (one job per tenant on a batch engine), the same
// file check --snapshots writes.
func indexCommand() *cli.Command {
	return &cli.Command{
		Name:      "index",
		Usage:     "sum up many tenants' report folders into one index.json, worst tenant first",
		UsageText: "syncaudit index --reports DIR [--out FILE] [--fail-on deny|warn|never] [--format table|json|junit|github|sarif|gitlab|azure|tap]",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "reports", Usage: "the folder that holds one report folder (with report.json) per tenant", Required: true},
			&cli.StringFlag{Name: "out", Usage: "where to write the index (default: DIR/index.json)"},
			&cli.StringFlag{Name: "fail-on", Usage: "exit 1 when a tenant has a finding at or above: deny, warn, info or never", Value: "never"},
			&cli.BoolFlag{Name: "no-xlsx", Usage: "do not write the index workbook beside index.json"},
			&cli.StringFlag{Name: "lang", Usage: "language of the index workbook and table: en, nl or sv", Value: "en"},
			&cli.StringFlag{Name: "format", Usage: "what to print: the index as a table or json, or per tenant as " + strings.Join(report.FleetFormats, ", "), Value: "table"},
			sharedOutputFlag(),
		},
		Action: func(c *cli.Context) error {
			threshold, err := failOn(c.String("fail-on"))
			if err != nil {
				return err
			}
			if err := fleetFormat(c.String("format")); err != nil {
				return err
			}
			if err := expectDir("--reports", c.String("reports"), "a folder of report folders (each with report.json)"); err != nil {
				return err
			}
			if out := c.String("out"); out != "" {
				if err := expectOutFile("--out", out, "an index (.json)"); err != nil {
					return err
				}
			}
			idx, missing, err := indexOf(c.String("reports"))
			if err != nil {
				return &syncaudit.UsageError{Msg: "index: " + err.Error()}
			}
			out := c.String("out")
			if out == "" {
				out = filepath.Join(c.String("reports"), "index.json")
			}
			o := outputs{xlsx: !c.Bool("no-xlsx"), mode: outputMode(c.Bool("shared-output"))}
			if err := writeIndex(c.Context, out, idx, o, report.ParseLang(c.String("lang"))); err != nil {
				return err
			}
			if err := printFleet(c.App.Writer, c.String("format"), idx, c.String("reports"), report.ParseLang(c.String("lang"))); err != nil {
				return err
			}
			if missing != "" {
				return fmt.Errorf("%s: see %s", missing, out)
			}
			if n := idx.FailedTenants(); n > 0 {
				return errors.New(fmt.Sprint(n, " report folders could not be read: see ", out))
			}
			if worst := idx.Worst(); threshold > 0 && worst.Rank() >= threshold {
				return &findingsError{worst: worst}
			}
			return nil
		},
	}
}
