package review

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/policies"
	"github.com/syncaudit/syncaudit/report"
)

// A ProblemKind says why a row of the review workbook gave no action.
type ProblemKind string

// The kinds of problem a row can have.
const (
	// Invalid: the workbook was edited in the wrong place (a changed account
	// id, a decision outside the list, an added row, a keep without a
	// reason, a bad date) or the entry is no longer in the snapshot.
	Invalid ProblemKind = "invalid"
	// Refused: the decision is clear but the rules forbid it (L4, E2, E3).
	Refused ProblemKind = "refused"
	// Ignored: something was filled in on a row without a decision.
	Ignored ProblemKind = "ignored"
)

// A Problem is one row of the review workbook that gave no action, with the
// rule it rests on and what to do about it.
type Problem struct {
	Kind    ProblemKind
	Row     int
	Account string
	// Column is the message key of the review sheet's column at fault
	// (col_account_id, col_decision, col_new_reason, col_new_expiry).
	Column  string
	Rule    string
	Message string
	Fix     string
}

// value returns the cell at fault as the reviewer wrote it: the account id,
// the decision, the new reason or the new expiry date of the problem's row.
func (p Problem) value(wb *Workbook) string {
	for _, d := range wb.Decisions {
		if d.Row != p.Row {
			continue
		}
		switch p.Column {
		case "col_decision":
			return d.Decision
		case "col_new_reason":
			return d.NewReason
		case "col_new_expiry":
			return d.NewExpiry
		}
		return d.AccountID
	}
	return p.Account
}

// String writes "row 5 (A3): message; fix".
func (p Problem) String() string {
	s := fmt.Sprintf("row %d", p.Row)
	if p.Account != "" {
		s += " (" + p.Account + ")"
	}
	s += ": " + p.Message
	if p.Fix != "" {
		s += "; " + p.Fix
	}
	return s
}

// An Outcome counts what a review import did with the rows.
type Outcome struct {
	// Lang is the language the workbook was exported in.
	Lang     report.Lang
	Rows     int
	Kept     int
	Removed  int
	Deleted  int
	Blank    int
	Problems []Problem
}

// Decided returns the number of rows that became an action.
func (o *Outcome) Decided() int { return o.Kept + o.Removed + o.Deleted }

// count returns the number of problems of a kind.
func (o *Outcome) count(kind ProblemKind) int {
	n := 0
	for _, p := range o.Problems {
		if p.Kind == kind {
			n++
		}
	}
	return n
}

// A Decider evaluates the rule book on the snapshot with the review's
// decisions (E9) as input.review, the way check does
// (policies.CheckOptions.Reviews), and returns its report in lang (the
// workbook's language, "" for the tenant's).
type Decider func(reviews map[string]policies.Review, lang string) (*syncaudit.Report, error)

// reviewKinds are the actions a review decision gives (E9).
var reviewKinds = map[syncaudit.ActionKind]string{
	syncaudit.SetExceptionReason: "keep",
	syncaudit.RemoveException:    "remove",
	syncaudit.DeleteAccount:      "delete",
}

