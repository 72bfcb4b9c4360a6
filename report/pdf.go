package report

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	syncaudit "github.com/syncaudit/syncaudit"
)

// DefaultMaxFindingsPerRule is how many findings of one rule (and how many
// actions of one group) the PDF lists before it gives the count and points to
// the workbook for the rest.
const DefaultMaxFindingsPerRule = 50

// PDFOptions say how WritePDF renders a report.
type PDFOptions struct {
	// Lang is the language of the labels; "" takes the report's run language.
	Lang Lang
	// MaxFindingsPerRule caps the findings listed per rule, and the actions
	// listed per group; 0 means DefaultMaxFindingsPerRule, a negative value no cap.
	MaxFindingsPerRule int
	// Workbook is the workbook's file name the PDF points to for what it
	// leaves out; empty means "report.xlsx".
	Workbook string
	// Snapshot, when given, supplies the school names and the exception list's
	// entry count; without it the PDF shows school codes and takes the count
	// from the report's inputs.
	Snapshot *syncaudit.Snapshot
}

// WritePDF renders the report as the auditor's PDF: a cover with the verdict,
// a table of contents, an executive summary with bar charts, the changes since
// the previous run (when the report has them), the deny and warn findings
// grouped by rule, the planned deletions and licence releases, the exception
// list's state, the rule catalogue and an appendix of provenance. Every page
// but the cover has a running header; every page says "page N of M".
//
// The document is drawn until its page numbers settle (the table of contents
// must know on which page each section starts), then written to w. The same
// report and options give the same bytes.
func WritePDF(w io.Writer, rep *syncaudit.Report, opts PDFOptions) error {
	if rep == nil {
		return errors.New("write pdf: no report")
	}
	if opts.MaxFindingsPerRule == 0 {
		opts.MaxFindingsPerRule = DefaultMaxFindingsPerRule
	}
	if opts.Workbook == "" {
		opts.Workbook = "report.xlsx"
	}
	opts.Lang = ParseLang(string(langOf(opts.Lang, rep)))

	// Pass 1 learns the headings; every later pass lays out the same table
	// of contents and learns the pages, until they no longer move.
	var prev *pdfDoc
	for pass := 0; pass < 6; pass++ {
		var toc []pdfTOCEntry
		total := 0
		if prev != nil {
			toc, total = prev.toc, prev.f.PageNo()
		}
		d := renderPDFPass(rep, opts, toc, total, pass > 0)
		if err := d.f.Error(); err != nil {
			return fmt.Errorf("write pdf: %w", err)
		}
		if prev != nil && pass > 1 && pdfSameTOC(prev, d) {
			if err := d.f.Output(w); err != nil {
				return fmt.Errorf("write pdf: %w", err)
			}
			return nil
		}
		prev = d
	}
	return errors.New("write pdf: the page numbers of the table of contents do not settle")
}

// pdfSameTOC reports whether two passes put every heading on the same page and
// have the same page count.
func pdfSameTOC(a, b *pdfDoc) bool {
	if a.f.PageNo() != b.f.PageNo() || len(a.toc) != len(b.toc) {
		return false
	}
	for i := range a.toc {
		if a.toc[i] != b.toc[i] {
			return false
		}
	}
	return true
}

// pdfRender holds what the sections of one pass share.
type pdfRender struct {
	*pdfDoc
	rep     *syncaudit.Report
	opts    PDFOptions
	schools map[string]string // school code -> name, when a snapshot is given
	// at gives each account's schools, so an outcome whose rule named no
	// school is shown and counted at its account's schools.
	at schoolsOfAccounts
}

// renderPDFPass draws the whole document once. toc and total come from the
// previous pass (nil and 0 in the first); withTOC says whether the table of
// contents is drawn.
func renderPDFPass(rep *syncaudit.Report, opts PDFOptions, toc []pdfTOCEntry, total int, withTOC bool) *pdfDoc {
	d := newPDFDoc(opts.Lang)
	d.total = total
	r := &pdfRender{pdfDoc: d, rep: rep, opts: opts, schools: map[string]string{}, at: accountSchools(opts.Snapshot)}
	if opts.Snapshot != nil {
		for _, s := range opts.Snapshot.Tenant.Schools {
			r.schools[s.ID] = s.Name
		}
	}
	f := d.f
	date := rep.Run.RunDate.Time()
	f.SetCreationDate(date)
	f.SetModificationDate(date)
	f.SetCatalogSort(true)
	f.SetTitle(T(opts.Lang, "pdf_title")+": "+r.tenantName(), true)
	f.SetSubject(pdfSafe(rep.Run.Tenant+" "+rep.Run.RunDate.String()), true)
	f.SetCreator(rep.Tool.String(), true)
	f.SetProducer(rep.Tool.String(), true)
	d.header = r.tenantName()
	d.headerR = T(opts.Lang, "pdf_title") + " · " + rep.Run.RunDate.String()

	r.cover()
	if withTOC {
		r.contents(toc)
	}
	r.summary()
	if rep.Changes != nil {
		r.changes()
	}
	r.findings()
	r.deletions()
	r.exceptions()
	r.catalogue()
	r.provenance()
	return d
}

// t is T in the document's language.
func (r *pdfRender) t(key string) string { return T(r.opts.Lang, key) }

// tf is T with fmt.Sprintf arguments.
func (r *pdfRender) tf(key string, args ...any) string {
	return fmt.Sprintf(T(r.opts.Lang, key), args...)
}

// tenantName names the tenant: "Stichting De Linde (de-linde)".
func (r *pdfRender) tenantName() string { return pdfSafe(r.tenantNameRaw()) }

