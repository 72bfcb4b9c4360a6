package main

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/ingest"
	"github.com/syncaudit/syncaudit/ingest/convert"
	"github.com/syncaudit/syncaudit/ingest/mapping"
	"github.com/syncaudit/syncaudit/internal/atomicfile"
	"github.com/syncaudit/syncaudit/report"
)

// convertCommand is `syncaudit convert`: an export as a school has it in, a
// table in the contract's format out, with what could not be placed beside it.
func convertCommand() *cli.Command {
	return &cli.Command{
		Name:  "convert",
		Usage: "turn a OneRoster, SDS, SS12000, HR (HelloID) or any CSV export into a contract table",
		Description: "Writes --out (a source table; with --from csv the table the mapping names) and " +
			"OUT.dropped.json beside it: the columns and rows that could not be placed, with the reason. " +
			"See docs/convert.md.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "from", Usage: "the export's format: oneroster, sds, ss12000, helloid or csv", Required: true},
			&cli.StringFlag{Name: "in", Usage: "the export: its folder (oneroster, sds, helloid, ss12000) or file (csv, ss12000)", Required: true},
			&cli.StringFlag{Name: "source", Usage: "the source the table is for: las, hr or sis (with --from csv: the mapping's table)"},
			&cli.StringFlag{Name: "out", Usage: "the table to write: .csv, .json or .jsonl (--from csv: .csv)", Required: true},
			&cli.StringFlag{Name: "lang", Usage: "language of the summary printed: en, nl or sv", Value: "en"},
			&cli.StringFlag{Name: "school-map", Usage: "a two-column CSV old,new that renames school codes"},
			&cli.StringFlag{Name: "map", Usage: "the mapping file for --from csv (see docs/convert.md)"},
			&cli.StringFlag{Name: "tenant-out", Usage: "also write a starter tenant.yaml with the schools the export names (never overwrites)"},
			&cli.StringFlag{Name: "date-format", Usage: "how the export writes /-separated dates: MM/DD/YYYY (month first, the default for oneroster and sds) or DD/MM/YYYY (day first, the default for helloid and ss12000)"},
			&cli.BoolFlag{Name: "skip-invalid", Usage: "leave out rows that cannot be read, listing each in OUT.dropped.json, instead of stopping"},
			sharedOutputFlag(),
		},
		Action: runConvert,
	}
}

