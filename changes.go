package syncaudit

import (
	"sort"
	"strings"
)

// Changes is what changed between a previous report and this one: the
// findings that are new, resolved or unchanged, the actions that are new, no
// longer planned or unchanged, with counts per rule and per action kind, and a
// headline for the exception list (E1–E10), so a coordinator sees at a glance
// whether the list got better since the last review.
//
// Findings are matched by rule, account, school, source and source id; actions
// by kind, account, school, field, source, source id and group. Anything else
// (a message that counts days, an update's new value) may differ between two
// matched items. Two items with the same key are matched pairwise, so a key
// that occurs twice before and three times now counts two unchanged and one new.
type Changes struct {
	// Previous says which report this one is compared with.
	Previous PreviousRun `json:"previous"`
	// NewFindings are this report's findings that the previous one did not have.
	NewFindings []Finding `json:"new_findings"`
	// ResolvedFindings are the previous report's findings that this one no longer has.
	ResolvedFindings []Finding `json:"resolved_findings"`
	// UnchangedFindings counts the findings both reports have.
	UnchangedFindings int `json:"unchanged_findings"`
	// NewActions are this report's actions that the previous one did not plan.
	NewActions []Action `json:"new_actions"`
	// ResolvedActions are the previous report's actions that this one no longer plans.
	ResolvedActions []Action `json:"resolved_actions"`
	// UnchangedActions counts the actions both reports have.
	UnchangedActions int `json:"unchanged_actions"`
	// FindingsByRule counts the findings per rule, in rule order.
	FindingsByRule []RuleChange `json:"findings_by_rule"`
	// ActionsByKind counts the actions per kind, in the order of ActionKinds.
	ActionsByKind []KindChange `json:"actions_by_kind"`
	// Exceptions is the exception list's headline.
	Exceptions ExceptionChange `json:"exceptions"`
}

// PreviousRun identifies the report a comparison starts from.
type PreviousRun struct {
	Tenant       string `json:"tenant"`
	RunDate      Date   `json:"run_date"`
	ToolVersion  string `json:"tool_version,omitempty"`
	PolicyDigest string `json:"policy_digest,omitempty"`
	// Summary counts the previous report's accounts, actions and findings.
	Summary Summary `json:"summary"`
}

// A Tally counts what happened to a set of items between two reports: Before
// and After are the totals, New + Unchanged = After and Resolved + Unchanged = Before.
type Tally struct {
	Before    int `json:"before"`
	After     int `json:"after"`
	New       int `json:"new"`
	Resolved  int `json:"resolved"`
	Unchanged int `json:"unchanged"`
}

// A RuleChange counts one rule's findings before and after; Severity is the
// most severe of them.
type RuleChange struct {
	Rule     string   `json:"rule"`
	Severity Severity `json:"severity,omitempty"`
	Tally
}

// A KindChange counts one action kind before and after.
type KindChange struct {
	Kind ActionKind `json:"kind"`
	Tally
}

// ExceptionChange is the exception list's headline: how many entries the list
// held, and how many entries (accounts) had a deny or warn finding of an E
// rule, in the previous report and now. Entries are -1 when a report does not
// record its exception list among its inputs.
type ExceptionChange struct {
	EntriesBefore   int `json:"entries_before"`
	EntriesAfter    int `json:"entries_after"`
	AttentionBefore int `json:"attention_before"`
	AttentionAfter  int `json:"attention_after"`
	// Trend is "better" when fewer entries need attention than before,
	// "worse" when more, "same" otherwise.
	Trend string `json:"trend"`
}

// The trends of an ExceptionChange.
const (
	TrendBetter = "better"
	TrendWorse  = "worse"
	TrendSame   = "same"
)

// FindingKey is what identifies a finding across two runs: its rule, account,
// school, source and source id.
func FindingKey(f Finding) string {
	return strings.Join([]string{f.Rule, f.Account, f.School, f.Source, f.SourceID}, "\x1f")
}

