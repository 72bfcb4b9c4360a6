package policies

import (
	"context"
	"fmt"
	"slices"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/syncaudit/syncaudit"
)

// The guards (D9, D10, L6) are rules of the tenant case: they read
// input.counts, which Go counts from every action the rule book collected,
// the actions of a tenant's own rules included (docs/policies.md, "The
// tenant case"). Go counts; the rule book decides.

// destructive reports whether a planned action of this kind takes something
// from an account: the account itself, a school relation or a source link
// (D9: "counted destructive actions").
func destructive(k syncaudit.ActionKind) bool {
	switch k {
	case syncaudit.SoftDelete, syncaudit.UnlinkSchool, syncaudit.UnlinkSource, syncaudit.DeleteAccount:
		return true
	}
	return false
}

// tenantCase evaluates the tenant case on the counts of actions. When the
// tenant case itself plans an action the guards count (a tenant's own rule
// may), it is evaluated again with those counted too, and its findings are
// taken from that second evaluation: a guard is counted after every action
// is collected.
func (e *Engine) tenantCase(ctx context.Context, pq rego.PreparedEvalQuery, conv converter, snap *syncaudit.Snapshot, sources []string, actions []syncaudit.Action, eligible []bool) (caseResult, error) {
	evalTenant := func(actions []syncaudit.Action) (caseResult, error) {
		out, err := eval(ctx, pq, tenantCaseValue(snap, sources, actions, eligible, e.hasEligible))
		if err != nil {
			if ctx.Err() != nil {
				return caseResult{}, fmt.Errorf("check: %w", ctx.Err())
			}
			return caseResult{}, fmt.Errorf("evaluate the tenant case: %w", err)
		}
		res, err := conv.result(out, nil)
		if err != nil {
			return caseResult{}, fmt.Errorf("evaluate the tenant case: %w", err)
		}
		return res, nil
	}
	res, err := evalTenant(actions)
	if err != nil {
		return res, err
	}
	counted := slices.ContainsFunc(res.actions, func(a syncaudit.Action) bool {
		return a.State == syncaudit.Planned && (destructive(a.Kind) || a.Kind == syncaudit.Update)
	})
	if !counted {
		return res, nil
	}
	again, err := evalTenant(append(slices.Clone(actions), res.actions...))
	if err != nil {
		return res, err
	}
	return caseResult{actions: res.actions, findings: again.findings}, nil
}