func runConvert(c *cli.Context) error {
	format, err := convert.ParseFormat(c.String("from"))
	if err != nil {
		return &syncaudit.UsageError{Msg: "--from: " + err.Error()}
	}
	if _, err := langFlag(c.String("lang")); err != nil {
		return err
	}
	opt := convert.Options{SkipInvalid: c.Bool("skip-invalid")}
	if s := c.String("source"); s != "" {
		if opt.Source, err = syncaudit.ParseSource(s); err != nil {
			return &syncaudit.UsageError{Msg: "--source: " + err.Error()}
		}
	}
	if s := c.String("date-format"); s != "" {
		f, err := syncaudit.ParseDateFormat(s)
		if err != nil || f&(syncaudit.DayFirstSlash|syncaudit.MonthFirstSlash) == 0 {
			return &syncaudit.UsageError{Msg: fmt.Sprintf("--date-format %q: write MM/DD/YYYY (month first, US) or DD/MM/YYYY (day first)", s)}
		}
		if format == convert.CSV {
			return &syncaudit.UsageError{Msg: "--date-format is for the formats convert knows; with --from csv give the mapping's date column its date: format (e.g. date: M/D/YYYY)"}
		}
		opt.DateFormat = f
	}
	switch {
	case format == convert.CSV && c.String("map") == "":
		return &syncaudit.UsageError{Msg: "--from csv needs --map mapping.yaml: the mapping says which column is which (see docs/convert.md)"}
	case format != convert.CSV && c.String("map") != "":
		return &syncaudit.UsageError{Msg: "--map is for --from csv; the other formats know their columns"}
	case format != convert.CSV && opt.Source == "":
		return &syncaudit.UsageError{Msg: "--source is required: las, hr or sis"}
	}
	if path := c.String("map"); path != "" {
		data, err := os.ReadFile(path)
		if err != nil {
			return &syncaudit.InputError{File: path, Problem: "the mapping cannot be read: " + pathProblem(err), Fix: "give --map the mapping file"}
		}
		if opt.Mapping, err = mapping.Parse(path, data); err != nil {
			return err
		}
		if opt.Source != "" && string(opt.Mapping.Table) != string(opt.Source) {
			return &syncaudit.UsageError{Msg: fmt.Sprintf("--source %s, but the mapping %s produces the %s table", opt.Source, path, opt.Mapping.Table)}
		}
		if opt.Mapping.Table.IsSource() {
			opt.Source = syncaudit.Source(opt.Mapping.Table)
		}
	}
	if path := c.String("school-map"); path != "" {
		if err := expectFile("--school-map", path, "a two-column CSV old,new of school codes"); err != nil {
			return err
		}
		if opt.SchoolMap, err = convert.ReadSchoolMap(path, path); err != nil {
			return err
		}
	}
	out := c.String("out")
	tf, err := tableFormatOf(out)
	if err != nil {
		return err
	}
	if err := expectOutFile("--out", out, "a table (.csv, .json or .jsonl)"); err != nil {
		return err
	}
	if format == convert.CSV && tf.Format != "csv" {
		return &syncaudit.UsageError{Msg: "--from csv writes a .csv table: give --out a name ending in .csv"}
	}
	tenantOut := c.String("tenant-out")
	if tenantOut != "" {
		if _, err := os.Stat(tenantOut); err == nil {
			return &syncaudit.UsageError{Msg: "--tenant-out " + tenantOut + " exists; convert never overwrites a tenant file: give another path and copy the schools over"}
		}
	}

	res, err := convert.Convert(c.Context, format, c.String("in"), opt)
	if err != nil {
		return err
	}
	if n := res.Dropped.Records; n == 0 && res.Dropped.Skipped() > 0 {
		// Rows, none of them placed: most likely the wrong format or folder,
		// and written as it is everyone would look gone from the source.
		return &syncaudit.InputError{File: c.String("in"), Problem: fmt.Sprintf("the export gave no records (%d rows skipped)", res.Dropped.Skipped()),
			Fix: "check that --from names the export's format and --in its folder; nothing was written"}
	} else if n == 0 {
		// A well-formed export without a data row (a new school): empty
		// tables, said so.
		res.Dropped.Note(convert.NoteEmptyExport)
	}

	if tenantOut != "" {
		if len(res.Schools) == 0 {
			return &syncaudit.UsageError{Msg: "--tenant-out: the " + string(format) + " export names no schools; write tenant.yaml by hand"}
		}
		if err := atomicfile.Write(tenantOut, atomicfile.Shared, func(w io.Writer) error { return writeStarterTenant(w, res.Schools) }); err != nil {
			return err
		}
	}
	if err := atomicfile.Write(out+".dropped.json", outputMode(c.Bool("shared-output")), res.Dropped.WriteJSON); err != nil {
		return err
	}
	err = atomicfile.Write(out, outputMode(c.Bool("shared-output")), func(w io.Writer) error {
		if res.Table != nil {
			return writeMappedTable(w, res.Table)
		}
		return ingest.WriteSourceRecords(w, res.Records, tf)
	})
	if err != nil {
		return err
	}
	// Column names and reasons come from the export: print them, never let
	// the terminal obey them.
	var summary strings.Builder
	if err := res.Dropped.WriteText(&summary); err != nil {
		return err
	}
	fmt.Fprint(c.App.Writer, report.Printable(summary.String()))
	lang := report.ParseLang(c.String("lang"))
	fmt.Fprintf(c.App.Writer, report.T(lang, "sum_convert_wrote")+"\n", out, out+".dropped.json")
	if tenantOut != "" {
		fmt.Fprintf(c.App.Writer, report.T(lang, "sum_convert_tenant")+"\n", tenantOut, len(res.Schools))
	}
	return nil
}

// tableFormatOf picks the table format from --out's file ending.
func tableFormatOf(out string) (ingest.TableFormat, error) {
	switch strings.ToLower(filepath.Ext(out)) {
	case ".csv":
		return ingest.CSV, nil
	case ".json":
		return ingest.TableFormat{Format: "json"}, nil
	case ".jsonl":
		return ingest.TableFormat{Format: "jsonl"}, nil
	}
	return ingest.TableFormat{}, &syncaudit.UsageError{Msg: "--out must end in .csv, .json or .jsonl (for example sources/sis.csv)"}
}

// writeMappedTable writes a mapped table as contract CSV: the contract's
// column names as header, one row per mapped export row.
func writeMappedTable(w io.Writer, t *mapping.Result) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(t.Header); err != nil {
		return err
	}
	for _, row := range t.Rows {
		if err := cw.Write(row.Cells); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// writeStarterTenant writes a tenant.yaml to start from: the export's
// schools with every switch at its default, and placeholders to fill in.
func writeStarterTenant(w io.Writer, schools []syncaudit.School) error {
	structure := syncaudit.Board
	if len(schools) == 1 {
		structure = syncaudit.SingleSchool
	}
	t := &syncaudit.Tenant{ID: "change-me", Name: "", Structure: structure, Schools: schools}
	if _, err := io.WriteString(w, "# A starting point written by syncaudit convert: set id, name, structure and\n# (for a board) domain, give each school its e-mail domain, and check the switches.\n"); err != nil {
		return err
	}
	return ingest.WriteTenant(w, t)
}

func pathProblem(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
