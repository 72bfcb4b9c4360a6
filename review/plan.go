package review

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/syncaudit/syncaudit"
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

// Plan turns the decisions of a review workbook into a plan in the report
// schema: keep gives set_exception_reason (a reason is needed; the review
// date becomes runDate; a new expiry date is carried), remove gives
// remove_exception, delete gives delete_account where L5 lets the platform
// own the account (absent from every source and on the list) or the account
// is manual. Every other row is counted or named in the outcome's problems,
// and each problem is a warn finding of the plan. snap is the snapshot now,
// rep the check's report of it; the plan's run carries rep's inputs, so that
// apply can refuse it for other inputs.
//
// Plan returns an error (an *syncaudit.InputError or syncaudit.InputErrors)
// when nothing in the workbook can be trusted: it is for another tenant, or
// no row gave an action and at least one was edited in the wrong place.
func Plan(snap *syncaudit.Snapshot, rep *syncaudit.Report, wb *Workbook, runDate syncaudit.Date) (*syncaudit.Report, *Outcome, error) {
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
	accounts := map[string]*syncaudit.Account{}
	for i := range snap.Accounts {
		accounts[snap.Accounts[i].ID] = &snap.Accounts[i]
	}
	entries := map[string]*syncaudit.ExceptionEntry{}
	seen := map[string]int{}
	for i := range snap.Exceptions {
		e := &snap.Exceptions[i]
		seen[e.AccountID]++
		entries[Key(e.AccountID, seen[e.AccountID])] = e
	}
	protected, _ := actionIndex(rep)

	out := &Outcome{Lang: wb.Lang}
	var actions []syncaudit.Action
	used := map[string]int{} // key -> row that decided it
	problem := func(kind ProblemKind, d *Decision, column, rule, msg, fix string) {
		out.Problems = append(out.Problems, Problem{Kind: kind, Row: d.Row, Account: d.AccountID, Column: column, Rule: rule, Message: msg, Fix: fix})
	}
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
		dc := decided{Decision: d, acc: accounts[d.AccountID], entry: entry, runDate: runDate}
		dc.ev = map[string]string{"decision": decision, "reviewed_at": runDate.String(), "row": strconv.Itoa(d.Row)}
		if entry.Line > 0 {
			dc.ev["entry_line"] = strconv.Itoa(entry.Line)
		}
		if d.Reviewer != "" {
			dc.ev["reviewer"] = d.Reviewer
			dc.by = " by " + d.Reviewer
		}
		var (
			a     *syncaudit.Action
			why   *Problem
			count *int // the outcome's count of the decision
		)
		switch decision {
		case "keep":
			a, why = dc.keep(wb.Lang)
			count = &out.Kept
		case "remove":
			a, count = dc.remove(), &out.Removed
		case "delete":
			a, why = dc.delete(protected[d.AccountID])
			count = &out.Deleted
		}
		if why != nil {
			out.Problems = append(out.Problems, *why)
			continue
		}
		actions = append(actions, *a)
		*count++
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
		plan.Findings = append(plan.Findings, syncaudit.Finding{
			Rule: p.Rule, Severity: syncaudit.Warn, Account: p.Account,
			Message: "review workbook " + p.String(), Fix: p.Fix,
			Evidence: map[string]string{"row": strconv.Itoa(p.Row), "problem": string(p.Kind)},
		})
	}
	if plan.Findings == nil {
		plan.Findings = []syncaudit.Finding{}
	}
	plan.Summarise(len(snap.Accounts))
	return plan, out, nil
}

// decided is one valid decision of the workbook about an entry still on the
// list: the decision, the account (nil when not in the target), the entry,
// and the evidence and wording every action of it carries.
type decided struct {
	*Decision
	acc     *syncaudit.Account
	entry   *syncaudit.ExceptionEntry
	runDate syncaudit.Date
	ev      map[string]string
	by      string // " by <reviewer>", or ""
}

// problem returns a problem of the decision's row; column is the message
// key of the column at fault.
func (d *decided) problem(kind ProblemKind, column, rule, msg, fix string) *Problem {
	return &Problem{Kind: kind, Row: d.Row, Account: d.AccountID, Column: column, Rule: rule, Message: msg, Fix: fix}
}