// tenantCaseValue builds the tenant case from the collected actions: the
// counts every guard reads, tenant-wide, per school and per source
// (docs/policies.md, "The tenant case").
func tenantCaseValue(snap *syncaudit.Snapshot, sources []string, actions []syncaudit.Action, eligible []bool, eligibleKnown bool) ast.Value {
	listed := make(map[string]bool, len(snap.Tenant.Schools))
	for _, s := range snap.Tenant.Schools {
		listed[s.ID] = true
	}
	// Records: per source and per source and school, and which links a
	// source offers anywhere.
	records := map[string]int{}
	eligibleBySource := map[string]int{}
	eligibleAt := map[[2]string]int{} // source, school
	recordsAt := map[[2]string]int{}  // source, school
	offered := map[syncaudit.Link]bool{}
	for i := range snap.Records {
		r := &snap.Records[i]
		if !listed[r.School] {
			continue
		}
		src := string(r.Source)
		records[src]++
		recordsAt[[2]string{src, r.School}]++
		if !eligibleKnown || eligible[i] {
			eligibleBySource[src]++
			eligibleAt[[2]string{src, r.School}]++
			offered[r.Link()] = true
		}
	}
	// Accounts: active, linked, per school, per source and school.
	var active, linked int
	index := make(map[string]int, len(snap.Accounts))
	activeAt := map[string]int{}
	linkedBySource := map[string]int{}
	linkedAt := map[[2]string]int{} // source, school
	absentAt := map[[2]string]int{} // source, school: linked to the source, which offers none of its links
	linkedAccounts := map[string]bool{}
	for i := range snap.Accounts {
		a := &snap.Accounts[i]
		index[a.ID] = i
		if a.Status != syncaudit.Active {
			continue
		}
		active++
		for _, s := range a.Schools {
			activeAt[s]++
		}
		if a.Manual() {
			continue
		}
		linked++
		linkedAccounts[a.ID] = true
		bySource := map[syncaudit.Source]bool{} // source -> offered by it somewhere
		for _, l := range a.Links {
			bySource[l.Source] = bySource[l.Source] || offered[l]
		}
		for src, isOffered := range bySource {
			linkedBySource[string(src)]++
			for _, s := range a.Schools {
				k := [2]string{string(src), s}
				linkedAt[k]++
				if !isOffered {
					absentAt[k]++
				}
			}
		}
	}
	// Actions: planned soft deletes, the accounts that lose something, where,
	// and the accounts whose locked fields each source overwrites.
	var softDeletes int
	losing := map[string]bool{}
	losingAt := map[string]map[string]bool{} // school -> accounts
	lose := func(school, account string) {
		if losingAt[school] == nil {
			losingAt[school] = map[string]bool{}
		}
		losingAt[school][account] = true
	}
	updated := map[string]bool{}
	updatedBy := map[string]map[string]bool{}
	for i := range actions {
		a := &actions[i]
		if a.State != syncaudit.Planned {
			continue
		}
		if a.Kind == syncaudit.SoftDelete {
			softDeletes++
		}
		if a.Kind == syncaudit.Update && linkedAccounts[a.Account] {
			updated[a.Account] = true
			if updatedBy[a.Source] == nil {
				updatedBy[a.Source] = map[string]bool{}
			}
			updatedBy[a.Source][a.Account] = true
		}
		if !destructive(a.Kind) || a.Account == "" {
			continue
		}
		losing[a.Account] = true
		// An unlink_school loses its school; the rest lose the account at
		// each school it has (a soft delete at the board names none).
		if a.Kind == syncaudit.UnlinkSchool && a.School != "" {
			lose(a.School, a.Account)
			continue
		}
		if i, ok := index[a.Account]; ok {
			for _, s := range snap.Accounts[i].Schools {
				lose(s, a.Account)
			}
		}
	}

	srcItems := make([][2]*ast.Term, 0, len(sources))
	for _, s := range sources {
		var atItems [][2]*ast.Term
		for _, school := range snap.Tenant.Schools {
			k := [2]string{s, school.ID}
			if linkedAt[k] == 0 && recordsAt[k] == 0 {
				continue
			}
			atItems = append(atItems, item(school.ID, ast.ObjectTerm(
				item("records", ast.IntNumberTerm(recordsAt[k])),
				item("eligible", ast.IntNumberTerm(eligibleAt[k])),
				item("linked_accounts", ast.IntNumberTerm(linkedAt[k])),
				item("absent_accounts", ast.IntNumberTerm(absentAt[k])),
			)))
		}
		srcItems = append(srcItems, item(s, ast.ObjectTerm(
			item("records", ast.IntNumberTerm(records[s])),
			item("eligible", ast.IntNumberTerm(eligibleBySource[s])),
			item("linked_accounts", ast.IntNumberTerm(linkedBySource[s])),
			item("updated_accounts", ast.IntNumberTerm(len(updatedBy[s]))),
			item("schools", ast.ObjectTerm(atItems...)),
		)))
	}
	var schoolItems [][2]*ast.Term
	for _, school := range snap.Tenant.Schools {
		if activeAt[school.ID] == 0 && len(losingAt[school.ID]) == 0 {
			continue
		}
		schoolItems = append(schoolItems, item(school.ID, ast.ObjectTerm(
			item("active_accounts", ast.IntNumberTerm(activeAt[school.ID])),
			item("destructive_accounts", ast.IntNumberTerm(len(losingAt[school.ID]))),
		)))
	}
	entries := map[string]int{}
	for _, e := range snap.Exceptions {
		entries[e.AccountID]++
	}
	var dups [][2]*ast.Term
	for id, n := range entries {
		if n > 1 {
			dups = append(dups, item(id, ast.IntNumberTerm(n)))
		}
	}
	return ast.NewObject(
		item("case", ast.StringTerm(tenantCase)),
		item("counts", ast.ObjectTerm(
			item("accounts", ast.IntNumberTerm(len(snap.Accounts))),
			item("active_accounts", ast.IntNumberTerm(active)),
			item("linked_accounts", ast.IntNumberTerm(linked)),
			item("planned_soft_deletes", ast.IntNumberTerm(softDeletes)),
			item("destructive_accounts", ast.IntNumberTerm(len(losing))),
			item("updated_accounts", ast.IntNumberTerm(len(updated))),
			item("sources", ast.ObjectTerm(srcItems...)),
			item("schools", ast.ObjectTerm(schoolItems...)),
		)),
		item("duplicate_exceptions", ast.ObjectTerm(dups...)),
	)
}
