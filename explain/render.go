package explain

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/policies"
	"github.com/syncaudit/syncaudit/report"
	"github.com/syncaudit/syncaudit/words"
)

// Schema names the JSON document explain --format json writes.
const Schema = "syncaudit.explain/v1"

// A Document is the JSON form of an explanation: the run it comes from, the
// cases that concern the person with their actions, findings and view
// (every phrase of the view with its text in the report's language beside
// its id and arguments), and the run-wide findings (D9, D10, L6 ...).
type Document struct {
	Schema      string                   `json:"schema"`
	Tool        syncaudit.Tool           `json:"tool"`
	Run         DocumentRun              `json:"run"`
	Cases       []policies.ExplainedCase `json:"cases"`
	RunFindings []syncaudit.Finding      `json:"run_findings"`
}

// DocumentRun says which check the explanation is part of.
type DocumentRun struct {
	Tenant       string         `json:"tenant"`
	RunDate      syncaudit.Date `json:"run_date"`
	Language     string         `json:"language"`
	PolicyDigest string         `json:"policy_digest"`
}

// A Renderer writes explanations in one language from the rule book's
// message catalogue.
type Renderer struct {
	Words *words.Catalogue
	Lang  words.Lang
}

// NewDocument builds the JSON document of x.
func (r Renderer) NewDocument(x *policies.Explanation) Document {
	d := Document{
		Schema: Schema,
		Tool:   x.Report.Tool,
		Run: DocumentRun{Tenant: x.Report.Run.Tenant, RunDate: x.Report.Run.RunDate,
			Language: string(r.Lang), PolicyDigest: x.Report.Run.PolicyDigest},
		RunFindings: RunFindings(x.Report),
	}
	for _, c := range x.Cases {
		c.View, _ = r.withTexts(c.View).(map[string]any)
		d.Cases = append(d.Cases, c)
	}
	if d.Cases == nil {
		d.Cases = []policies.ExplainedCase{}
	}
	return d
}

// WriteJSON writes the JSON document of x, indented, keys sorted.
func (r Renderer) WriteJSON(w io.Writer, x *policies.Explanation) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r.NewDocument(x))
}

// RunFindings are the report's findings about the run as a whole (no
// account, no source person): the guards that refuse a run, and the
// tenant's switch findings.
func RunFindings(rep *syncaudit.Report) []syncaudit.Finding {
	out := []syncaudit.Finding{}
	for _, f := range rep.Findings {
		if f.Account == "" && f.SourceID == "" {
			out = append(out, f)
		}
	}
	return out
}

// withTexts copies a view, adding "text" to every phrase ({"id", "args"}).
func (r Renderer) withTexts(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v)+1)
		for k, x := range v {
			out[k] = r.withTexts(x)
		}
		if isPhrase(v) {
			out["text"] = r.say(v)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = r.withTexts(x)
		}
		return out
	}
	return v
}

func isPhrase(m map[string]any) bool {
	id, ok := m["id"].(string)
	_, hasArgs := m["args"]
	return ok && hasArgs && strings.Contains(id, ".")
}

// say renders a phrase of the view, or a plain value as text.
func (r Renderer) say(v any) string {
	if m, ok := v.(map[string]any); ok && isPhrase(m) {
		args, _ := m["args"].(map[string]any)
		return r.Words.Phrase(r.Lang, m["id"].(string), args)
	}
	return r.Words.Phrase(r.Lang, "explain.label.conclusion", map[string]any{"text": v})
}

// t renders message id of the catalogue with args.
func (r Renderer) t(id string, args map[string]any) string {
	return r.Words.Phrase(r.Lang, "explain."+id, args)
}

// A text is the text output being written, line by line.
type text struct {
	b strings.Builder
}

func (t *text) line(indent int, s string) {
	t.b.WriteString(strings.Repeat("  ", indent))
	t.b.WriteString(s)
	t.b.WriteByte('\n')
}

func (t *text) heading(s string) {
	t.b.WriteByte('\n')
	t.b.WriteString(s)
	t.b.WriteByte('\n')
}

// WriteText writes x for a person, in r's language.
func (r Renderer) WriteText(w io.Writer, x *policies.Explanation) error {
	var t text
	run := x.Report.Run
	name := run.TenantName
	if name == "" {
		name = run.Tenant
	}
	for i, c := range x.Cases {
		if i > 0 {
			t.line(0, "")
			t.line(0, strings.Repeat("-", 72))
		}
		switch c.Kind {
		case "account":
			r.account(&t, c, name, string(run.RunDate))
		default:
			r.person(&t, c, name, string(run.RunDate))
		}
	}
	if rf := RunFindings(x.Report); hasRefusal(rf) {
		t.heading(r.t("label.run", nil))
		for _, f := range rf {
			if f.Severity == syncaudit.Deny {
				r.finding(&t, f)
			}
		}
	}
	_, err := io.WriteString(w, t.b.String())
	return err
}