func (r *pdfRender) tenantNameRaw() string {
	name := r.rep.Run.TenantName
	if name == "" && r.opts.Snapshot != nil {
		name = r.opts.Snapshot.Tenant.Name
	}
	switch {
	case name == "":
		return r.rep.Run.Tenant
	case r.rep.Run.Tenant == "" || name == r.rep.Run.Tenant:
		return name
	}
	return name + " (" + r.rep.Run.Tenant + ")"
}

// schoolLabel names a school: "12AB OBS De Regenboog", the whole tenant for
// "", and "no school known" for an account's outcome without a school.
func (r *pdfRender) schoolLabel(code string) string {
	switch code {
	case "":
		return r.t("pdf_whole_tenant")
	case noSchool:
		return r.t("no_school")
	}
	if n := r.schools[code]; n != "" {
		return code + " " + n
	}
	return code
}

// orUnknown returns s, or "unknown" in the document's language.
func orUnknown(r *pdfRender, s string) string {
	if s == "" {
		return r.t("pdf_unknown")
	}
	return s
}

// kindLabel names an action kind in the document's language.
func (r *pdfRender) kindLabel(k syncaudit.ActionKind) string { return KindLabel(r.opts.Lang, k) }

// ruleByID returns the catalogue entry of a rule.
func (r *pdfRender) ruleByID(id string) (syncaudit.Rule, bool) {
	for _, ru := range r.rep.Rules {
		if ru.ID == id {
			return ru, true
		}
	}
	return syncaudit.Rule{}, false
}

// verdict returns the overall verdict's text and colour.
func (r *pdfRender) verdict() (string, pdfRGB) {
	switch r.rep.WorstSeverity() {
	case syncaudit.Deny:
		return r.t("pdf_verdict_deny"), pdfColDeny
	case syncaudit.Warn:
		return r.t("pdf_verdict_warn"), pdfColWarn
	}
	return r.t("pdf_verdict_ok"), pdfColOK
}

// severityCounts counts the report's findings per severity.
func (r *pdfRender) severityCounts() map[syncaudit.Severity]int {
	n := map[syncaudit.Severity]int{}
	for _, f := range r.rep.Findings {
		n[f.Severity]++
	}
	return n
}

func (r *pdfRender) cover() {
	f := r.f
	f.AddPage()
	rep := r.rep
	d := r.pdfDoc
	f.SetY(45)
	d.font("", 13, false)
	d.colour(pdfColMuted)
	f.CellFormat(pdfContentW, 7, r.t("pdf_title"), "", 1, "L", false, 0, "")
	f.Ln(2)
	d.font("B", 26, false)
	d.colour(pdfColAccent)
	f.Bookmark(r.tenantName(), 0, -1)
	f.MultiCell(pdfContentW, pdfLineH(26), r.tenantName(), "", "L", false)
	f.Ln(10)
	d.colour(pdfColText)
	rows := [][2]string{
		{r.t("tenant"), r.tenantName()},
		{r.t("pdf_structure"), r.t("pdf_" + string(rep.Run.Structure))},
		{r.t("run_date"), rep.Run.RunDate.String()},
		{r.t("pdf_tool_version"), rep.Tool.String()},
	}
	if rep.Run.GeneratedAt != "" {
		rows = append(rows, [2]string{r.t("generated_at"), rep.Run.GeneratedAt})
	}
	rows = append(rows, [2]string{r.t("pdf_accounts"), fmt.Sprint(rep.Summary.Accounts)})
	if rep.Changes != nil {
		rows = append(rows, [2]string{r.t("changes_previous"), rep.Changes.Previous.RunDate.String()})
	}
	if off := rep.Run.GuardsOff(); len(off) > 0 {
		rows = append(rows, [2]string{r.t("guards_off"), strings.Join(off, ", ")})
	}
	d.keyValues(rows, 62, 11)
	f.Ln(10)

	text, col := r.verdict()
	y := f.GetY()
	d.fill(col)
	f.Rect(pdfMarginL, y, 4, 22, "F")
	f.SetXY(pdfMarginL+8, y+1)
	d.font("", 10, false)
	d.colour(pdfColMuted)
	f.CellFormat(pdfContentW-8, 6, r.t("pdf_verdict"), "", 2, "L", false, 0, "")
	d.font("B", 16, false)
	d.colour(col)
	f.CellFormat(pdfContentW-8, 8, text, "", 2, "L", false, 0, "")
	n := r.severityCounts()
	d.font("", 10, false)
	d.colour(pdfColText)
	f.CellFormat(pdfContentW-8, 6, fmt.Sprintf("%s %d · %s %d · %s %d",
		r.t("deny"), n[syncaudit.Deny], r.t("warn"), n[syncaudit.Warn], r.t("info"), n[syncaudit.Info]), "", 2, "L", false, 0, "")
	d.colour(pdfColText)
}

// contents draws the table of contents, with links, from the previous pass's headings.
func (r *pdfRender) contents(toc []pdfTOCEntry) {
	f := r.f
	f.AddPage()
	r.heading(r.t("pdf_contents"), 0, 0)
	r.toc = r.toc[:len(r.toc)-1] // the contents do not list themselves
	const size = 10.5
	for _, e := range toc {
		if e.page <= 1 {
			continue // the cover
		}
		r.room(pdfLineH(size) + 1)
		indent := float64(e.level) * 7
		style := "B"
		if e.level > 0 {
			style = ""
		}
		r.font(style, size, false)
		y := f.GetY()
		title := pdfFitText(f, e.text, pdfContentW-indent-20)
		page := fmt.Sprint(e.page)
		tw := f.GetStringWidth(title)
		link := f.AddLink()
		f.SetLink(link, 0, e.page)
		f.SetXY(pdfMarginL+indent, y)
		f.CellFormat(tw+1, pdfLineH(size)+1, title, "", 0, "L", false, link, "")
		pw := f.GetStringWidth(page)
		// a dotted leader between the title and the page number
		r.draw(pdfColRule)
		f.SetDashPattern([]float64{0.4, 1.2}, 0)
		f.SetLineWidth(0.3)
		f.Line(pdfMarginL+indent+tw+2.5, y+pdfLineH(size)-0.3, pdfMarginL+pdfContentW-pw-2.5, y+pdfLineH(size)-0.3)
		f.SetDashPattern([]float64{}, 0)
		f.SetXY(pdfMarginL+pdfContentW-pw-1.5, y)
		f.CellFormat(pw+1.5, pdfLineH(size)+1, page, "", 0, "R", false, link, "")
		f.SetXY(pdfMarginL, y+pdfLineH(size)+1.2)
	}
}

