package policies

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/words"
)

// A converter turns the rule book's result objects into actions and
// findings, dropping the disabled rules, filling a finding's missing
// severity from the rule catalogue, and rendering the message, fix and
// reason that a result names by message id in the report's language.
type converter struct {
	disabled   map[string]bool
	severities map[string]syncaudit.Severity
	words      *words.Catalogue
	lang       words.Lang
}

// knownKinds is the set of action kinds of the report schema.
var knownKinds = func() map[syncaudit.ActionKind]int {
	m := make(map[syncaudit.ActionKind]int, len(syncaudit.ActionKinds))
	for i, k := range syncaudit.ActionKinds {
		m[k] = i
	}
	return m
}()

// result converts one case's query result; records maps the positions of
// input.records to indices into the snapshot's records.
func (c converter) result(out map[string]any, records []int) (caseResult, error) {
	var res caseResult
	for _, x := range list(out["actions"]) {
		m, ok := x.(map[string]any)
		if !ok {
			return res, fmt.Errorf("a policy returned an action that is not an object: %s", jsonText(x))
		}
		a, err := toAction(m)
		if err != nil {
			return res, err
		}
		c.reason(&a)
		if !c.disabled[a.Rule] {
			res.actions = append(res.actions, a)
		}
	}
	for _, x := range list(out["findings"]) {
		m, ok := x.(map[string]any)
		if !ok {
			return res, fmt.Errorf("a policy returned a finding that is not an object: %s", jsonText(x))
		}
		f, err := c.toFinding(m)
		if err != nil {
			return res, err
		}
		c.message(&f)
		if !c.disabled[f.Rule] {
			res.findings = append(res.findings, f)
		}
	}
	for _, x := range list(out["eligible"]) {
		i, err := strconv.Atoi(text(x))
		if err == nil && i >= 0 && i < len(records) {
			res.eligible = append(res.eligible, records[i])
		}
	}
	return res, nil
}

func list(v any) []any {
	l, _ := v.([]any)
	return l
}

// toAction reads an action object; it must name a rule and a known kind.
func toAction(m map[string]any) (syncaudit.Action, error) {
	a := syncaudit.Action{
		Kind:      syncaudit.ActionKind(text(m["kind"])),
		Account:   text(m["account"]),
		School:    text(m["school"]),
		Field:     text(m["field"]),
		From:      text(m["from"]),
		To:        text(m["to"]),
		Source:    text(m["source"]),
		SourceID:  text(m["source_id"]),
		Group:     text(m["group"]),
		ExpiresAt: syncaudit.Date(text(m["expires_at"])),
		Rule:      text(m["rule"]),
		State:     syncaudit.State(text(m["state"])),
		SkippedBy: text(m["skipped_by"]),
		Reason:    text(m["reason"]),
		MessageID: text(m["message_id"]),
		Args:      args(m["args"]),
		Evidence:  evidence(m["evidence"]),
	}
	if a.Rule == "" {
		return a, fmt.Errorf("a policy returned an action without a rule id: %s", jsonText(m))
	}
	if _, ok := knownKinds[a.Kind]; !ok {
		return a, fmt.Errorf("rule %s returned an action of unknown kind %q: %s", a.Rule, a.Kind, jsonText(m))
	}
	switch a.State {
	case "":
		a.State = syncaudit.Planned
	case syncaudit.Planned, syncaudit.Skipped:
	default:
		return a, fmt.Errorf("rule %s returned an action with state %q (use planned or skipped): %s", a.Rule, a.State, jsonText(m))
	}
	return a, nil
}

// toFinding reads a finding object; it must name a rule, and a severity
// either itself or in its rule's METADATA.
func (c converter) toFinding(m map[string]any) (syncaudit.Finding, error) {
	f := syncaudit.Finding{
		Rule:      text(m["rule"]),
		Severity:  syncaudit.Severity(text(m["severity"])),
		Account:   text(m["account"]),
		School:    text(m["school"]),
		Source:    text(m["source"]),
		SourceID:  text(m["source_id"]),
		Message:   text(m["message"]),
		Fix:       text(m["fix"]),
		MessageID: text(m["message_id"]),
		Args:      args(m["args"]),
		Evidence:  evidence(m["evidence"]),
	}
	if f.Rule == "" {
		return f, fmt.Errorf("a policy returned a finding without a rule id: %s", jsonText(m))
	}
	if f.Severity == "" {
		f.Severity = c.severities[f.Rule]
	}
	if f.Severity.Rank() == 0 {
		return f, fmt.Errorf("rule %s returned a finding with severity %q (use deny, warn or info): %s", f.Rule, f.Severity, jsonText(m))
	}
	return f, nil
}

