package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/explain"
	"github.com/syncaudit/syncaudit/policies"
	"github.com/syncaudit/syncaudit/report"
	"github.com/syncaudit/syncaudit/words"
)

// explainCommand is `syncaudit explain --snapshot DIR (--account ID |
// --person SOURCE:ID | --name TEXT) [--program NAME]`: what the rule book
// says about one person, and why (docs/explain.md).
func explainCommand() *cli.Command {
	return &cli.Command{
		Name:      "explain",
		Usage:     "explain one person: their accounts and links, where a source offers them and why not, field owners, the exception list, every action and finding, and why nothing happens",
		ArgsUsage: "[DIR]",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "snapshot", Usage: "the snapshot folder (tenant.yaml, sources/, target/)"},
			&cli.StringFlag{Name: "account", Usage: "the account id (account_id of target/accounts)"},
			&cli.StringFlag{Name: "person", Usage: "a person in a source, as SOURCE:ID (las:1001, hr:E-42), with or without an account"},
			&cli.StringFlag{Name: "name", Usage: "find the person by name, username or e-mail (case and accents ignored); several matches are listed"},
			&cli.StringFlag{Name: "program", Usage: "diagnose why this Basispoort program is not visible to the account (P4)"},
			&cli.StringFlag{Name: "run-date", Usage: "the date the policies treat as today (YYYY-MM-DD); default: the tenant's run_date, else today"},
			&cli.StringSliceFlag{Name: "policies", Usage: "a folder of extra Rego policies (repeatable), as for check"},
			&cli.StringFlag{Name: "format", Usage: "what to print: text or json", Value: "text"},
			&cli.StringFlag{Name: "lang", Usage: "language: en, nl or sv (default: the tenant's language)"},
		},
		Action: func(c *cli.Context) error {
			if err := explainArgument(c); err != nil {
				return err
			}
			format := c.String("format")
			if format != "text" && format != "json" {
				return &syncaudit.UsageError{Msg: fmt.Sprintf("explain: --format %q: use text or json", format)}
			}
			lang, err := langFlag(c.String("lang"))
			if err != nil {
				return err
			}
			given := 0
			for _, f := range []string{"account", "person", "name"} {
				if strings.TrimSpace(c.String(f)) != "" {
					given++
				}
			}
			if given != 1 {
				return &syncaudit.UsageError{Msg: "explain: give exactly one of --account ID, --person SOURCE:ID or --name TEXT"}
			}
			var subject policies.Subject
			if p := strings.TrimSpace(c.String("person")); p != "" {
				l, err := syncaudit.ParseLink(p)
				if err != nil {
					return &syncaudit.UsageError{Msg: "explain: --person: " + err.Error()}
				}
				subject.Links = []syncaudit.Link{l}
			}
			snapDir := c.String("snapshot")
			if snapDir == "" {
				return &syncaudit.UsageError{Msg: "explain: --snapshot DIR is required"}
			}
			if err := expectSnapshot("--snapshot", snapDir); err != nil {
				return err
			}
			if err := expectPolicyDirs(c.StringSlice("policies")); err != nil {
				return err
			}
			snap, err := readSnapshotAt(c.Context, snapDir, c.String("run-date"), nil)
			if err != nil {
				return err
			}
			if lang == "" {
				lang = snap.Tenant.Language
			}
			engine, err := policies.Load(c.Context, policies.Options{Dirs: c.StringSlice("policies"), Tool: tool()})
			if err != nil {
				return err
			}
			if id := strings.TrimSpace(c.String("account")); id != "" {
				if !hasAccount(snap, id) {
					return &syncaudit.InputError{File: "target/accounts", Column: "account_id", Value: id,
						Problem: "the target export has no account " + id,
						Fix:     "give an account_id of target/accounts, or find the person with --name"}
				}
				subject.Accounts = []string{id}
			}
			if q := c.String("name"); strings.TrimSpace(q) != "" {
				found := explain.Find(snap, q)
				switch len(found) {
				case 0:
					return &syncaudit.InputError{File: "target/accounts", Value: q,
						Problem: "no account and no source person has this name, username or e-mail address",
						Fix:     "try part of the name (case and accents do not matter), or give --account ID"}
				case 1:
					if found[0].Account != "" {
						subject.Accounts = []string{found[0].Account}
					} else {
						l, _ := syncaudit.ParseLink(found[0].Link)
						subject.Links = []syncaudit.Link{l}
					}
				default:
					if err := writeCandidates(c.App.Writer, format, engine.Words(), words.ParseLang(lang), q, found); err != nil {
						return err
					}
					return &syncaudit.UsageError{Msg: fmt.Sprintf("explain: --name %q matches %d accounts or people: explain one with --account ID or --person SOURCE:ID", q, len(found))}
				}
			}
			x, err := engine.Explain(c.Context, snap, subject, policies.ExplainOptions{
				RunDate: snap.Tenant.RunDate, Language: lang, Program: c.String("program"),
			})
			if err != nil {
				return &syncaudit.UsageError{Msg: "explain: " + err.Error()}
			}
			r := explain.Renderer{Words: engine.Words(), Lang: words.ParseLang(x.Report.Run.Language)}
			if format == "json" {
				return r.WriteJSON(c.App.Writer, x)
			}
			return r.WriteText(c.App.Writer, x)
		},
	}
}

// explainArgument takes explain's plain argument as --snapshot.
func explainArgument(c *cli.Context) error {
	switch c.NArg() {
	case 0:
		return nil
	case 1:
	default:
		return &syncaudit.UsageError{Msg: fmt.Sprintf("explain: one snapshot folder at most, got %d arguments", c.NArg())}
	}
	dir := c.Args().First()
	if given := c.String("snapshot"); given != "" {
		return &syncaudit.UsageError{Msg: fmt.Sprintf("explain: the snapshot is given twice (%s and --snapshot %s): give it once", dir, given)}
	}
	return c.Set("snapshot", dir)
}

func hasAccount(snap *syncaudit.Snapshot, id string) bool {
	for i := range snap.Accounts {
		if snap.Accounts[i].ID == id {
			return true
		}
	}
	return false
}

// writeCandidates lists the people a --name matches, for the user to pick one.
func writeCandidates(w io.Writer, format string, cat *words.Catalogue, lang words.Lang, query string, found []explain.Candidate) error {
	if format == "json" {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(map[string]any{"schema": explain.Schema, "query": query, "candidates": found})
	}
	fmt.Fprintln(w, cat.Phrase(lang, "explain.candidates", map[string]any{"count": len(found), "query": fmt.Sprintf("%q", query)}))
	for _, f := range found {
		id := f.Account
		flag := "--account " + f.Account
		if id == "" {
			flag = "--person " + f.Link
		}
		status := f.Status
		if status != "" {
			status = report.T(lang, "status_"+status) // the status as the reader's workbook words it
		}
		fmt.Fprintf(w, "  %-24s %s  %s  %s %s\n", flag, f.Name, f.Username, status, strings.Join(f.Schools, "|"))
	}
	return nil
}