// summary draws the executive summary: findings by severity and actions by
// kind, overall and per school, as bar charts.
func (r *pdfRender) summary() {
	f := r.f
	rep := r.rep
	f.AddPage()
	r.heading(r.t("pdf_summary"), 0, 40)
	text, col := r.verdict()
	r.text(r.t("pdf_verdict")+": "+text, "B", 11, col)
	f.Ln(1)
	r.keyValues([][2]string{{r.t("pdf_accounts"), fmt.Sprint(rep.Summary.Accounts)}}, 62, 10)
	f.Ln(2)

	// Findings by severity.
	r.heading(r.t("pdf_findings_by_severity"), 1, 25)
	n := r.severityCounts()
	var bars []pdfBar
	for _, s := range syncaudit.Severities {
		bars = append(bars, pdfBar{label: r.t(string(s)), segments: []pdfSegment{{n[s], pdfSeverityColour(string(s))}}})
	}
	r.barChart(bars, 62, nil, 0)
	f.Ln(3)

	// Actions by kind: planned, and skipped in grey.
	r.heading(r.t("pdf_actions_by_kind"), 1, 25)
	kinds, planned, skipped := r.actionCounts()
	if len(kinds) == 0 {
		r.text(r.t("pdf_none"), "", 10, pdfColMuted)
	} else {
		var bars []pdfBar
		var notes []string
		for _, k := range kinds {
			bars = append(bars, pdfBar{label: r.kindLabel(k), segments: []pdfSegment{{planned[k], pdfColAccent}, {skipped[k], pdfColSkipped}}})
			notes = append(notes, r.plannedNote(planned[k], skipped[k]))
		}
		r.barChart(bars, 62, notes, 0)
		r.legend([]string{r.t("pdf_planned"), r.t("pdf_skipped")}, []pdfRGB{pdfColAccent, pdfColSkipped})
	}

	// Per school.
	schools := r.schoolCodes()
	if len(schools) == 0 {
		return
	}
	r.heading(r.t("pdf_per_school")+": "+strings.ToLower(r.t("pdf_findings_by_severity")), 1, chartHeight(len(schools)))
	r.legend([]string{r.t("deny"), r.t("warn"), r.t("info")}, []pdfRGB{pdfColDeny, pdfColWarn, pdfColInfo})
	// Counted in one pass each: a big tenant has thousands of schools and
	// a hundred thousand outcomes.
	findingsAt := map[string]map[syncaudit.Severity]int{}
	for _, fi := range rep.Findings {
		for _, s := range r.at.of(fi.School, fi.Account) {
			if findingsAt[s] == nil {
				findingsAt[s] = map[syncaudit.Severity]int{}
			}
			findingsAt[s][fi.Severity]++
		}
	}
	actionsAt := map[string]map[syncaudit.ActionKind]int{}
	skippedAt := map[string]int{}
	for _, a := range rep.Actions {
		for _, s := range r.at.of(a.School, a.Account) {
			if a.State == syncaudit.Skipped {
				skippedAt[s]++ // one grey segment: a skipped action is no change
				continue
			}
			if actionsAt[s] == nil {
				actionsAt[s] = map[syncaudit.ActionKind]int{}
			}
			actionsAt[s][a.Kind]++
		}
	}
	bars = nil
	var notes []string
	for _, s := range schools {
		c := findingsAt[s]
		bars = append(bars, pdfBar{label: r.schoolLabel(s), segments: []pdfSegment{
			{c[syncaudit.Deny], pdfColDeny}, {c[syncaudit.Warn], pdfColWarn}, {c[syncaudit.Info], pdfColInfo}}})
		notes = append(notes, fmt.Sprintf("%d · %d · %d", c[syncaudit.Deny], c[syncaudit.Warn], c[syncaudit.Info]))
	}
	r.barChart(bars, 62, notes, 0)
	f.Ln(3)

	r.heading(r.t("pdf_per_school")+": "+strings.ToLower(r.t("pdf_actions_by_kind")), 1, chartHeight(len(schools))+8)
	var labels []string
	var cols []pdfRGB
	for _, k := range kinds {
		if planned[k] > 0 {
			labels = append(labels, r.kindLabel(k))
			cols = append(cols, r.kindColour(k))
		}
	}
	labels = append(labels, r.t("pdf_skipped"))
	cols = append(cols, pdfColSkipped)
	r.legend(labels, cols)
	bars, notes = nil, nil
	for _, s := range schools {
		b := pdfBar{label: r.schoolLabel(s)}
		n := 0
		for _, k := range kinds {
			if planned[k] > 0 {
				b.segments = append(b.segments, pdfSegment{actionsAt[s][k], r.kindColour(k)})
				n += actionsAt[s][k]
			}
		}
		b.segments = append(b.segments, pdfSegment{skippedAt[s], pdfColSkipped})
		bars = append(bars, b)
		notes = append(notes, r.plannedNote(n, skippedAt[s]))
	}
	r.barChart(bars, 62, notes, 0)
}