// ActionKey is what identifies an action across two runs: its kind, account,
// school, field, source, source id and group.
func ActionKey(a Action) string {
	return strings.Join([]string{string(a.Kind), a.Account, a.School, a.Field, a.Source, a.SourceID, a.Group}, "\x1f")
}

// Diff compares a previous report with the current one and returns what is
// new, resolved and unchanged. Lists keep the order of the reports they come
// from, which is stable, so the same two reports give the same Changes.
func Diff(previous, current *Report) *Changes {
	recount := *previous // Summarise only replaces Summary: count afresh rather than trust the file
	recount.Summarise(previous.Summary.Accounts)
	c := &Changes{
		Previous: PreviousRun{
			Tenant:       previous.Run.Tenant,
			RunDate:      previous.Run.RunDate,
			ToolVersion:  previous.Tool.Version,
			PolicyDigest: previous.Run.PolicyDigest,
			Summary:      recount.Summary,
		},
		NewFindings:      []Finding{},
		ResolvedFindings: []Finding{},
		NewActions:       []Action{},
		ResolvedActions:  []Action{},
	}

	// Findings.
	fNew, fGone, fSame := match(previous.Findings, current.Findings, FindingKey)
	c.NewFindings = append(c.NewFindings, fNew...)
	c.ResolvedFindings = append(c.ResolvedFindings, fGone...)
	c.UnchangedFindings = len(fSame)
	byRule := map[string]*RuleChange{}
	rule := func(f Finding) *RuleChange {
		rc, ok := byRule[f.Rule]
		if !ok {
			rc = &RuleChange{Rule: f.Rule}
			byRule[f.Rule] = rc
		}
		if f.Severity.Rank() > rc.Severity.Rank() {
			rc.Severity = f.Severity
		}
		return rc
	}
	tally(previous.Findings, current.Findings, fNew, fGone, fSame, func(f Finding) *Tally { return &rule(f).Tally })
	for _, rc := range byRule {
		c.FindingsByRule = append(c.FindingsByRule, *rc)
	}
	sort.Slice(c.FindingsByRule, func(i, j int) bool {
		return RuleLess(c.FindingsByRule[i].Rule, c.FindingsByRule[j].Rule)
	})
	if c.FindingsByRule == nil {
		c.FindingsByRule = []RuleChange{}
	}

	// Actions.
	aNew, aGone, aSame := match(previous.Actions, current.Actions, ActionKey)
	c.NewActions = append(c.NewActions, aNew...)
	c.ResolvedActions = append(c.ResolvedActions, aGone...)
	c.UnchangedActions = len(aSame)
	byKind := map[ActionKind]*Tally{}
	kind := func(a Action) *Tally {
		t, ok := byKind[a.Kind]
		if !ok {
			t = &Tally{}
			byKind[a.Kind] = t
		}
		return t
	}
	tally(previous.Actions, current.Actions, aNew, aGone, aSame, kind)
	c.ActionsByKind = []KindChange{}
	for _, k := range ActionKinds {
		if t, ok := byKind[k]; ok {
			c.ActionsByKind = append(c.ActionsByKind, KindChange{Kind: k, Tally: *t})
			delete(byKind, k)
		}
	}
	var unknown []ActionKind // kinds outside the schema, from a user policy
	for k := range byKind {
		unknown = append(unknown, k)
	}
	sort.Slice(unknown, func(i, j int) bool { return unknown[i] < unknown[j] })
	for _, k := range unknown {
		c.ActionsByKind = append(c.ActionsByKind, KindChange{Kind: k, Tally: *byKind[k]})
	}

	// The exception list.
	c.Exceptions = ExceptionChange{
		EntriesBefore:   previous.ExceptionEntries(),
		EntriesAfter:    current.ExceptionEntries(),
		AttentionBefore: len(previous.ExceptionAttention()),
		AttentionAfter:  len(current.ExceptionAttention()),
	}
	switch {
	case c.Exceptions.AttentionAfter < c.Exceptions.AttentionBefore:
		c.Exceptions.Trend = TrendBetter
	case c.Exceptions.AttentionAfter > c.Exceptions.AttentionBefore:
		c.Exceptions.Trend = TrendWorse
	default:
		c.Exceptions.Trend = TrendSame
	}
	return c
}

