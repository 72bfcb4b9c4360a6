package main

import (
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/policies"
	"github.com/syncaudit/syncaudit/report"
	"github.com/syncaudit/syncaudit/words"
)

// diffCommand is `syncaudit diff OLD/report.json NEW/report.json`: what is
// new, resolved and unchanged since the previous run, on the terminal or as
// JSON (the object report.json carries under "changes" after check --previous).
// Flags may come before or after the two reports.
func diffCommand() *cli.Command {
	return &cli.Command{
		Name:      "diff",
		Usage:     "compare a previous report with a newer one: new, resolved and unchanged findings and actions",
		ArgsUsage: "OLD/report.json NEW/report.json",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "format", Usage: "what to print: table or json", Value: "table"},
			&cli.StringFlag{Name: "lang", Usage: "label language: en, nl or sv (default: the newer report's language)"},
		},
		Action: func(c *cli.Context) error {
			format, lang := c.String("format"), c.String("lang")
			args := c.Args().Slice() // flags after the reports are read too (parseCommandLine)
			if len(args) != 2 {
				return &syncaudit.UsageError{Msg: "diff needs two reports: syncaudit diff OLD/report.json NEW/report.json"}
			}
			if format != "table" && format != "json" {
				return &syncaudit.UsageError{Msg: fmt.Sprintf("--format %q: use table or json", format)}
			}
			if _, err := langFlag(lang); err != nil {
				return err
			}
			for i, label := range []string{"diff OLD", "diff NEW"} {
				if err := expectFile(label, args[i], "a report.json"); err != nil {
					return err
				}
			}
			rep, err := report.DiffFiles(args[0], args[1])
			if err != nil {
				return err
			}
			if format == "json" {
				return report.WriteChangesJSON(c.App.Writer, rep)
			}
			if lang == "" {
				lang = rep.Run.Language
			}
			// Both runs' findings and reasons in one language: the built-in
			// rule book's words for every result that names a message id.
			engine, err := policies.Load(c.Context, policies.Options{Tool: tool()})
			if err != nil {
				return err
			}
			engine.Localize(rep, words.ParseLang(lang))
			return report.WriteChangesTable(c.App.Writer, rep, report.ParseLang(lang))
		},
	}
}