// plannedNote writes "12 planned · 3 skipped".
func (r *pdfRender) plannedNote(planned, skipped int) string {
	s := fmt.Sprintf("%d %s", planned, r.t("pdf_planned"))
	if skipped > 0 {
		s += fmt.Sprintf(" · %d %s", skipped, r.t("pdf_skipped"))
	}
	return s
}

// kindColour returns the chart colour of an action kind.
func (r *pdfRender) kindColour(k syncaudit.ActionKind) pdfRGB {
	for i, kk := range syncaudit.ActionKinds {
		if kk == k {
			return pdfKindPalette[i%len(pdfKindPalette)]
		}
	}
	return pdfKindPalette[len(pdfKindPalette)-1]
}

// actionCounts counts the actions per kind, planned and skipped, with the
// kinds that occur in the report in the schema's order (kinds outside the
// schema follow, sorted).
func (r *pdfRender) actionCounts() (kinds []syncaudit.ActionKind, planned, skipped map[syncaudit.ActionKind]int) {
	planned, skipped = map[syncaudit.ActionKind]int{}, map[syncaudit.ActionKind]int{}
	seen := map[syncaudit.ActionKind]bool{}
	for _, a := range r.rep.Actions {
		seen[a.Kind] = true
		if a.State == syncaudit.Skipped {
			skipped[a.Kind]++
		} else {
			planned[a.Kind]++
		}
	}
	for _, k := range syncaudit.ActionKinds {
		if seen[k] {
			kinds = append(kinds, k)
			delete(seen, k)
		}
	}
	var rest []syncaudit.ActionKind
	for k := range seen {
		rest = append(rest, k)
	}
	sort.Slice(rest, func(i, j int) bool { return rest[i] < rest[j] })
	return append(kinds, rest...), planned, skipped
}

// schoolCodes lists the schools of the tenant and of the report's actions and
// findings (an outcome whose rule named no school at its account's schools),
// sorted; then noSchool for accounts without a known school, and "" (the
// whole tenant) last, each when something is there.
func (r *pdfRender) schoolCodes() []string {
	seen := map[string]bool{}
	for code := range r.schools {
		seen[code] = true
	}
	for _, a := range r.rep.Actions {
		for _, s := range r.at.of(a.School, a.Account) {
			seen[s] = true
		}
	}
	for _, f := range r.rep.Findings {
		for _, s := range r.at.of(f.School, f.Account) {
			seen[s] = true
		}
	}
	var out []string
	for s := range seen {
		if s != "" && s != noSchool {
			out = append(out, s)
		}
	}
	sort.Strings(out)
	for _, s := range []string{noSchool, ""} {
		if seen[s] {
			out = append(out, s)
		}
	}
	return out
}

// accountCell names who a finding is about: the account, the source record
// (source:source_id) or the whole tenant.
func (r *pdfRender) accountCell(account, source, sourceID string) string {
	switch {
	case account != "":
		return account
	case sourceID != "":
		return source + ":" + sourceID
	}
	return "—"
}

// findingCells are the cells of a finding's row: account, school, message and
// evidence, fix.
func (r *pdfRender) findingCells(fi syncaudit.Finding) []pdfCell {
	sev := pdfSeverityColour(string(fi.Severity))
	account := pdfCell{{text: r.accountCell(fi.Account, fi.Source, fi.SourceID)}, {text: r.t(string(fi.Severity)), size: 7, col: &sev}}
	school := pdfCell{{text: r.at.joined(fi.School, fi.Account)}}
	what := pdfCell{{text: fi.Message}}
	if ev := evidenceText(fi.Evidence); ev != "" {
		what = append(what, pdfPara{text: ev, size: 7, col: &pdfColMuted})
	}
	return []pdfCell{account, school, what, {{text: fi.Fix}}}
}

// limit returns how many of n items to list, and whether some are left out.
func (r *pdfRender) limit(n int) (int, bool) {
	if max := r.opts.MaxFindingsPerRule; max > 0 && n > max {
		return max, true
	}
	return n, false
}

// truncated draws the note that only the first shown of n are listed.
func (r *pdfRender) truncated(shown, n int) {
	r.room(10)
	r.text(r.tf("pdf_truncated", shown, n, r.opts.Workbook), "I", 9, pdfColAccent)
	r.f.Ln(2)
}