// match pairs the items of before and after by key; it returns the items only
// in after (new), only in before (gone) and the matched items of after.
func match[T any](before, after []T, key func(T) string) (added, gone, same []T) {
	left := map[string]int{}
	for _, b := range before {
		left[key(b)]++
	}
	for _, a := range after {
		k := key(a)
		if left[k] > 0 {
			left[k]--
			same = append(same, a)
		} else {
			added = append(added, a)
		}
	}
	for i := len(before) - 1; i >= 0; i-- { // the last unmatched copies of a key are the gone ones
		k := key(before[i])
		if left[k] > 0 {
			left[k]--
			gone = append(gone, before[i])
		}
	}
	for i, j := 0, len(gone)-1; i < j; i, j = i+1, j-1 {
		gone[i], gone[j] = gone[j], gone[i]
	}
	return added, gone, same
}

// ExceptionEntries returns the number of entries of the exception list the
// report was made from (the record count of its target/exceptions input), or
// -1 when the report records no such input.
func (r *Report) ExceptionEntries() int {
	for _, in := range r.Run.Inputs {
		if strings.HasPrefix(in.File, "target/exceptions.") {
			return in.Records
		}
	}
	return -1
}

// ExceptionAttention returns, sorted, the accounts whose exception entry has a
// deny or warn finding of an E rule: the entries a reviewer must look at.
func (r *Report) ExceptionAttention() []string {
	seen := map[string]bool{}
	var out []string
	for _, f := range r.Findings {
		if !IsExceptionRule(f.Rule) || f.Severity.Rank() < Warn.Rank() {
			continue
		}
		k := f.Account
		if k == "" {
			k = f.SourceID
		}
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// IsExceptionRule reports whether id names a rule of the E family (the
// exception list: E1–E10).
func IsExceptionRule(id string) bool {
	return len(id) > 1 && id[0] == 'E' && id[1] >= '0' && id[1] <= '9'
}

// RuleLess orders rule ids the way the rule book does: by family letter in the
// book's order (S, M, L, D, E, V, P, U, then any other), then by number, so
// D9 comes before D10; ids that are not letter+number sort after, by text.
func RuleLess(a, b string) bool {
	fa, na, oka := splitRuleID(a)
	fb, nb, okb := splitRuleID(b)
	if oka != okb {
		return oka
	}
	if !oka {
		return a < b
	}
	if fa != fb {
		return fa < fb
	}
	if na != nb {
		return na < nb
	}
	return a < b
}

// ruleFamilies is the rule book's order of families.
const ruleFamilies = "SMLDEVPU"

// splitRuleID splits "D10" into the family's rank and the number 10.
func splitRuleID(id string) (family, number int, ok bool) {
	if len(id) < 2 {
		return 0, 0, false
	}
	family = strings.IndexByte(ruleFamilies, id[0])
	if family < 0 {
		if id[0] < 'A' || id[0] > 'Z' {
			return 0, 0, false
		}
		family = len(ruleFamilies) + int(id[0]-'A')
	}
	for _, c := range id[1:] {
		if c < '0' || c > '9' {
			return 0, 0, false
		}
		number = number*10 + int(c-'0')
	}
	return family, number, true
}

// tally counts, into the Tally of each item's group, the items before and
// after and the new, resolved and unchanged ones.
func tally[T any](before, after, added, gone, same []T, group func(T) *Tally) {
	for _, x := range before {
		group(x).Before++
	}
	for _, x := range after {
		group(x).After++
	}
	for _, x := range added {
		group(x).New++
	}
	for _, x := range gone {
		group(x).Resolved++
	}
	for _, x := range same {
		group(x).Unchanged++
	}
}