// keep gives set_exception_reason: the entry stays with a reason (the new
// one, else the old), the review date becomes the run date, and a new expiry
// date is carried (E10). Only an account of the target that a source manages
// can be kept (E2, E3).
func (d *decided) keep(lang report.Lang) (*syncaudit.Action, *Problem) {
	switch {
	case d.acc == nil:
		return nil, d.problem(Refused, "col_decision", "E3", d.AccountID+" is not in the platform, so its entry should not exist", "choose remove")
	case d.acc.Status == syncaudit.SoftDeleted:
		return nil, d.problem(Refused, "col_decision", "E3", d.AccountID+" is soft-deleted, so its entry should not exist", "choose remove (restore the account first if it must stay)")
	case d.acc.Manual():
		return nil, d.problem(Refused, "col_decision", "E2", d.AccountID+" is a manual account: only a source-managed account can be on the list", "choose remove")
	}
	reason := strings.TrimSpace(d.NewReason)
	if reason == "" {
		reason = d.entry.Reason
	}
	if reason == "" {
		return nil, d.problem(Invalid, "col_new_reason", "E4", "keep needs a reason and the entry has none", "write the reason in the column "+report.T(lang, "col_new_reason"))
	}
	expiry, err := parseExpiry(d.NewExpiry)
	if err != nil {
		return nil, d.problem(Invalid, "col_new_expiry", "E10", "the new expiry date "+err.Error(), "write a date such as "+d.runDate.AddDays(90).String())
	}
	if !expiry.IsZero() && !expiry.After(d.runDate) {
		return nil, d.problem(Invalid, "col_new_expiry", "E10", fmt.Sprintf("the new expiry date %s is not after the run date %s", expiry, d.runDate), "write a later date, or none")
	}
	// The evidence carries reason, reviewed_at and expires_at as the rule
	// book's E9 rule writes them (policies/exceptions.rego).
	d.ev["reason"] = reason
	d.ev["expires_at"] = expiry.String()
	a := &syncaudit.Action{Kind: syncaudit.SetExceptionReason, Account: d.AccountID, Field: "reason",
		From: d.entry.Reason, To: reason, ExpiresAt: expiry, Rule: "E9", State: syncaudit.Planned,
		Reason: fmt.Sprintf("kept at the review of %s%s: %s; the review date becomes %s", d.runDate, d.by, reason, d.runDate), Evidence: d.ev}
	if !expiry.IsZero() {
		a.Reason += fmt.Sprintf("; the entry expires on %s (E10)", expiry)
	}
	return a, nil
}

// remove gives remove_exception: the entry leaves the list, whatever the account.
func (d *decided) remove() *syncaudit.Action {
	return &syncaudit.Action{Kind: syncaudit.RemoveException, Account: d.AccountID, Rule: "E9", State: syncaudit.Planned,
		Reason: fmt.Sprintf("removed from the exception list at the review of %s%s", d.runDate, d.by), Evidence: d.ev}
}

// delete gives delete_account where the platform owns the account: a manual
// account (E2), or one that L5 protects (absent from every source and kept
// by the list, so protected is true). A source-managed account a source
// still offers is refused (L4).
func (d *decided) delete(protected bool) (*syncaudit.Action, *Problem) {
	var why string
	switch {
	case d.acc == nil:
		return nil, d.problem(Refused, "col_decision", "E3", d.AccountID+" is not in the platform, so there is nothing to delete", "choose remove to clear the entry")
	case d.acc.Status == syncaudit.SoftDeleted:
		return nil, d.problem(Refused, "col_decision", "D7", d.AccountID+" is already soft-deleted; purging it is a separate decision in the platform's deleted users", "choose remove to clear the entry")
	case d.acc.Manual():
		d.ev["owner"] = "platform (manual account)"
		why = "a manual account, the platform owns it (E2)"
	case protected:
		d.ev["owner"] = "platform (L5)"
		why = "absent from every source and on the exception list, so the platform owns it (L5)"
	default:
		links := make([]string, len(d.acc.Links))
		for i, l := range d.acc.Links {
			links[i] = l.String()
		}
		return nil, d.problem(Refused, "col_decision", "L4", fmt.Sprintf("%s is source-managed and a source still offers it (%s): a source-managed account cannot be deleted by hand in the platform, only by removing it from the source (or, for the LAS, unlinking the teacher from all groups)", d.AccountID, strings.Join(links, ", ")),
			"remove the person from the source, or choose keep or remove")
	}
	return &syncaudit.Action{Kind: syncaudit.DeleteAccount, Account: d.AccountID, Rule: "E9", State: syncaudit.Planned,
		Reason: fmt.Sprintf("deleted at the review of %s%s: %s", d.runDate, d.by, why), Evidence: d.ev}, nil
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