// findings draws the deny and warn findings grouped by rule, most severe rule
// first, and the count of info findings per rule.
func (r *pdfRender) findings() {
	f := r.f
	f.AddPage()
	r.heading(r.t("pdf_findings"), 0, 20)
	r.text(r.t("explain_hint"), "", 9, pdfColMuted)
	byRule := map[string][]syncaudit.Finding{}
	worst := map[string]syncaudit.Severity{}
	infos := map[string]int{}
	for _, fi := range r.rep.Findings {
		if fi.Severity.Rank() < syncaudit.Warn.Rank() {
			infos[fi.Rule]++
			continue
		}
		byRule[fi.Rule] = append(byRule[fi.Rule], fi)
		if fi.Severity.Rank() > worst[fi.Rule].Rank() {
			worst[fi.Rule] = fi.Severity
		}
	}
	rules := make([]string, 0, len(byRule))
	for id := range byRule {
		rules = append(rules, id)
	}
	sort.Slice(rules, func(i, j int) bool {
		a, b := rules[i], rules[j]
		if worst[a] != worst[b] {
			return worst[a].Rank() > worst[b].Rank()
		}
		return syncaudit.RuleLess(a, b)
	})
	if len(rules) == 0 {
		r.text(r.t("pdf_no_findings"), "", 10, pdfColMuted)
	}
	cols := []pdfColumn{
		{r.t("account"), 30, "L"},
		{r.t("school"), 16, "L"},
		{r.t("pdf_finding"), 78, "L"},
		{r.t("fix"), 56, "L"},
	}
	for _, id := range rules {
		list := byRule[id]
		title := id
		ru, ok := r.ruleByID(id)
		if ok && ru.Title != "" {
			title = id + " · " + ru.Title
		}
		// The heading keeps its severity line, description, the table's
		// heading row and first row on its page.
		keep := 6 + 1.5 + r.tableStartHeight(cols, 8.5, r.findingCells(list[0]))
		if ok && ru.Description != "" {
			keep += r.textHeight(ru.Description, "I", 8.5)
		}
		r.heading(title, 1, keep)
		sev := pdfSeverityColour(string(worst[id]))
		r.text(r.t(string(worst[id]))+" · "+r.tf("pdf_n_findings", len(list)), "B", 9, sev)
		if ok && ru.Description != "" {
			r.text(ru.Description, "I", 8.5, pdfColMuted)
		}
		f.Ln(1.5)
		shown, cut := r.limit(len(list))
		r.startTable(cols, 8.5)
		for _, fi := range list[:shown] {
			r.row(r.findingCells(fi))
		}
		r.endTable()
		if cut {
			r.truncated(shown, len(list))
		}
	}

	if len(infos) > 0 {
		r.heading(r.t("pdf_info_per_rule"), 1, 20)
		ids := make([]string, 0, len(infos))
		for id := range infos {
			ids = append(ids, id)
		}
		sort.Slice(ids, func(i, j int) bool { return syncaudit.RuleLess(ids[i], ids[j]) })
		r.startTable([]pdfColumn{{r.t("rule"), 20, "L"}, {r.t("pdf_rule_title"), 135, "L"}, {r.t("pdf_count"), 25, "R"}}, 9)
		for _, id := range ids {
			ru, _ := r.ruleByID(id)
			r.row([]pdfCell{{{text: id}}, {{text: ru.Title}}, {{text: fmt.Sprint(infos[id])}}})
		}
		r.endTable()
	}
}

// The action kinds of the deletions section, and of its licences part.
var (
	pdfDeletionKinds = []syncaudit.ActionKind{syncaudit.SoftDelete, syncaudit.DeleteAccount, syncaudit.PurgeCandidate}
	pdfLicenceKinds  = []syncaudit.ActionKind{syncaudit.ReleaseLicense, syncaudit.SuspendM365, syncaudit.SuspendGoogle}
)

// deletions draws the planned deletions and the licence releases.
func (r *pdfRender) deletions() {
	r.f.AddPage()
	r.heading(r.t("pdf_deletions"), 0, 20)
	r.actionTable(r.t("pdf_deletions_accounts"), pdfDeletionKinds)
	r.actionTable(r.t("pdf_deletions_licences"), pdfLicenceKinds)
}

// actionTable lists the planned actions of the given kinds, and says how many
// more a switch holds back.
func (r *pdfRender) actionTable(title string, kinds []syncaudit.ActionKind) {
	want := map[syncaudit.ActionKind]bool{}
	for _, k := range kinds {
		want[k] = true
	}
	var list []syncaudit.Action
	skipped := 0
	for _, a := range r.rep.Actions {
		if !want[a.Kind] {
			continue
		}
		if a.State == syncaudit.Skipped {
			skipped++
			continue
		}
		list = append(list, a)
	}
	cols := []pdfColumn{
		{r.t("pdf_kind"), 34, "L"},
		{r.t("account"), 28, "L"},
		{r.t("school"), 16, "L"},
		{r.t("rule"), 12, "L"},
		{r.t("pdf_reason"), 90, "L"},
	}
	cells := func(a syncaudit.Action) []pdfCell {
		reason := pdfCell{{text: a.Reason}}
		if ev := evidenceText(a.Evidence); ev != "" {
			reason = append(reason, pdfPara{text: ev, size: 7, col: &pdfColMuted})
		}
		return []pdfCell{{{text: r.kindLabel(a.Kind)}}, {{text: a.Account}}, {{text: r.at.joined(a.School, a.Account)}}, {{text: a.Rule}}, reason}
	}
	keep := 20.0
	if len(list) > 0 {
		keep = r.tableStartHeight(cols, 8.5, cells(list[0]))
	}
	r.heading(title+" ("+fmt.Sprint(len(list))+")", 1, keep)
	if len(list) == 0 {
		r.text(r.t("pdf_none"), "", 10, pdfColMuted)
	} else {
		shown, cut := r.limit(len(list))
		r.startTable(cols, 8.5)
		for _, a := range list[:shown] {
			r.row(cells(a))
		}
		r.endTable()
		if cut {
			r.truncated(shown, len(list))
		}
	}
	if skipped > 0 {
		r.text(r.tf("pdf_skipped_not_listed", skipped), "I", 9, pdfColMuted)
	}
	r.f.Ln(2)
}

// pdfExceptionState counts the entries of the exception list in each state,
// derived from the E findings and the D5 actions.
type pdfExceptionState struct {
	label string
	rules string
	count int
	col   pdfRGB
}