// Plan turns the decisions of a review workbook into a plan in the report
// schema. The workbook is read and checked here (a row belongs to an entry
// still on the list, its decision is one of the list, a new expiry date is a
// date after the run date); what each decision may do is the rule book's:
// decide evaluates E9 with L4 and L5 (keep only for an active, source-managed
// account, delete only where the target owns the account, remove of an entry
// whose account is gone) and the plan holds the actions it returns. Each
// decision the rule book refuses, and every row that gave no action, is named
// in the outcome's problems and is a warn finding of the plan. snap is the
// snapshot now, rep the check's report of it; the plan's run carries the
// snapshot's inputs, so that apply can refuse it for other inputs.
//
// Plan returns an error (an *syncaudit.InputError or syncaudit.InputErrors)
// when nothing in the workbook can be trusted: it is for another tenant, or
// no row gave an action and at least one was edited in the wrong place.
func Plan(snap *syncaudit.Snapshot, rep *syncaudit.Report, wb *Workbook, runDate syncaudit.Date, decide Decider) (*syncaudit.Report, *Outcome, error) {
	if wb.Tenant != "" && wb.Tenant != snap.Tenant.ID {
		return nil, nil, &syncaudit.InputError{File: wb.File, Value: wb.Tenant,
			Problem: fmt.Sprintf("the workbook is the review of tenant %s, the snapshot is tenant %s", wb.Tenant, snap.Tenant.ID),
			Fix:     "import it with the snapshot of its own tenant"}
	}
	rows := Rows(snap, rep, runDate)
	byKey := map[string]*report.ReviewRow{}
	for i := range rows {
		byKey[rows[i].Key] = &rows[i]
	}
	entries := map[string]*syncaudit.ExceptionEntry{}
	seen := map[string]int{}
	for i := range snap.Exceptions {
		e := &snap.Exceptions[i]
		seen[e.AccountID]++
		entries[Key(e.AccountID, seen[e.AccountID])] = e
	}

	out := &Outcome{Lang: wb.Lang}
	used := map[string]int{} // key -> row that decided it
	problem := func(kind ProblemKind, d *Decision, column, rule, msg, fix string) {
		out.Problems = append(out.Problems, Problem{Kind: kind, Row: d.Row, Account: d.AccountID, Column: column, Rule: rule, Message: msg, Fix: fix})
	}
	reviews := map[string]policies.Review{}
	decidedBy := map[string]*reviewed{} // account -> the row that decided it
	for i := range wb.Decisions {
		d := &wb.Decisions[i]
		out.Rows++
		key := d.Key
		if !wb.Keyed {
			key = Key(d.AccountID, 1)
		}
		switch {
		case key == "":
			problem(Invalid, d, "col_account_id", "E9", "this row was not in the exported workbook", "add entries to the exception list in the platform, not in the review workbook")
			continue
		case keyAccount(key) != d.AccountID:
			problem(Invalid, d, "col_account_id", "E9", fmt.Sprintf("the account_id was changed from %s to %q", keyAccount(key), d.AccountID),
				"put back "+keyAccount(key)+" (decide on each entry in its own row)")
			continue
		}
		if prev, dup := used[key]; dup {
			problem(Invalid, d, "col_account_id", "E9", fmt.Sprintf("this row repeats row %d for the same entry", prev), "keep one row per entry")
			continue
		}
		used[key] = d.Row
		entry, row := entries[key], byKey[key]
		if entry == nil || row == nil {
			problem(Invalid, d, "col_account_id", "E9", "the entry for "+d.AccountID+" is no longer on the exception list in the snapshot", "export a new review workbook")
			continue
		}
		if d.Decision == "" {
			out.Blank++
			if !d.Blank() {
				problem(Ignored, d, "col_decision", "E9", "a new reason, expiry date or reviewer without a decision changes nothing", "pick keep, remove or delete, or clear the row")
			}
			continue
		}
		decision := parseDecision(d.Decision)
		if decision == "" {
			problem(Invalid, d, "col_decision", "E9", fmt.Sprintf("the decision %q is not one of %s", d.Decision, decisionWords(wb.Lang)),
				"pick a decision from the drop-down")
			continue
		}
		r := policies.Review{Decision: decision}
		if decision == "keep" {
			r.Reason = strings.TrimSpace(d.NewReason)
			if r.Reason == "" {
				r.Reason = entry.Reason
			}
			expiry, err := parseExpiry(d.NewExpiry)
			if err != nil {
				problem(Invalid, d, "col_new_expiry", "E10", "the new expiry date "+err.Error(), "write a date such as "+runDate.AddDays(90).String())
				continue
			}
			if !expiry.IsZero() && !expiry.After(runDate) {
				problem(Invalid, d, "col_new_expiry", "E10", fmt.Sprintf("the new expiry date %s is not after the run date %s", expiry, runDate), "write a later date, or none")
				continue
			}
			r.ExpiresAt = expiry
		}
		if prev, ok := decidedBy[d.AccountID]; ok {
			if reviews[d.AccountID] != r {
				problem(Invalid, d, "col_decision", "E8", fmt.Sprintf("row %d decides otherwise on another entry of %s; the rule book decides per account", prev.row, d.AccountID),
					"decide every entry of one account alike, or remove the duplicate entry (E8) first")
			}
			continue
		}
		reviews[d.AccountID] = r
		decidedBy[d.AccountID] = &reviewed{row: d.Row, reviewer: d.Reviewer, line: entry.Line}
	}

	var actions []syncaudit.Action
	var findings []syncaudit.Finding
	if len(reviews) > 0 {
		now, err := decide(reviews, string(wb.Lang))
		if err != nil {
			return nil, out, err
		}
		for _, a := range now.Actions {
			by, ok := decidedBy[a.Account]
			if !ok || a.Rule != "E9" || reviewKinds[a.Kind] == "" {
				continue
			}
			a.Evidence = maps.Clone(a.Evidence)
			if a.Evidence == nil {
				a.Evidence = map[string]string{}
			}
			a.Evidence["decision"] = reviewKinds[a.Kind]
			a.Evidence["reviewed_at"] = runDate.String()
			a.Evidence["row"] = strconv.Itoa(by.row)
			if by.reviewer != "" {
				a.Evidence["reviewer"] = by.reviewer
			}
			if by.line > 0 {
				a.Evidence["entry_line"] = strconv.Itoa(by.line)
			}
			switch a.Kind {
			case syncaudit.SetExceptionReason:
				out.Kept++
			case syncaudit.RemoveException:
				out.Removed++
			default:
				out.Deleted++
			}
			actions = append(actions, a)
			by.acted = true
		}
		for _, f := range now.Findings {
			by, ok := decidedBy[f.Account]
			if !ok || !(f.Rule == "E9" || f.Rule == "L4" && f.Evidence["decision"] == "delete") {
				continue
			}
			rule, column := f.Rule, "col_decision"
			if r := f.Evidence["refused_by"]; r != "" {
				rule = r
			}
			if rule == "E4" {
				column = "col_new_reason"
			}
			out.Problems = append(out.Problems, Problem{Kind: Refused, Row: by.row, Account: f.Account, Column: column, Rule: rule, Message: f.Message, Fix: f.Fix})
			by.refused = true
		}
		for _, id := range slices.Sorted(maps.Keys(decidedBy)) {
			if by := decidedBy[id]; !by.acted && !by.refused {
				out.Problems = append(out.Problems, Problem{Kind: Refused, Row: by.row, Account: id, Column: "col_decision", Rule: "E9",
					Message: fmt.Sprintf("the rule book gives no action for the decision %s on %s", reviews[id].Decision, id),
					Fix:     "export a new review workbook and decide again"})
			}
		}
		sort.SliceStable(out.Problems, func(i, j int) bool { return out.Problems[i].Row < out.Problems[j].Row })
		rep = now
	}
	if out.Decided() == 0 && out.count(Invalid) > 0 {
		var errs syncaudit.InputErrors
		for _, p := range out.Problems {
			// The column as the reviewer sees it: its header in the workbook's language.
			errs = append(errs, &syncaudit.InputError{File: wb.File, Line: p.Row, Column: report.T(wb.Lang, p.Column), Value: p.value(wb),
				Problem: p.Message, Fix: p.Fix})
		}
		return nil, out, errs
	}
	sort.SliceStable(actions, func(i, j int) bool {
		if actions[i].Account != actions[j].Account {
			return actions[i].Account < actions[j].Account
		}
		ri, _ := strconv.Atoi(actions[i].Evidence["row"])
		rj, _ := strconv.Atoi(actions[j].Evidence["row"])
		return ri < rj
	})
	plan := &syncaudit.Report{
		Schema:  syncaudit.ReportSchema,
		Tool:    rep.Tool,
		Run:     rep.Run,
		Actions: actions,
	}
	plan.Run.RunDate = runDate
	plan.Run.Inputs = append([]syncaudit.InputFile(nil), snap.Inputs...)
	if plan.Actions == nil {
		plan.Actions = []syncaudit.Action{}
	}
	for _, p := range out.Problems {
		findings = append(findings, syncaudit.Finding{
			Rule: p.Rule, Severity: syncaudit.Warn, Account: p.Account,
			Message: "review workbook " + p.String(), Fix: p.Fix,
			Evidence: map[string]string{"row": strconv.Itoa(p.Row), "problem": string(p.Kind)},
		})
	}
	plan.Findings = findings
	if plan.Findings == nil {
		plan.Findings = []syncaudit.Finding{}
	}
	plan.Summarise(len(snap.Accounts))
	return plan, out, nil
}

// reviewed is the row that decided on an account, and what became of it.
type reviewed struct {
	row            int
	reviewer       string
	line           int // the entry's line in target/exceptions
	acted, refused bool
}

// keyAccount returns the account id of a row key.
func keyAccount(key string) string {
	if i := strings.LastIndex(key, "#"); i >= 0 {
		return key[:i]
	}
	return key
}

// decisionWords lists the decision words of lang, and the English ones.
func decisionWords(lang report.Lang) string {
	var words []string
	for _, k := range report.Decisions {
		words = append(words, report.T(lang, k))
	}
	if lang != report.English {
		for _, k := range report.Decisions {
			words = append(words, report.T(report.English, k))
		}
	}
	return strings.Join(words, ", ")
}