// hasRefusal reports whether a run-wide finding refuses the run (deny).
func hasRefusal(fs []syncaudit.Finding) bool {
	for _, f := range fs {
		if f.Severity == syncaudit.Deny {
			return true
		}
	}
	return false
}

func (r Renderer) account(t *text, c policies.ExplainedCase, tenant, runDate string) {
	v := c.View
	a := obj(v["account"])
	t.line(0, fmt.Sprintf("%s — %s (%s)", r.t("label.title", map[string]any{"name": a["name"]}), a["account_id"], a["username"]))
	t.line(0, r.t("label.tenant", map[string]any{"tenant": tenant, "run_date": runDate}))

	t.heading(r.t("label.account", nil))
	t.line(1, r.t("label.status", map[string]any{
		"kind":    r.t("kind."+orWord(str(a["kind"]), "unknown"), nil),
		"status":  report.T(report.Lang(r.Lang), "status_"+str(a["status"])),
		"schools": orNone(r, list(a["schools"])),
	}))
	if links := list(a["links"]); len(links) > 0 {
		t.line(1, r.t("label.links", map[string]any{"links": links}))
	} else {
		t.line(1, r.t("label.no_links", nil))
	}
	if login := str(a["last_login"]); login != "" {
		t.line(1, r.t("label.login", map[string]any{"last_login": login}))
	}
	if a["program_libraries"] == true {
		t.line(1, r.t("label.library", map[string]any{"programs": orNone(r, list(a["programs"]))}))
	}
	t.line(1, "→ "+r.t("presence."+str(v["presence"]), nil))

	if links := list(v["links"]); len(links) > 0 || len(list(v["matched_records"])) > 0 {
		t.heading(r.t("label.sources", nil))
		for _, l := range links {
			lv := obj(l)
			t.line(1, fmt.Sprintf("%s: %s", lv["link"], r.t("link."+str(lv["verdict"]), map[string]any{
				"schools": list(lv["offered_at"]), "source": lv["source"]})))
			for _, rec := range list(lv["records"]) {
				r.record(t, 2, obj(rec))
			}
		}
		if m := list(v["matched_records"]); len(m) > 0 {
			var links []any
			for _, rec := range m {
				links = append(links, obj(rec)["link"])
			}
			t.line(1, r.t("label.matched", map[string]any{"records": links}))
			for _, rec := range m {
				r.record(t, 2, obj(rec))
			}
		}
	}

	if schools := list(v["schools"]); len(schools) > 0 {
		t.heading(r.t("label.schools", nil))
		for _, s := range schools {
			sv := obj(s)
			line := fmt.Sprintf("%s %s: %s", sv["school"], sv["name"], r.t("school."+str(sv["verdict"]), map[string]any{"sources": list(sv["offered_by"])}))
			if hold := str(sv["hold"]); hold != "" {
				line += "; " + r.t("school.hold", map[string]any{"rule": hold, "switch": r.Words.Phrase(r.Lang, "lib.switch."+hold, nil)})
			}
			t.line(1, strings.TrimSpace(line))
		}
	}

	t.heading(r.t("label.fields", nil))
	owned := false
	for _, f := range list(v["fields"]) {
		fv := obj(f)
		if str(fv["owner"]) == "" {
			continue
		}
		owned = true
		t.line(1, r.t("field.owned", map[string]any{
			"field": report.T(report.Lang(r.Lang), "field_"+str(fv["field"])),
			"value": quote(fv["lead_value"]), "owner": fv["owner"], "lock": fv["lock"],
		}))
		if fv["drift"] == true {
			t.line(2, r.t("field.drift", map[string]any{"target": quote(fv["target"]), "value": quote(fv["lead_value"])}))
		}
		if fv["conflict"] == true {
			var vals []string
			for _, x := range list(fv["values"]) {
				xv := obj(x)
				vals = append(vals, fmt.Sprintf("%s %s", xv["source"], quote(xv["value"])))
			}
			t.line(2, r.t("field.conflict", map[string]any{"values": strings.Join(vals, ", ")}))
		}
	}
	if !owned {
		t.line(1, r.t("field.none", nil))
	}

	t.heading(r.t("label.exceptions", nil))
	entries := list(v["exceptions"])
	if len(entries) == 0 {
		t.line(1, r.t("label.not_listed", nil))
	}
	for _, e := range entries {
		ev := obj(e)
		reason := str(ev["reason"])
		if reason == "" {
			reason = r.t("entry.no_reason", nil)
		} else {
			reason = quote(reason)
		}
		t.line(1, r.t("entry.line", map[string]any{
			"reason": reason, "added_at": orNone(r, ev["added_at"]), "added_by": orNone(r, ev["added_by"]),
			"last_reviewed": orNone(r, ev["last_reviewed"]), "days": ev["days_since_review"],
		}))
		if ev["review_due"] == true {
			t.line(2, r.t("entry.due", map[string]any{"review_days": ev["review_days"]}))
		}
		if exp := str(ev["expires_at"]); exp != "" {
			if ev["expired"] == true {
				t.line(2, r.t("entry.expired", map[string]any{"expires_at": exp}))
			} else {
				t.line(2, r.t("entry.expires", map[string]any{"expires_at": exp}))
			}
		}
		t.line(2, r.t("entry."+str(ev["protects"]), nil))
	}

	r.outcomes(t, c)
	if p, ok := v["program"]; ok {
		r.program(t, obj(p))
	}
}