// exceptionStates derives the exception list's state from the report.
func (r *pdfRender) exceptionStates() (entries int, states []pdfExceptionState) {
	entries = r.rep.ExceptionEntries()
	if r.opts.Snapshot != nil {
		entries = len(r.opts.Snapshot.Exceptions)
	}
	accounts := func(sev syncaudit.Severity, rules ...string) int {
		want := map[string]bool{}
		for _, id := range rules {
			want[id] = true
		}
		seen := map[string]bool{}
		for _, f := range r.rep.Findings {
			if want[f.Rule] && f.Severity.Rank() >= sev.Rank() {
				seen[f.Account+"\x1f"+f.SourceID] = true
			}
		}
		return len(seen)
	}
	kept := map[string]bool{}
	for _, a := range r.rep.Actions {
		if a.Kind == syncaudit.KeepByException {
			kept[a.Account] = true
		}
	}
	states = []pdfExceptionState{
		{r.t("pdf_exc_attention"), "E", len(r.rep.ExceptionAttention()), pdfColAccent},
		{r.t("pdf_exc_invalid"), "E2, E3, E4", accounts(syncaudit.Info, "E2", "E3", "E4"), pdfColDeny},
		{r.t("pdf_exc_due"), "E5", accounts(syncaudit.Info, "E5"), pdfColWarn},
		{r.t("pdf_exc_expired"), "E10", accounts(syncaudit.Info, "E10"), pdfColWarn},
		{r.t("pdf_exc_duplicate"), "E8", accounts(syncaudit.Info, "E8"), pdfColWarn},
		{r.t("pdf_exc_stale"), "E6", accounts(syncaudit.Warn, "E6"), pdfColWarn},
		{r.t("pdf_exc_idle"), "E7", accounts(syncaudit.Info, "E7"), pdfColInfo},
		{r.t("pdf_exc_in_use"), "D5", len(kept), pdfColInfo},
	}
	return entries, states
}

// exceptions draws the exception list's state, and its change since the
// previous run when the report has one.
func (r *pdfRender) exceptions() {
	f := r.f
	f.AddPage()
	r.heading(r.t("pdf_exceptions"), 0, 40)
	entries, states := r.exceptionStates()
	n := r.t("pdf_unknown")
	if entries >= 0 {
		n = fmt.Sprint(entries)
	}
	r.keyValues([][2]string{{r.t("pdf_exc_entries"), n}}, 70, 11)
	f.Ln(2)
	if c := r.rep.Changes; c != nil {
		r.exceptionHeadline(c.Exceptions)
		f.Ln(2)
	}
	var bars []pdfBar
	var notes []string
	for _, s := range states {
		bars = append(bars, pdfBar{label: s.label + " (" + s.rules + ")", segments: []pdfSegment{{s.count, s.col}}})
		notes = append(notes, fmt.Sprint(s.count))
	}
	r.barChart(bars, 95, notes, entries)
	r.f.Ln(3)
	r.attentionTable()
}

// attentionTable lists the entries that need attention: per account, the E
// rules with a deny or warn finding, and the first finding's message.
func (r *pdfRender) attentionTable() {
	accounts := r.rep.ExceptionAttention()
	r.heading(r.t("pdf_exc_attention")+" ("+fmt.Sprint(len(accounts))+")", 1, 30)
	if len(accounts) == 0 {
		r.text(r.t("pdf_none"), "", 10, pdfColMuted)
		return
	}
	type entry struct {
		rules []string
		worst syncaudit.Severity
		first string
	}
	byAccount := map[string]*entry{}
	for _, f := range r.rep.Findings {
		if !syncaudit.IsExceptionRule(f.Rule) || f.Severity.Rank() < syncaudit.Warn.Rank() {
			continue
		}
		k := f.Account
		if k == "" {
			k = f.SourceID
		}
		e := byAccount[k]
		if e == nil {
			e = &entry{first: f.Message}
			byAccount[k] = e
		}
		e.rules = append(e.rules, f.Rule)
		if f.Severity.Rank() > e.worst.Rank() {
			e.worst = f.Severity
		}
	}
	shown, cut := r.limit(len(accounts))
	r.startTable([]pdfColumn{{r.t("account"), 28, "L"}, {r.t("rule"), 26, "L"}, {r.t("message"), 126, "L"}}, 8.5)
	for _, acc := range accounts[:shown] {
		e := byAccount[acc]
		sev := pdfSeverityColour(string(e.worst))
		r.row([]pdfCell{{{text: acc}, {text: r.t(string(e.worst)), size: 7, col: &sev}}, {{text: strings.Join(e.rules, ", ")}}, {{text: e.first}}})
	}
	r.endTable()
	if cut {
		r.truncated(shown, len(accounts))
	}
}

// exceptionHeadline draws the sentence that says whether the exception list
// got better since the previous run.
func (r *pdfRender) exceptionHeadline(e syncaudit.ExceptionChange) {
	col := pdfColMuted
	switch e.Trend {
	case syncaudit.TrendBetter:
		col = pdfColOK
	case syncaudit.TrendWorse:
		col = pdfColDeny
	}
	r.text(r.tf("changes_exc_"+e.Trend, e.AttentionAfter, e.AttentionBefore), "B", 10, col)
	r.text(r.tf("changes_exc_entries", r.count(e.EntriesAfter), r.count(e.EntriesBefore)), "", 9.5, pdfColText)
}

// count writes a count that may be unknown (-1).
func (r *pdfRender) count(n int) string {
	if n < 0 {
		return r.t("pdf_unknown")
	}
	return fmt.Sprint(n)
}

