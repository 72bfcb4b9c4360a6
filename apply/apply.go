// Package apply turns a plan (a check report, or a review plan in the same
// schema) into the next snapshot: the target's accounts, exception list and
// memberships with the planned actions applied, the tenant file and source
// exports copied unchanged, and a journal that ties every change to the
// plan's digest, its rule and its account.
//
// Plan computes the next target tables in memory and refuses, before anything
// is written, a plan made from other inputs, a plan that carries a deny
// finding the caller has not accepted, and an action that names an unknown
// account or deletes a source-managed account by hand (L4, L5). Write puts the
// result in a new folder through a temporary folder beside it, renamed into
// place only when complete. Apply does both from paths, as the CLI needs.
package apply

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/syncaudit/syncaudit"
)

// Options configure Plan.
type Options struct {
	// RunDate is the date the changes carry (deleted_at, reviewed_at); the
	// zero Date takes the plan's run date, else the tenant's.
	RunDate syncaudit.Date
	// AcceptDeny names the deny rules (D9, D10, L6, ...) whose findings the
	// caller has checked and accepts; a plan with a deny finding of any other
	// rule is refused.
	AcceptDeny []string
	// PlanDigest is the SHA-256 of the plan file (hex), written in every
	// journal line; ReadPlan returns it.
	PlanDigest string
	// PlanFile names the plan in messages; "plan" when empty.
	PlanFile string
	// FileMode is the permission of the files Apply writes; 0 means 0600
	// (readable by the owner only: the snapshot holds personal data).
	FileMode os.FileMode
}

// A Result is the next snapshot's target tables and the journal of how they
// came about.
type Result struct {
	// RunDate is the date the changes carry.
	RunDate syncaudit.Date
	// PlanDigest is the SHA-256 of the plan (Options.PlanDigest).
	PlanDigest string
	// Accounts, Exceptions and Memberships are the target tables after the
	// plan: existing rows in their order, new accounts at the end.
	Accounts    []syncaudit.Account
	Exceptions  []syncaudit.ExceptionEntry
	Memberships []syncaudit.Membership
	// Journal holds one entry per action of the plan, in plan order: applied,
	// or not applied with the reason.
	Journal []Entry
	// Applied and NotApplied count the journal's entries per action kind.
	Applied    map[syncaudit.ActionKind]int
	NotApplied map[syncaudit.ActionKind]int
	// Warnings name states of the next snapshot a person should know about,
	// such as an active account left without a school relation.
	Warnings []string
}

