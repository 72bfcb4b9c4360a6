package policies

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/words"
)

// A Subject is the person syncaudit explain explains: accounts by id and
// source people by link. Finding them by name is the caller's business
// (explain.Find); the rule book matches by link only (M1).
type Subject struct {
	Accounts []string
	Links    []syncaudit.Link
}

// ExplainOptions configure one Explain.
type ExplainOptions struct {
	// RunDate, Language and Workers are as for CheckOptions.
	RunDate  syncaudit.Date
	Language string
	Workers  int
	// Program, when set, asks for the diagnosis of rule P4 for that program.
	Program string
}

// An Explanation is what the rule book says about one person: every case of
// the snapshot that concerns them, evaluated in full (no fast path) with the
// explain view of policies/explain.rego, and the report of the whole check,
// for what concerns the run as a whole (D9, D10, L6).
type Explanation struct {
	Report *syncaudit.Report
	Cases  []ExplainedCase
}

// An ExplainedCase is one case's evaluation: its actions and findings as the
// report has them, and the view (data.syncaudit.explain.view) as JSON values.
type ExplainedCase struct {
	// Kind is "account" or "record".
	Kind string `json:"case"`
	// Account is the account of an account case; Link the person of a
	// record case.
	Account  string              `json:"account,omitempty"`
	Link     string              `json:"link,omitempty"`
	Actions  []syncaudit.Action  `json:"actions"`
	Findings []syncaudit.Finding `json:"findings"`
	View     map[string]any      `json:"view"`
}

// explainQuery is the case query with the explain view beside it.
const explainQuery = `{
	"actions": [a | some a in data.syncaudit.rules[_].actions],
	"findings": [f | some f in data.syncaudit.rules[_].findings],
	"view": object.get(data.syncaudit, ["explain", "view"], {}),
}`

// Explain evaluates the cases of the snapshot that concern subject: the
// account case of every account named, the record case of every source
// person named, and the record cases that match a named account (M1, M2) or
// whose link a named account carries. It runs the whole check too (Report),
// so that the run-wide refusals are known. An account id or link that the
// snapshot does not hold is an error naming it.
func (e *Engine) Explain(ctx context.Context, snap *syncaudit.Snapshot, subject Subject, opts ExplainOptions) (*Explanation, error) {
	runDate := opts.RunDate
	if runDate.IsZero() {
		runDate = snap.Tenant.RunDate
	}
	rep, err := e.Check(ctx, snap, CheckOptions{RunDate: runDate, Language: opts.Language, Workers: opts.Workers})
	if err != nil {
		return nil, err
	}
	runDate = rep.Run.RunDate
	store := tenantStore(snap, runDate, snapshotSources(snap))
	pq, err := rego.New(rego.Compiler(e.compiler), rego.Store(store), rego.Query(explainQuery)).PrepareForEval(ctx)
	if err != nil {
		return nil, fmt.Errorf("prepare the explain query: %w", err)
	}
	conv := e.converterFor(rep)

	cases := join(snap)
	accounts := map[int]bool{}
	for _, id := range subject.Accounts {
		i := slices.IndexFunc(snap.Accounts, func(a syncaudit.Account) bool { return a.ID == id })
		if i < 0 {
			return nil, fmt.Errorf("the snapshot has no account %s", id)
		}
		accounts[i] = true
	}
	links := map[syncaudit.Link]bool{}
	for _, l := range subject.Links {
		links[l] = true
	}
	for _, k := range cases {
		if k.kind == accountCase && !accounts[k.account] {
			for _, l := range snap.Accounts[k.account].Links {
				if links[l] {
					accounts[k.account] = true
				}
			}
		}
	}
	var chosen []int
	seenLink := map[syncaudit.Link]bool{}
	for i := range cases {
		k := &cases[i]
		switch k.kind {
		case accountCase:
			if accounts[k.account] {
				chosen = append(chosen, i)
				for _, ri := range k.records {
					seenLink[snap.Records[ri].Link()] = true
				}
			}
		case recordCase:
			p := k.person
			if links[p.link] || anyOf(p.matches, accounts) || anyOf(p.linked, accounts) {
				chosen = append(chosen, i)
				seenLink[p.link] = true
			}
		}
	}
	for _, l := range subject.Links {
		if !seenLink[l] && !carried(snap, l) {
			return nil, fmt.Errorf("no source record and no account has the link %s: the %s export does not hold %s at a school of the tenant", l, l.Source, l.SourceID)
		}
	}

	out := &Explanation{Report: rep}
	for _, i := range chosen {
		k := &cases[i]
		input := k.value(snap).(ast.Object)
		input.Insert(ast.StringTerm("explain"), ast.NewTerm(e.explainInput(snap, cases, k, opts.Program)))
		res, err := eval(ctx, pq, input)
		if err != nil {
			return nil, fmt.Errorf("explain %s: %w", k.describe(snap), err)
		}
		cr, err := conv.result(res, k.records)
		if err != nil {
			return nil, fmt.Errorf("explain %s: %w", k.describe(snap), err)
		}
		ec := ExplainedCase{
			Kind:     k.kind,
			Actions:  sortUnique(cr.actions, compareActions),
			Findings: sortUnique(cr.findings, compareFindings),
		}
		if ec.Actions == nil {
			ec.Actions = []syncaudit.Action{}
		}
		if ec.Findings == nil {
			ec.Findings = []syncaudit.Finding{}
		}
		if k.kind == accountCase {
			ec.Account = snap.Accounts[k.account].ID
		} else {
			ec.Link = k.person.link.String()
		}
		ec.View, _ = jsonValue(res["view"]).(map[string]any)
		out.Cases = append(out.Cases, ec)
	}
	addRunOutcomes(out)
	return out, nil
}