// changes draws what changed since the previous run.
func (r *pdfRender) changes() {
	f := r.f
	c := r.rep.Changes
	f.AddPage()
	r.heading(r.t("changes"), 0, 40)
	policy := r.t("changes_policy_same")
	if c.Previous.PolicyDigest != r.rep.Run.PolicyDigest {
		policy = r.t("changes_policy_changed")
	}
	r.keyValues([][2]string{
		{r.t("changes_previous"), c.Previous.RunDate.String() + "  (" + strings.TrimSpace(r.rep.Tool.Name+" "+c.Previous.ToolVersion) + ")"},
		{r.t("pdf_policy_digest"), policy},
	}, 50, 10)
	f.Ln(2)
	r.exceptionHeadline(c.Exceptions)
	f.Ln(3)

	tally := func(label string, t syncaudit.Tally) []pdfCell {
		return []pdfCell{{{text: label, style: "B"}}, {{text: fmt.Sprint(t.Before)}}, {{text: fmt.Sprint(t.After)}},
			{{text: fmt.Sprint(t.New)}}, {{text: fmt.Sprint(t.Resolved)}}, {{text: fmt.Sprint(t.Unchanged)}}}
	}
	num := func(head string) pdfColumn { return pdfColumn{head, 22, "R"} }
	var ft, at syncaudit.Tally
	for _, rc := range c.FindingsByRule {
		ft = addTally(ft, rc.Tally)
	}
	for _, kc := range c.ActionsByKind {
		at = addTally(at, kc.Tally)
	}
	r.startTable([]pdfColumn{{"", 70, "L"}, num(r.t("changes_before")), num(r.t("changes_now")), num(r.t("changes_new")),
		num(r.t("changes_resolved") + " / " + strings.ToLower(r.t("changes_gone"))), num(r.t("changes_unchanged"))}, 9)
	r.row(tally(r.t("changes_findings"), ft))
	r.row(tally(r.t("changes_actions"), at))
	r.endTable()

	// Before and now per severity, as paired bars.
	before := c.Previous.Summary.Findings
	now := r.severityCounts()
	var bars []pdfBar
	var notes []string
	for _, s := range syncaudit.Severities {
		bars = append(bars,
			pdfBar{label: r.t(string(s)) + " · " + r.t("changes_before"), segments: []pdfSegment{{before[s], pdfColSkipped}}},
			pdfBar{label: r.t(string(s)) + " · " + r.t("changes_now"), segments: []pdfSegment{{now[s], pdfSeverityColour(string(s))}}})
		notes = append(notes, fmt.Sprint(before[s]), fmt.Sprint(now[s]))
	}
	r.heading(r.t("pdf_findings_by_severity"), 1, 35)
	r.barChart(bars, 62, notes, 0)
	f.Ln(2)

	if len(c.FindingsByRule) > 0 {
		r.heading(r.t("changes_per_rule"), 1, 20)
		r.startTable([]pdfColumn{{r.t("rule"), 20, "L"}, {r.t("severity"), 28, "L"}, num(r.t("changes_before")), num(r.t("changes_now")),
			num(r.t("changes_new")), num(r.t("changes_resolved")), num(r.t("changes_unchanged"))}, 9)
		for _, rc := range c.FindingsByRule {
			r.row([]pdfCell{{{text: rc.Rule}}, {{text: r.t(string(rc.Severity))}}, {{text: fmt.Sprint(rc.Before)}}, {{text: fmt.Sprint(rc.After)}},
				{{text: fmt.Sprint(rc.New)}}, {{text: fmt.Sprint(rc.Resolved)}}, {{text: fmt.Sprint(rc.Unchanged)}}})
		}
		r.endTable()
	}
	if len(c.ActionsByKind) > 0 {
		r.heading(r.t("pdf_actions_by_kind"), 1, 20)
		r.startTable([]pdfColumn{{r.t("pdf_kind"), 48, "L"}, num(r.t("changes_before")), num(r.t("changes_now")),
			num(r.t("changes_new")), num(r.t("changes_gone")), num(r.t("changes_unchanged"))}, 9)
		for _, kc := range c.ActionsByKind {
			r.row([]pdfCell{{{text: r.kindLabel(kc.Kind)}}, {{text: fmt.Sprint(kc.Before)}}, {{text: fmt.Sprint(kc.After)}},
				{{text: fmt.Sprint(kc.New)}}, {{text: fmt.Sprint(kc.Resolved)}}, {{text: fmt.Sprint(kc.Unchanged)}}})
		}
		r.endTable()
	}
	r.changedFindings(r.t("changes_new_findings"), c.NewFindings)
	r.changedFindings(r.t("changes_resolved_findings"), c.ResolvedFindings)
}

// changedFindings lists new or resolved findings, capped like the findings section.
func (r *pdfRender) changedFindings(title string, list []syncaudit.Finding) {
	r.heading(title+" ("+fmt.Sprint(len(list))+")", 1, 20)
	if len(list) == 0 {
		r.text(r.t("changes_none"), "", 10, pdfColMuted)
		return
	}
	shown, cut := r.limit(len(list))
	r.startTable([]pdfColumn{{r.t("rule"), 22, "L"}, {r.t("account"), 30, "L"}, {r.t("school"), 16, "L"}, {r.t("message"), 112, "L"}}, 8.5)
	for _, fi := range list[:shown] {
		sev := pdfSeverityColour(string(fi.Severity))
		r.row([]pdfCell{{{text: fi.Rule}, {text: r.t(string(fi.Severity)), size: 7, col: &sev}},
			{{text: r.accountCell(fi.Account, fi.Source, fi.SourceID)}}, {{text: r.at.joined(fi.School, fi.Account)}}, {{text: fi.Message}}})
	}
	r.endTable()
	if cut {
		r.truncated(shown, len(list))
	}
}

func addTally(a, b syncaudit.Tally) syncaudit.Tally {
	return syncaudit.Tally{Before: a.Before + b.Before, After: a.After + b.After, New: a.New + b.New,
		Resolved: a.Resolved + b.Resolved, Unchanged: a.Unchanged + b.Unchanged}
}

