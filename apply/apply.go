// Package apply turns a plan (a check report, or a review plan in the same
// schema) into the next snapshot: the target's accounts, exception list and
// memberships with the planned actions applied, the tenant file and source
// exports copied unchanged, and a journal that ties every change to the
// plan's digest, its rule and its account.
//
// Plan evaluates the rule book again on the snapshot and computes the next
// target tables in memory from the plan's selection of what the rule book
// decides now; before anything is written it refuses a plan made from other
// inputs or policies, an action the rule book does not decide (added,
// changed, unskipped), and a run the rule book denies now unless the caller
// accepts the deny rule. The plan is a selection, never a source of truth
// (docs/apply.md). Write puts the
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
	"github.com/syncaudit/syncaudit/policies"
)

// Options configure Plan.
type Options struct {
	// RunDate is the date the changes carry (deleted_at, reviewed_at); the
	// zero Date takes the plan's run date, else the tenant's.
	RunDate syncaudit.Date
	// Engine is the rule book, as check was given it (built-in and user
	// policies); Plan evaluates it again on the snapshot and carries out only
	// what it decides now. Required.
	Engine *policies.Engine
	// Workers is the number of cases the rule book evaluates at once; 0
	// means GOMAXPROCS.
	Workers int
	// AcceptDeny names the deny rules (D9, D10, L6, ...) whose findings the
	// caller has checked and accepts; a deny finding of any other rule, as
	// the rule book decides it now, refuses the run. Each must be a deny
	// rule of the rule book (a usage error otherwise).
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
	// Unselected counts the changes the rule book plans now that the plan
	// does not list: they are not applied.
	Unselected int
	// Applied and NotApplied count the journal's entries per action kind.
	Applied    map[syncaudit.ActionKind]int
	NotApplied map[syncaudit.ActionKind]int
	// Language is the tenant's report language (en, nl or sv), in which the
	// summary of the run is printed.
	Language string
	// Schoolless lists the active accounts the plan left without any school
	// relation (it unlinked every school of them; on a board D5 does so for an
	// absent account the exception list keeps): they stand at board level
	// until their entries are reviewed, which a person should know.
	Schoolless []string
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

// carryOut applies the items to the snapshot's target tables in their order
// and returns the tables with a journal; it writes nothing and decides
// nothing: Plan has matched every item with what the rule book decides now.
// It refuses, with a *syncaudit.InputError (or InputErrors) and no result, an
// action the next snapshot could not hold (an unknown kind or account, a
// school the tenant does not list, an update whose from-value is not the
// account's, a new account without a domain for its username).
func carryOut(ctx context.Context, snap *syncaudit.Snapshot, items []item, runDate syncaudit.Date, accepted []string, opts Options) (*Result, error) {
	st := newState(snap, runDate, opts.PlanDigest)
	st.accepted = accepted
	var errs syncaudit.InputErrors
	for n, it := range items {
		if n%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		a := it.action
		entry, err := st.apply(it.seq, a)
		if err != nil {
			errs = append(errs, &syncaudit.InputError{
				File: opts.PlanFile, Column: fmt.Sprintf("actions[%d]", it.seq), Value: actionLabel(a),
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

// planItems makes the items of a plan taken as it is, in its order: what
// carryOut's own tests apply.
func planItems(plan *syncaudit.Report) []item {
	items := make([]item, len(plan.Actions))
	for i := range plan.Actions {
		items[i] = item{seq: i, action: &plan.Actions[i]}
	}
	return items
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
