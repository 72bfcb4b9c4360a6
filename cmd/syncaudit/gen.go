package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/ingest"
	"github.com/syncaudit/syncaudit/report"
	"github.com/syncaudit/syncaudit/samples/gen"
)

// genCommand writes a synthetic, realistic snapshot (samples/gen) for demos
// and benchmarks.
func genCommand() *cli.Command {
	def := gen.DefaultOptions()
	return &cli.Command{
		Name:      "gen",
		Usage:     "write a synthetic, realistic snapshot (for demos and benchmarks)",
		UsageText: "syncaudit gen --accounts N --structure S --seed K --out DIR [rates]",
		Description: "The same flags always give the same files. The rates are shares of the accounts.\n" +
			"Unless --trip-guards is given, the tenant's policy raises the mass-deletion and\n" +
			"mass-update limits (D9, L6) just above the generated churn, so the run is not refused.",
		Flags: []cli.Flag{
			&cli.IntFlag{Name: "accounts", Usage: "accounts in the target export", Value: def.Accounts},
			&cli.StringFlag{Name: "structure", Usage: "single_school, board or multi_domain (multi_domain adds a student register and memberships)", Value: string(def.Structure)},
			&cli.Int64Flag{Name: "seed", Usage: "random seed: the same seed gives the same snapshot", Value: def.Seed},
			&cli.StringFlag{Name: "out", Usage: "the snapshot folder to write (must not exist, or --force)", Required: true},
			&cli.BoolFlag{Name: "force", Usage: "replace an existing snapshot folder at --out"},
			&cli.StringFlag{Name: "run-date", Usage: "the tenant's run date; generated dates are relative to it", Value: string(def.RunDate)},
			&cli.IntFlag{Name: "school-size", Usage: "average accounts per school", Value: def.SchoolSize},
			&cli.Float64Flag{Name: "leavers", Usage: "share of accounts whose person left every source", Value: def.Leavers},
			&cli.Float64Flag{Name: "joiners", Usage: "source records (per account) with no account yet", Value: def.Joiners},
			&cli.Float64Flag{Name: "drift", Usage: "share of linked accounts whose locked name drifted from the source", Value: def.NameDrift},
			&cli.Float64Flag{Name: "exceptions", Usage: "exception-list entries per account", Value: def.Exceptions},
			&cli.Float64Flag{Name: "conflicts", Usage: "share of two-source accounts whose LAS and HR names disagree", Value: def.Conflicts},
			&cli.Float64Flag{Name: "manual", Usage: "share of manual accounts (no links)", Value: def.Manual},
			&cli.Float64Flag{Name: "soft-deleted", Usage: "share of soft-deleted accounts", Value: def.SoftDeleted},
			&cli.BoolFlag{Name: "trip-guards", Usage: "leave D9/L6 at their defaults, so a large snapshot is refused as a whole"},
		},
		Action: func(c *cli.Context) error {
			structure, err := syncaudit.ParseStructure(c.String("structure"))
			if err != nil {
				return &syncaudit.UsageError{Msg: "--structure: " + err.Error()}
			}
			runDate, err := syncaudit.ParseDate(c.String("run-date"))
			if err != nil {
				return &syncaudit.UsageError{Msg: "--run-date: " + err.Error()}
			}
			opts := gen.Options{
				Accounts: c.Int("accounts"), Structure: structure, Seed: c.Int64("seed"), RunDate: runDate,
				SchoolSize: c.Int("school-size"),
				Leavers:    c.Float64("leavers"), Joiners: c.Float64("joiners"), NameDrift: c.Float64("drift"),
				Exceptions: c.Float64("exceptions"), Conflicts: c.Float64("conflicts"), Manual: c.Float64("manual"),
				SoftDeleted: c.Float64("soft-deleted"), TripGuards: c.Bool("trip-guards"),
			}
			if err := opts.Validate(); err != nil {
				return &syncaudit.UsageError{Msg: "gen: " + err.Error()}
			}
			out := c.String("out")
			if err := expectOutDir("--out", out, "the snapshot", "give --out a new folder"); err != nil {
				return err
			}
			if err := checkGenOut(out, c.Bool("force")); err != nil {
				return err
			}
			start := time.Now()
			snap := gen.Generate(opts)
			if err := writeGenerated(out, snap); err != nil {
				return err
			}
			lang := report.ParseLang(snap.Tenant.Language)
			fmt.Fprintf(c.App.Writer, report.T(lang, "sum_gen")+"\n",
				out, len(snap.Accounts), len(snap.Records), len(snap.Exceptions), len(snap.Memberships),
				len(snap.Tenant.Schools), report.StructureLabel(lang, snap.Tenant.Structure), report.FormatSeconds(lang, time.Since(start)))
			return nil
		},
	}
}

// checkGenOut refuses to write over a folder unless it is a snapshot and
// --force is given: gen never deletes anything else.
func checkGenOut(out string, force bool) error {
	entries, err := os.ReadDir(out)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("gen: %w", err)
	case len(entries) == 0:
		return nil
	case !force:
		return &syncaudit.UsageError{Msg: fmt.Sprintf("gen: %s exists and is not empty: choose another --out, or add --force to replace the snapshot there", out)}
	}
	if _, err := os.Stat(filepath.Join(out, "tenant.yaml")); err != nil {
		return &syncaudit.UsageError{Msg: fmt.Sprintf("gen: %s is not a snapshot folder (no tenant.yaml): refusing to replace it", out)}
	}
	return nil
}

// writeGenerated writes the snapshot into a staging folder beside out and
// moves it into place only when complete, replacing what checkGenOut allowed.
func writeGenerated(out string, snap *syncaudit.Snapshot) (err error) {
	parent := filepath.Dir(filepath.Clean(out))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	staging, err := os.MkdirTemp(parent, "."+filepath.Base(out)+".gen-*")
	if err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	defer func() {
		if err != nil {
			os.RemoveAll(staging)
		}
	}()
	if err := os.Chmod(staging, 0o755); err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	if err := ingest.WriteSnapshot(staging, snap); err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	if err := os.RemoveAll(out); err != nil {
		return fmt.Errorf("gen: replace %s: %w", out, err)
	}
	if err := os.Rename(staging, out); err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	return nil
}