// args reads a result's message arguments; empty gives nil.
func args(v any) map[string]any {
	m, ok := v.(map[string]any)
	if !ok || len(m) == 0 {
		return nil
	}
	return m
}

// message renders a finding's message and fix from its message id, when
// the catalogue has it; a finding without one (or with an id the catalogue
// lacks) keeps the message and fix its policy wrote, or shows the id.
func (c converter) message(f *syncaudit.Finding) {
	if f.MessageID == "" {
		return
	}
	facts := withFields(f.Evidence, "account", f.Account, "school", f.School, "source", f.Source, "source_id", f.SourceID)
	if s, ok := c.words.Message(c.lang, f.MessageID, f.Args, facts); ok {
		f.Message = s
		if fix, ok := c.words.Fix(c.lang, f.MessageID, f.Args, facts); ok {
			f.Fix = fix
		}
	} else if f.Message == "" {
		f.Message = f.MessageID
	}
}

// reason renders an action's reason from its message id, and says for a
// skipped action which switch holds it back (lib.switch.* in the
// catalogue), in the report's language.
func (c converter) reason(a *syncaudit.Action) {
	if a.MessageID != "" {
		facts := withFields(a.Evidence, "account", a.Account, "school", a.School, "source", a.Source, "source_id", a.SourceID,
			"field", a.Field, "from", a.From, "to", a.To, "group", a.Group)
		if s, ok := c.words.Message(c.lang, a.MessageID, a.Args, facts); ok {
			a.Reason = s
		} else if a.Reason == "" {
			a.Reason = a.MessageID
		}
	}
	if a.State == syncaudit.Skipped && c.words.Has(switchPhrase+a.SkippedBy) {
		held := c.words.Phrase(c.lang, "lib.held_back", map[string]any{
			"rule": a.SkippedBy, "switch": map[string]any{"id": switchPhrase + a.SkippedBy},
		})
		if a.Reason == "" {
			a.Reason = held
		} else {
			a.Reason += "; " + held
		}
	}
}

// withFields returns the evidence with the result's own fields (account,
// school, ...) added where the evidence has no value of that name: the
// facts a message's placeholders may name besides its args.
func withFields(ev map[string]string, kv ...string) map[string]string {
	out := make(map[string]string, len(ev)+len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			out[kv[i]] = kv[i+1]
		}
	}
	for k, v := range ev {
		out[k] = v
	}
	return out
}

// Localize renders again, in lang, every finding, fix and action reason of
// rep that names a message id (and of its comparison with a previous run),
// and the rule catalogue's titles, descriptions and seeds; a result a policy
// wrote as plain text stays as it is. For a report read back from disk, to
// show it (or a previous run's) in another language.
func (e *Engine) Localize(rep *syncaudit.Report, lang words.Lang) {
	c := converter{words: e.words, lang: lang}
	findings := func(fs []syncaudit.Finding) {
		for i := range fs {
			c.message(&fs[i])
		}
	}
	actions := func(as []syncaudit.Action) {
		for i := range as {
			if as[i].MessageID != "" && e.words.Has(as[i].MessageID) {
				c.reason(&as[i])
			}
		}
	}
	findings(rep.Findings)
	actions(rep.Actions)
	if ch := rep.Changes; ch != nil {
		findings(ch.NewFindings)
		findings(ch.ResolvedFindings)
		actions(ch.NewActions)
		actions(ch.ResolvedActions)
	}
	byID := map[string]syncaudit.Rule{}
	for _, r := range e.RulesIn(lang) {
		byID[r.ID] = r
	}
	for i, r := range rep.Rules {
		if t, ok := byID[r.ID]; ok {
			rep.Rules[i].Title, rep.Rules[i].Description, rep.Rules[i].SeedTitle = t.Title, t.Description, t.SeedTitle
		}
	}
	rep.Run.Language = string(lang)
}