// Touched returns the ids of the accounts the plan changed (created ones
// included), sorted, without the accounts it deleted.
func (r *Result) Touched() []string {
	deleted := map[string]bool{}
	seen := map[string]bool{}
	for _, e := range r.Journal {
		if e.Outcome != Applied || e.Account == "" {
			continue
		}
		if e.Kind == syncaudit.DeleteAccount {
			deleted[e.Account] = true
		}
		seen[e.Account] = true
	}
	var ids []string
	for id := range seen {
		if !deleted[id] {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids
}

// Summary writes one line per action kind: how many actions were applied and
// how many were not, with a note that purging is a person's act.
func (r *Result) Summary() string {
	var b strings.Builder
	for _, k := range syncaudit.ActionKinds {
		a, n := r.Applied[k], r.NotApplied[k]
		if a == 0 && n == 0 {
			continue
		}
		fmt.Fprintf(&b, "%-22s applied %d", k, a)
		if n > 0 {
			fmt.Fprintf(&b, ", not applied %d", n)
		}
		b.WriteByte('\n')
	}
	if r.NotApplied[syncaudit.PurgeCandidate] > 0 {
		fmt.Fprintf(&b, "purge candidates are never purged by apply (D7): purging cannot be undone and is a person's decision in the target\n")
	}
	if b.Len() == 0 {
		b.WriteString("the plan holds no action: the target is unchanged\n")
	}
	for _, w := range r.Warnings {
		b.WriteString("note: " + w + "\n")
	}
	return b.String()
}

// Plan applies the plan's actions to the snapshot's target tables and returns
// them with a journal; it writes nothing. It refuses, with a
// *syncaudit.InputError (or InputErrors) and no result: a plan made from other
// inputs than the snapshot's (the first differing file is named), a plan with
// a deny finding whose rule opts.AcceptDeny does not name (D9 first), an
// action of an unknown kind or on an unknown account, a delete_account that L4
// forbids, an update whose from-value is not the account's, and an action the
// next snapshot could not hold (a school the tenant does not list, a new
// account without a domain for its username).
func Plan(ctx context.Context, snap *syncaudit.Snapshot, plan *syncaudit.Report, opts Options) (*Result, error) {
	if opts.PlanFile == "" {
		opts.PlanFile = "plan"
	}
	if err := sameInputs(snap, plan, opts.PlanFile); err != nil {
		return nil, err
	}
	if err := denied(plan, opts.AcceptDeny, opts.PlanFile); err != nil {
		return nil, err
	}
	runDate := opts.RunDate
	if runDate.IsZero() {
		runDate = plan.Run.RunDate
	}
	if runDate.IsZero() {
		runDate = snap.Tenant.RunDate
	}
	if runDate.IsZero() {
		return nil, &syncaudit.UsageError{Msg: "no run date: the plan and tenant.yaml carry none; pass --run-date YYYY-MM-DD"}
	}
	st := newState(snap, runDate, opts.PlanDigest)
	st.accepted = acceptedDeny(plan, opts.AcceptDeny)
	var errs syncaudit.InputErrors
	for i := range plan.Actions {
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		a := &plan.Actions[i]
		entry, err := st.apply(i, a)
		if err != nil {
			errs = append(errs, &syncaudit.InputError{
				File: opts.PlanFile, Column: fmt.Sprintf("actions[%d]", i), Value: actionLabel(a),
				Problem: err.problem, Fix: err.fix,
			})
			continue
		}
		st.res.Journal = append(st.res.Journal, entry)
		if entry.Outcome == Applied {
			st.res.Applied[a.Kind]++
		} else {
			st.res.NotApplied[a.Kind]++
		}
	}
	switch len(errs) {
	case 0:
	case 1:
		return nil, errs[0]
	default:
		return nil, errs
	}
	return st.result(), nil
}

// actionLabel names an action in a message: kind, rule and account.
func actionLabel(a *syncaudit.Action) string {
	who := a.Account
	if a.Kind == syncaudit.Create {
		who = a.Source + ":" + a.SourceID
	}
	return fmt.Sprintf("%s %s (%s)", a.Kind, who, a.Rule)
}

// sameInputs refuses a plan whose inputs (file and SHA-256) are not the
// snapshot's, naming the first file that differs in the snapshot's order.
func sameInputs(snap *syncaudit.Snapshot, plan *syncaudit.Report, planFile string) error {
	planned := map[string]string{}
	for _, in := range plan.Run.Inputs {
		planned[in.File] = in.SHA256
	}
	refuse := func(file, problem string) error {
		return &syncaudit.InputError{
			File: planFile, Column: "run.inputs", Value: file,
			Problem: "the plan was made from other inputs: " + problem,
			Fix:     "run syncaudit check on this snapshot and apply the plan it writes; a plan is applied once, to the snapshot it was made from",
		}
	}
	if len(plan.Run.Inputs) == 0 {
		return refuse("", "it lists no input files (run.inputs is empty)")
	}
	have := map[string]bool{}
	for _, in := range snap.Inputs {
		have[in.File] = true
		sum, ok := planned[in.File]
		switch {
		case !ok:
			return refuse(in.File, fmt.Sprintf("the snapshot holds %s, which the plan does not list", in.File))
		case !strings.EqualFold(sum, in.SHA256):
			return refuse(in.File, fmt.Sprintf("%s differs (plan sha256 %s, snapshot sha256 %s)", in.File, short(sum), short(in.SHA256)))
		}
	}
	for _, in := range plan.Run.Inputs {
		if !have[in.File] {
			return refuse(in.File, fmt.Sprintf("the plan lists %s, which the snapshot does not hold", in.File))
		}
	}
	return nil
}

func short(sum string) string {
	if len(sum) > 12 {
		return sum[:12] + "…"
	}
	return sum
}

// acceptedDeny returns the deny rules of the plan that accept names, D9
// first, each once.
func acceptedDeny(plan *syncaudit.Report, accept []string) []string {
	ok := map[string]bool{}
	for _, r := range accept {
		ok[strings.ToUpper(strings.TrimSpace(r))] = true
	}
	var rules []string
	for _, f := range plan.Findings {
		if f.Severity == syncaudit.Deny && ok[strings.ToUpper(f.Rule)] && !slices.Contains(rules, f.Rule) {
			rules = append(rules, f.Rule)
		}
	}
	slices.SortStableFunc(rules, d9First)
	return rules
}

// d9First orders D9, the mass-deletion guard, before every other rule.
func d9First(a, b string) int {
	switch {
	case a == b:
		return 0
	case a == "D9":
		return -1
	case b == "D9":
		return 1
	}
	return 0
}

// denied refuses a plan with a deny finding whose rule accept does not name.
// D9, the mass-deletion guard, is named first; the others follow in the
// order the plan lists them.
func denied(plan *syncaudit.Report, accept []string, planFile string) error {
	ok := map[string]bool{}
	for _, r := range accept {
		ok[strings.ToUpper(strings.TrimSpace(r))] = true
	}
	var rules, all []string // the deny rules not accepted; every deny rule
	first := map[string]syncaudit.Finding{}
	for _, f := range plan.Findings {
		if f.Severity != syncaudit.Deny {
			continue
		}
		if _, dup := first[f.Rule]; dup {
			continue
		}
		first[f.Rule] = f
		all = append(all, f.Rule)
		if !ok[strings.ToUpper(f.Rule)] {
			rules = append(rules, f.Rule)
		}
	}
	if len(rules) == 0 {
		return nil
	}
	slices.SortStableFunc(rules, d9First)
	slices.SortStableFunc(all, d9First)
	var what []string
	for _, r := range rules {
		what = append(what, fmt.Sprintf("%s (%s)", r, first[r].Message))
	}
	return &syncaudit.InputError{
		File: planFile, Column: "findings", Value: strings.Join(rules, ","),
		Problem: "the plan carries deny findings, so it is not applied: " + strings.Join(what, "; "),
		Fix: fmt.Sprintf("fix the cause and run check again (%s); only if you have verified that the changes are real, pass --accept-deny %s",
			first[rules[0]].Fix, strings.Join(all, ",")),
	}
}
