package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/urfave/cli/v2"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/policies"
	"github.com/syncaudit/syncaudit/report"
	"github.com/syncaudit/syncaudit/words"
)

// policyCommand is `syncaudit policy list` and `syncaudit policy test [DIR]...`.
func policyCommand() *cli.Command {
	return &cli.Command{
		Name:  "policy",
		Usage: "list the rules or run the Rego unit tests",
		Subcommands: []*cli.Command{
			{
				Name:  "list",
				Usage: "list every rule with its id, severity, title and seed",
				Flags: []cli.Flag{
					&cli.StringSliceFlag{Name: "policies", Usage: "a folder of extra Rego policies (repeatable)"},
					&cli.StringFlag{Name: "format", Usage: "table or json", Value: "table"},
					&cli.StringFlag{Name: "lang", Usage: "language of the titles, descriptions and seeds: en, nl or sv", Value: "en"},
				},
				Action: policyList,
			},
			{
				Name:      "test",
				Usage:     "run the Rego unit tests (_test.rego) of the built-in policies and of each DIR",
				ArgsUsage: "[DIR]...",
				Flags: []cli.Flag{
					&cli.BoolFlag{Name: "verbose", Aliases: []string{"v"}, Usage: "list every test, not only the failures"},
				},
				Action: policyTest,
			},
		},
	}
}

func policyList(c *cli.Context) error {
	format := c.String("format")
	if format != "table" && format != "json" {
		return &syncaudit.UsageError{Msg: "--format: unknown format \"" + format + "\": use table or json"}
	}
	lang, err := langFlag(c.String("lang"))
	if err != nil {
		return err
	}
	if err := expectPolicyDirs(c.StringSlice("policies")); err != nil {
		return err
	}
	engine, err := policies.Load(c.Context, policies.Options{
		Dirs: c.StringSlice("policies"),
		Tool: tool(),
	})
	if err != nil {
		return err
	}
	l := words.ParseLang(lang)
	rules := engine.RulesIn(l)
	w := c.App.Writer
	if format == "json" {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(rules); err != nil {
			return fmt.Errorf("write rules: %w", err)
		}
		return nil
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", strings.ToUpper(report.T(l, "col_rule_id")), strings.ToUpper(report.T(l, "severity")),
		strings.ToUpper(report.T(l, "col_title")), strings.ToUpper(report.T(l, "col_seed")))
	for _, r := range rules {
		sev := ""
		if r.Severity != "" {
			sev = report.T(l, string(r.Severity))
		}
		seed := r.SeedTitle
		if seed == "" {
			seed = r.Seed
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.ID, orDash(sev), r.Title, orDash(seed))
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write rules: %w", err)
	}
	return nil
}

func policyTest(c *cli.Context) error {
	for _, d := range c.Args().Slice() {
		if err := expectDir("policy test", d, "a folder of Rego policies and their _test.rego files"); err != nil {
			return err
		}
	}
	results, err := policies.Test(c.Context, policies.Options{Dirs: c.Args().Slice()})
	if err != nil {
		return err
	}
	if err := results.Write(c.App.Writer, c.Bool("verbose")); err != nil {
		return fmt.Errorf("write test results: %w", err)
	}
	if n := results.Failed(); n > 0 {
		return &testsFailedError{failed: n}
	}
	return nil
}

// testsFailedError is returned when a Rego unit test fails; its ExitCode is 1.
type testsFailedError struct{ failed int }

func (e *testsFailedError) Error() string {
	if e.failed == 1 {
		return "1 policy test failed"
	}
	return fmt.Sprintf("%d policy tests failed", e.failed)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// ExitCode is 1: the tests ran and some failed (as a finding fails check).
func (e *testsFailedError) ExitCode() int { return 1 }