// addRunOutcomes adds to each account's case the actions and findings of the
// report that name the account but come from the tenant case (E8's duplicate
// entries, say), so that every outcome about the account is in its case.
func addRunOutcomes(x *Explanation) {
	type key struct{ rule, what, message string }
	have := map[string]map[key]int{}
	count := func(account string, k key) {
		if have[account] == nil {
			have[account] = map[key]int{}
		}
		have[account][k]++
	}
	for _, c := range x.Cases {
		for _, a := range c.Actions {
			count(a.Account, key{a.Rule, string(a.Kind) + a.School + a.Field, a.Reason})
		}
		for _, f := range c.Findings {
			count(f.Account, key{f.Rule, string(f.Severity), f.Message})
		}
	}
	for i := range x.Cases {
		c := &x.Cases[i]
		if c.Kind != accountCase {
			continue
		}
		for _, a := range x.Report.Actions {
			k := key{a.Rule, string(a.Kind) + a.School + a.Field, a.Reason}
			if a.Account == c.Account {
				if have[a.Account][k] > 0 {
					have[a.Account][k]--
				} else {
					c.Actions = append(c.Actions, a)
				}
			}
		}
		for _, f := range x.Report.Findings {
			k := key{f.Rule, string(f.Severity), f.Message}
			if f.Account == c.Account {
				if have[f.Account][k] > 0 {
					have[f.Account][k]--
				} else {
					c.Findings = append(c.Findings, f)
				}
			}
		}
	}
}

// converterFor is the converter of a check that gave rep: its disabled
// rules, the catalogue's severities and the report's language.
func (e *Engine) converterFor(rep *syncaudit.Report) converter {
	disabled := map[string]bool{}
	for _, id := range rep.Run.DisabledRules {
		disabled[id] = true
	}
	severities := make(map[string]syncaudit.Severity, len(e.rules))
	for _, r := range e.rules {
		severities[r.ID] = r.Severity
	}
	return converter{disabled: disabled, severities: severities, words: e.words, lang: words.ParseLang(rep.Run.Language)}
}

// explainInput is input.explain of case k (policies/explain.rego): the
// program asked about, the LAS records the rule book matches a manual
// account with (M2), and how many people share each school and group of the
// person's LAS records and how many of them Basispoort assigns the program.
func (e *Engine) explainInput(snap *syncaudit.Snapshot, cases []kase, k *kase, program string) ast.Value {
	var matched []int
	if k.kind == accountCase {
		for i := range cases {
			c := &cases[i]
			if c.kind == recordCase && slices.Contains(c.person.matches, k.account) {
				matched = append(matched, c.records...)
			}
		}
	}
	obj := ast.NewObject(
		str("program", strings.TrimSpace(program)),
		item("matched_records", recordsTerm(snap, matched)),
	)
	if program == "" {
		return obj
	}
	type place struct{ school, group string }
	var places []place
	for _, ri := range append(append([]int{}, k.records...), matched...) {
		r := &snap.Records[ri]
		if r.Source != syncaudit.LAS {
			continue
		}
		for _, g := range r.Groups {
			if p := (place{r.School, g}); !slices.Contains(places, p) {
				places = append(places, p)
			}
		}
		if p := (place{r.School, ""}); !slices.Contains(places, p) {
			places = append(places, p)
		}
	}
	var terms []*ast.Term
	for _, p := range places {
		var members, with int
		for i := range snap.Records {
			r := &snap.Records[i]
			if r.Source != syncaudit.LAS || r.School != p.school || (p.group != "" && !slices.Contains(r.Groups, p.group)) {
				continue
			}
			members++
			if hasProgram(r.Programs, program) {
				with++
			}
		}
		terms = append(terms, ast.ObjectTerm(
			str("school", p.school), str("group", p.group),
			item("members", ast.IntNumberTerm(members)),
			item("with_program", ast.IntNumberTerm(with)),
		))
	}
	obj.Insert(ast.StringTerm("program_context"), ast.ArrayTerm(terms...))
	return obj
}

// anyOf reports whether one of the account indices is in set.
func anyOf(idx []int, set map[int]bool) bool {
	for _, i := range idx {
		if set[i] {
			return true
		}
	}
	return false
}

// carried reports whether some account carries link l.
func carried(snap *syncaudit.Snapshot, l syncaudit.Link) bool {
	for i := range snap.Accounts {
		if slices.Contains(snap.Accounts[i].Links, l) {
			return true
		}
	}
	return false
}

// jsonValue normalises a query result into plain JSON values (numbers as
// json.Number), so the view marshals as the rule book wrote it.
func jsonValue(v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	var out any
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.UseNumber()
	if err := dec.Decode(&out); err != nil {
		return nil
	}
	return out
}