// switchPhrase prefixes the catalogue's phrase for each switch rule (V1, V3–V7).
const switchPhrase = "lib.switch."

// text renders a result value as a string: strings as they are, numbers and
// booleans in JSON, null as "", anything else as JSON.
func text(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case json.Number:
		return v.String()
	case bool:
		return strconv.FormatBool(v)
	}
	return jsonText(v)
}

func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// evidence reads an evidence object as strings; empty gives nil.
func evidence(v any) map[string]string {
	m, ok := v.(map[string]any)
	if !ok || len(m) == 0 {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, x := range m {
		out[k] = text(x)
	}
	return out
}

// evidenceKey renders evidence in a fixed order, for sorting.
func evidenceKey(m map[string]string) string {
	if len(m) == 0 {
		return ""
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		b.WriteString(k)
		b.WriteByte(0)
		b.WriteString(m[k])
		b.WriteByte(0)
	}
	return b.String()
}

// argsKey renders message arguments in a fixed order (JSON sorts keys).
func argsKey(m map[string]any) string {
	if len(m) == 0 {
		return ""
	}
	return jsonText(m)
}

// compareActions is a total order on actions: by account (naturally, so a
// create's empty account comes first), kind in the schema's order, school,
// rule, and then every other field.
func compareActions(a, b *syncaudit.Action) int {
	if c := compareNatural(a.Account, b.Account); c != 0 {
		return c
	}
	if c := cmpInt(knownKinds[a.Kind], knownKinds[b.Kind]); c != 0 {
		return c
	}
	for _, p := range [][2]string{
		{a.School, b.School}, {a.Source, b.Source}, {a.SourceID, b.SourceID},
		{a.Field, b.Field}, {a.Group, b.Group},
	} {
		if c := compareNatural(p[0], p[1]); c != 0 {
			return c
		}
	}
	if c := CompareRuleIDs(a.Rule, b.Rule); c != 0 {
		return c
	}
	for _, p := range [][2]string{
		{a.Rule, b.Rule}, {a.From, b.From}, {a.To, b.To}, {string(a.State), string(b.State)},
		{a.SkippedBy, b.SkippedBy}, {string(a.ExpiresAt), string(b.ExpiresAt)}, {a.Reason, b.Reason},
		{string(a.Kind), string(b.Kind)}, {evidenceKey(a.Evidence), evidenceKey(b.Evidence)},
		{a.MessageID, b.MessageID}, {argsKey(a.Args), argsKey(b.Args)},
	} {
		if c := strings.Compare(p[0], p[1]); c != 0 {
			return c
		}
	}
	return 0
}

// compareFindings is a total order on findings: most severe first, then by
// rule in rule-book order, account, school, source, and every other field.
func compareFindings(a, b *syncaudit.Finding) int {
	if c := cmpInt(b.Severity.Rank(), a.Severity.Rank()); c != 0 {
		return c
	}
	if c := CompareRuleIDs(a.Rule, b.Rule); c != 0 {
		return c
	}
	for _, p := range [][2]string{
		{a.Account, b.Account}, {a.School, b.School}, {a.Source, b.Source}, {a.SourceID, b.SourceID},
	} {
		if c := compareNatural(p[0], p[1]); c != 0 {
			return c
		}
	}
	for _, p := range [][2]string{
		{a.Rule, b.Rule}, {string(a.Severity), string(b.Severity)}, {a.Message, b.Message},
		{a.Fix, b.Fix}, {evidenceKey(a.Evidence), evidenceKey(b.Evidence)},
		{a.MessageID, b.MessageID}, {argsKey(a.Args), argsKey(b.Args)},
	} {
		if c := strings.Compare(p[0], p[1]); c != 0 {
			return c
		}
	}
	return 0
}

// sortUnique sorts results in the total order of compare and drops exact
// duplicates (two packages returning the same action or finding).
func sortUnique[T any](xs []T, compare func(a, b *T) int) []T {
	slices.SortFunc(xs, func(a, b T) int { return compare(&a, &b) })
	return slices.CompactFunc(xs, func(a, b T) bool { return compare(&a, &b) == 0 })
}