// catalogue draws the rule catalogue: every rule in force with its severity,
// title, description and seed.
func (r *pdfRender) catalogue() {
	r.f.AddPage()
	r.heading(r.t("pdf_rules"), 0, 20)
	rules := append([]syncaudit.Rule(nil), r.rep.Rules...)
	sort.SliceStable(rules, func(i, j int) bool { return syncaudit.RuleLess(rules[i].ID, rules[j].ID) })
	if len(rules) == 0 {
		r.text(r.t("pdf_none"), "", 10, pdfColMuted)
		return
	}
	r.startTable([]pdfColumn{{r.t("rule"), 14, "L"}, {r.t("severity"), 22, "L"}, {r.t("pdf_rule_title") + " · " + r.t("pdf_description"), 114, "L"}, {r.t("pdf_seed"), 30, "L"}}, 8.5)
	for _, ru := range rules {
		sev := pdfSeverityColour(string(ru.Severity))
		desc := pdfCell{{text: ru.Title, style: "B"}}
		if ru.Description != "" {
			desc = append(desc, pdfPara{text: ru.Description, size: 7.5})
		}
		severity := r.t(string(ru.Severity))
		if ru.Severity == "" {
			severity = r.t("pdf_action_rule")
		}
		r.row([]pdfCell{{{text: ru.ID, style: "B"}}, {{text: severity, col: &sev}}, desc, {{text: seedText(ru)}}})
	}
	r.endTable()
	if len(r.rep.Run.DisabledRules) > 0 {
		r.keyValues([][2]string{{r.t("pdf_disabled_rules"), strings.Join(r.rep.Run.DisabledRules, ", ")}}, 50, 9.5)
	}
}

// provenance draws the appendix: every input file with its SHA-256 and record
// count, the policy digest and files, and the parameters in force.
func (r *pdfRender) provenance() {
	f := r.f
	run := r.rep.Run
	f.AddPage()
	r.heading(r.t("pdf_provenance"), 0, 30)
	rows := [][2]string{
		{r.t("tenant"), r.tenantName()},
		{r.t("run_date"), run.RunDate.String()},
		{r.t("pdf_tool_version"), strings.TrimSpace(r.rep.Tool.Name + " " + r.rep.Tool.Version)},
	}
	if t := r.rep.Tool; t.Revision != "" || t.OPA != "" {
		rows = append(rows, [2]string{r.t("revision"), orUnknown(r, t.Revision)}, [2]string{r.t("opa_version"), orUnknown(r, t.OPA)})
	}
	if run.GeneratedAt != "" {
		rows = append(rows, [2]string{r.t("generated_at"), run.GeneratedAt})
	}
	if len(run.Unoffered) > 0 {
		var parts []string
		for _, src := range []syncaudit.Source{syncaudit.LAS, syncaudit.HR, syncaudit.SIS} {
			if n, ok := run.Unoffered[src]; ok {
				parts = append(parts, fmt.Sprintf("%s: %d", src, n))
			}
		}
		rows = append(rows, [2]string{r.t("pdf_unoffered"), strings.Join(parts, "; ")})
	}
	r.keyValues(rows, 62, 9.5)

	r.heading(r.t("pdf_inputs"), 1, 20)
	r.startTable([]pdfColumn{{r.t("pdf_file"), 58, "L"}, {r.t("pdf_records"), 18, "R"}, {"SHA-256", 104, "L"}}, 8.5)
	for _, in := range run.Inputs {
		r.row([]pdfCell{{{text: in.File}}, {{text: fmt.Sprint(in.Records)}}, {{text: in.SHA256, mono: true, size: 7.2}}})
	}
	r.endTable()

	r.heading(r.t("pdf_policy_digest"), 1, 15)
	r.font("", 8, true)
	f.MultiCell(pdfContentW, pdfLineH(8), pdfSafe(run.PolicyDigest), "", "L", false)
	f.Ln(2)
	if len(run.Policies) > 0 {
		r.heading(r.t("pdf_policy_files"), 1, 20)
		r.startTable([]pdfColumn{{r.t("pdf_file"), 76, "L"}, {"SHA-256", 104, "L"}}, 8.5)
		for _, p := range run.Policies {
			r.row([]pdfCell{{{text: p.File}}, {{text: p.SHA256, mono: true, size: 7.2}}})
		}
		r.endTable()
	}

	r.heading(r.t("pdf_parameters"), 1, 20)
	params := pdfFlattenParams("", run.Parameters)
	if len(params) == 0 {
		r.text(r.t("pdf_none"), "", 10, pdfColMuted)
	} else {
		r.startTable([]pdfColumn{{r.t("pdf_parameter"), 70, "L"}, {r.t("pdf_value"), 110, "L"}}, 8.5)
		for _, kv := range params {
			r.row([]pdfCell{{{text: kv[0]}}, {{text: kv[1], mono: true, size: 7.5}}})
		}
		r.endTable()
	}
	if len(run.DisabledRules) > 0 {
		r.keyValues([][2]string{{r.t("pdf_disabled_rules"), strings.Join(run.DisabledRules, ", ")}}, 50, 9.5)
	}
}

// pdfFlattenParams writes nested parameters as sorted "a.b" keys with JSON values.
func pdfFlattenParams(prefix string, m map[string]any) [][2]string {
	var out [][2]string
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		name := k
		if prefix != "" {
			name = prefix + "." + k
		}
		if sub, ok := m[k].(map[string]any); ok && len(sub) > 0 {
			out = append(out, pdfFlattenParams(name, sub)...)
			continue
		}
		b, err := json.Marshal(m[k])
		if err != nil {
			b = []byte(fmt.Sprint(m[k]))
		}
		out = append(out, [2]string{name, string(b)})
	}
	return out
}