func (r Renderer) person(t *text, c policies.ExplainedCase, tenant, runDate string) {
	v := c.View
	t.line(0, r.t("label.person", map[string]any{"link": v["link"]}))
	t.line(0, r.t("label.tenant", map[string]any{"tenant": tenant, "run_date": runDate}))
	t.heading(r.t("label.sources", nil))
	for _, rec := range list(v["records"]) {
		r.record(t, 1, obj(rec))
	}
	if m := list(v["manual_matches"]); len(m) > 0 {
		t.line(1, r.t("label.manual_matches", map[string]any{"accounts": m}))
	}
	r.outcomes(t, c)
}

// record writes one source record with its verdict and why.
func (r Renderer) record(t *text, indent int, rec map[string]any) {
	why := obj(rec["why"])
	verdict := r.say(why["text"])
	t.line(indent, r.t("label.record", map[string]any{"link": rec["link"], "school": rec["school"], "verdict": verdict}))
}

// outcomes writes the case's actions and findings, and why nothing happens.
func (r Renderer) outcomes(t *text, c policies.ExplainedCase) {
	t.heading(r.t("label.outcomes", nil))
	if len(c.Actions)+len(c.Findings) == 0 {
		t.line(1, r.t("label.no_outcomes", nil))
	}
	lang := report.Lang(r.Lang)
	for _, a := range c.Actions {
		where := a.School
		if a.Field != "" {
			where = strings.TrimSpace(where + " " + report.T(lang, "field_"+a.Field))
		}
		head := fmt.Sprintf("%s  %s", a.Rule, report.T(lang, "pdf_kind_"+string(a.Kind)))
		if where != "" {
			head += " " + where
		}
		head += fmt.Sprintf(" (%s)", report.T(lang, "state_"+string(a.State)))
		t.line(1, head)
		if a.Reason != "" {
			t.line(2, a.Reason)
		}
	}
	for _, f := range c.Findings {
		r.finding(t, f)
	}
	because := list(obj(c.View["outcome"])["because"])
	if len(because) > 0 {
		t.heading(r.t("label.why_nothing", nil))
		for _, b := range because {
			bv := obj(b)
			line := "- " + r.say(bv["text"])
			t.line(1, line)
		}
	}
}

func (r Renderer) finding(t *text, f syncaudit.Finding) {
	t.line(1, fmt.Sprintf("%s  %s: %s", f.Rule, r.t("severity."+string(f.Severity), nil), f.Message))
	if f.Fix != "" {
		t.line(2, r.t("label.fix", map[string]any{"fix": f.Fix}))
	}
}

// program writes the P4 diagnosis, step by step.
func (r Renderer) program(t *text, p map[string]any) {
	t.heading(r.t("label.program", map[string]any{"program": p["name"]}))
	first := num(p["first_failing"])
	for _, s := range list(p["steps"]) {
		sv := obj(s)
		mark := map[string]string{"pass": "✓", "fail": "✗", "unknown": "?"}[str(sv["verdict"])]
		t.line(1, fmt.Sprintf("%s %d. %s: %s (%s)", mark, num(sv["step"]), r.t("step."+str(sv["check"]), nil),
			r.t("verdict."+str(sv["verdict"]), nil), sv["rule"]))
		t.line(3, r.say(sv["evidence"]))
	}
	if first > 0 {
		t.line(1, "→ "+r.t("label.first_failing", map[string]any{"step": first, "fix": r.say(p["conclusion"])}))
	} else {
		t.line(1, "→ "+r.say(p["conclusion"]))
	}
}

func obj(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func list(v any) []any {
	l, _ := v.([]any)
	return l
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func num(v any) int {
	switch n := v.(type) {
	case json.Number:
		i, _ := n.Int64()
		return int(i)
	case float64:
		return int(n)
	case int:
		return n
	}
	return 0
}

// orNone writes an empty value or list as the word for none.
func orNone(r Renderer, v any) any {
	switch x := v.(type) {
	case string:
		if x == "" {
			return r.t("none", nil)
		}
	case []any:
		if len(x) == 0 {
			return r.t("none", nil)
		}
		sorted := append([]any(nil), x...)
		sort.SliceStable(sorted, func(i, j int) bool { return fmt.Sprint(sorted[i]) < fmt.Sprint(sorted[j]) })
		return sorted
	case nil:
		return r.t("none", nil)
	}
	return v
}

// orWord is s, or word when s is empty.
func orWord(s, word string) string {
	if s == "" {
		return word
	}
	return s
}

func quote(v any) string { return fmt.Sprintf("%q", str(v)) }
