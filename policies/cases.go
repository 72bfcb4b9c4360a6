package policies

import (
	"slices"
	"sort"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/syncaudit/syncaudit"
)

// The kinds of case the rule book is evaluated on (docs/policies.md).
const (
	accountCase   = "account"
	recordCase    = "record"
	exceptionCase = "exception"
	tenantCase    = "tenant"
)

// A kase is one case joined from a snapshot: indices into the snapshot's
// slices, turned into an ast.Value by the worker that evaluates it. A
// snapshot of a million accounts holds a million of them, so what only
// record cases need sits behind a pointer.
type kase struct {
	kind string
	// account case: the account and its records, entries and memberships.
	// record case: the unlinked person's records.
	account     int
	records     []int
	exceptions  []int
	memberships []int
	// person is the record case's unlinked person.
	person *unlinkedPerson
	// exception case: the entry whose account is missing.
	exception int
	// review is a reviewer's decision on the account's exception entry (E9),
	// set only by a review import.
	review *Review
	// twins are the other accounts that share a link (M5) or the username
	// (U2) with an account case's account; nil for nearly every case.
	twins *accountTwins
}

// An unlinkedPerson is the person of a record case: a link no account carries, and
// the accounts that match it by e-mail or by name and school: manual active
// ones (M2) and linked ones of any status (M1).
type unlinkedPerson struct {
	link    syncaudit.Link
	matches []int
	linked  []int
}

// A Review is a reviewer's decision on an account's exception entry (E9),
// passed to the rule book as input.review: keep (with a reason and an
// optional new expiry date), remove the entry, or delete the account.
type Review struct {
	Decision  string // keep, remove or delete
	Reason    string
	ExpiresAt syncaudit.Date
}

// reviewTerm is input.review: the decision, the reason and the expiry date.
func reviewTerm(r *Review) *ast.Term {
	return ast.ObjectTerm(
		str("decision", r.Decision),
		str("reason", r.Reason),
		str("expires_at", string(r.ExpiresAt)),
	)
}

// describe names a case for error messages.
func (k *kase) describe(snap *syncaudit.Snapshot) string {
	switch k.kind {
	case accountCase:
		return "account " + snap.Accounts[k.account].ID
	case recordCase:
		return "source record " + k.person.link.String()
	case exceptionCase:
		return "exception entry for " + snap.Exceptions[k.exception].AccountID
	}
	return k.kind
}

// accountID is the id of an account case's account, "" for other cases.
func (k *kase) accountID(snap *syncaudit.Snapshot) string {
	if k.kind != accountCase {
		return ""
	}
	return snap.Accounts[k.account].ID
}

// join turns a snapshot into its cases, once: one per account, one per
// source person no account links to, one per exception entry whose account
// is not in the export. Source records at schools the tenant does not list
// are left out. It runs before the workers start, so it is kept lean: one map
// look-up per record and per link, and the e-mail and name index for the
// matching rules (M1, M2) is built over the few unlinked people rather than
// over every account.
func join(snap *syncaudit.Snapshot) []kase {
	byLink := groupRecords(snap)
	exceptionsByAccount := map[string][]int{}
	for i, e := range snap.Exceptions {
		exceptionsByAccount[e.AccountID] = append(exceptionsByAccount[e.AccountID], i)
	}
	membershipsByAccount := map[string][]int{}
	for i, m := range snap.Memberships {
		membershipsByAccount[m.AccountID] = append(membershipsByAccount[m.AccountID], i)
	}

	cases := make([]kase, 0, len(snap.Accounts)+len(byLink.groups)/8+len(snap.Exceptions)/8)
	listed := map[string]bool{} // account ids that have exception entries and are in the export
	twins := findTwins(snap)
	for i := range snap.Accounts {
		a := &snap.Accounts[i]
		k := kase{kind: accountCase, account: i, memberships: membershipsByAccount[a.ID], twins: twins[i]}
		if es, ok := exceptionsByAccount[a.ID]; ok {
			k.exceptions = es
			listed[a.ID] = true
		}
		for j, l := range a.Links {
			if slices.Contains(a.Links[:j], l) {
				continue
			}
			g, ok := byLink.index[l]
			if !ok {
				continue
			}
			byLink.groups[g].linked = true
			if k.records == nil {
				k.records = byLink.groups[g].records // shared: capped, so an append copies
			} else {
				k.records = append(k.records, byLink.groups[g].records...)
			}
		}
		cases = append(cases, k)
	}

	var unlinked []int // indices into cases of the record cases
	for _, g := range byLink.groups {
		if g.linked {
			continue
		}
		unlinked = append(unlinked, len(cases))
		cases = append(cases, kase{kind: recordCase, records: g.records, person: &unlinkedPerson{link: g.link}})
	}
	if len(unlinked) > 0 {
		matchAccounts(snap, cases, unlinked)
	}
	for i, e := range snap.Exceptions {
		if !listed[e.AccountID] {
			cases = append(cases, kase{kind: exceptionCase, exception: i})
		}
	}
	return cases
}

// linkGroups are the snapshot's records at listed schools grouped by link,
// in the order each link first appears.
type linkGroups struct {
	index  map[syncaudit.Link]int
	groups []linkGroup
}

type linkGroup struct {
	link    syncaudit.Link
	records []int // indices into snap.Records, in snapshot order; capacity = length
	linked  bool  // some account links to it
}

func groupRecords(snap *syncaudit.Snapshot) linkGroups {
	listed := make(map[string]bool, len(snap.Tenant.Schools))
	for _, s := range snap.Tenant.Schools {
		listed[s.ID] = true
	}
	lg := linkGroups{index: make(map[syncaudit.Link]int, len(snap.Records))}
	groupOf := make([]int, len(snap.Records)) // -1: at a school not listed
	var sizes []int
	for i := range snap.Records {
		r := &snap.Records[i]
		if !listed[r.School] {
			groupOf[i] = -1
			continue
		}
		l := r.Link()
		g, ok := lg.index[l]
		if !ok {
			g = len(lg.groups)
			lg.index[l] = g
			lg.groups = append(lg.groups, linkGroup{link: l})
			sizes = append(sizes, 0)
		}
		groupOf[i] = g
		sizes[g]++
	}
	// One backing array for every group's records, cut at the group sizes.
	flat := make([]int, 0, len(snap.Records))
	start := make([]int, len(sizes))
	for g, n := range sizes {
		start[g] = len(flat)
		flat = flat[:len(flat)+n]
	}
	for i, g := range groupOf {
		if g < 0 {
			continue
		}
		flat[start[g]] = i
		start[g]++
	}
	end := 0
	for g, n := range sizes {
		end += n
		lg.groups[g].records = flat[end-n : end : end]
	}
	return lg
}

// matchAccounts fills in the matches of the record cases at the given
// indices of cases: manual active accounts (M2) and accounts with links of
// any status (M1) that share a record's e-mail address or its first name,
// last name and school, ignoring case. The index is built over the records
// of these cases, and every account is looked up in it once.
func matchAccounts(snap *syncaudit.Snapshot, cases []kase, recordCases []int) {
	byEmail := map[string][]int{}
	byName := map[nameKey][]int{}
	for _, c := range recordCases {
		for _, ri := range cases[c].records {
			r := &snap.Records[ri]
			if email := fold(r.Email); email != "" {
				byEmail[email] = appendOnce(byEmail[email], c)
			}
			if key, ok := newNameKey(r.FirstName, r.LastName, r.School); ok {
				byName[key] = appendOnce(byName[key], c)
			}
		}
	}
	add := func(c, ai int, manual bool) {
		p := cases[c].person
		if manual {
			p.matches = appendOnce(p.matches, ai)
		} else {
			p.linked = appendOnce(p.linked, ai)
		}
	}
	for ai := range snap.Accounts {
		a := &snap.Accounts[ai]
		manual := a.Manual()
		if manual && a.Status != syncaudit.Active {
			continue
		}
		if email := fold(a.Email); email != "" {
			for _, c := range byEmail[email] {
				add(c, ai, manual)
			}
		}
		for _, school := range a.Schools {
			if key, ok := newNameKey(a.FirstName, a.LastName, school); ok {
				for _, c := range byName[key] {
					add(c, ai, manual)
				}
			}
		}
	}
}

// appendOnce appends x unless it is already the last element: the callers
// append in increasing order, so that keeps the slice sorted and unique.
func appendOnce(xs []int, x int) []int {
	if n := len(xs); n > 0 && xs[n-1] == x {
		return xs
	}
	return append(xs, x)
}

// fold lower-cases and trims, for case-insensitive matching (M2).
func fold(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// A nameKey is the (first name, last name, school) key of M2's name match,
// names folded.
type nameKey struct{ first, last, school string }

// newNameKey returns the name key of a person at a school; false when the
// first or last name is empty, which matches nothing.
func newNameKey(first, last, school string) (nameKey, bool) {
	first, last = fold(first), fold(last)
	if first == "" || last == "" {
		return nameKey{}, false
	}
	return nameKey{first, last, strings.TrimSpace(school)}, true
}

// value builds the case's input document directly as an ast.Value.
func (k *kase) value(snap *syncaudit.Snapshot) ast.Value {
	switch k.kind {
	case accountCase:
		obj := ast.NewObject(
			item("case", strTerm(accountCase)),
			item("account", ast.NewTerm(accountValue(&snap.Accounts[k.account]))),
			item("records", recordsTerm(snap, k.records)),
			item("exceptions", exceptionsTerm(snap, k.exceptions)),
			item("memberships", membershipsTerm(snap, k.memberships)),
		)
		if k.twins != nil {
			insertTwins(obj, snap, k.twins)
		}
		if k.review != nil {
			obj.Insert(strTerm("review"), reviewTerm(k.review))
		}
		return obj
	case recordCase:
		return ast.NewObject(
			item("case", strTerm(recordCase)),
			str("source", string(k.person.link.Source)),
			str("source_id", k.person.link.SourceID),
			item("records", recordsTerm(snap, k.records)),
			item("manual_matches", accountsTerm(snap, k.person.matches)),
			item("linked_matches", accountsTerm(snap, k.person.linked)),
		)
	case exceptionCase:
		obj := ast.NewObject(
			item("case", strTerm(exceptionCase)),
			item("exception", ast.NewTerm(exceptionValue(&snap.Exceptions[k.exception]))),
		)
		if k.review != nil {
			obj.Insert(strTerm("review"), reviewTerm(k.review))
		}
		return obj
	}
	return ast.NewObject(item("case", ast.StringTerm(k.kind)))
}

// shared holds the string terms every case repeats: the keys of a case's
// objects and the common values (empty strings, kinds, statuses, sources).
// A case is a few hundred terms; sharing these saves about a third of the
// allocations of building it. OPA never modifies an input's terms (it shares
// its own interned terms the same way), so one term serves every worker.
var shared = func() map[string]*ast.Term {
	m := map[string]*ast.Term{}
	for _, s := range []string{
		"", "case", "account", "records", "exceptions", "memberships", "review", "decision", "reason",
		"expires_at", "record", "source", "source_id", "manual_matches", "linked_matches", "exception",
		"account_id", "username", "first_name", "name_prefix", "last_name", "email", "kind", "status",
		"deleted_at", "restored_at", "last_login", "schools", "links", "m365", "m365_license", "google",
		"line", "school", "role", "groups", "courses", "programs", "start_date", "end_date",
		"added_by", "added_at", "reviewed_at", "group", "origin", "same_link", "same_username", "link",
		accountCase, recordCase, exceptionCase, tenantCase,
		string(syncaudit.Active), string(syncaudit.SoftDeleted),
		string(syncaudit.Staff), string(syncaudit.Student), string(syncaudit.Guardian),
		string(syncaudit.LAS), string(syncaudit.HR), string(syncaudit.SIS),
		"course", "sync", "manual",
	} {
		m[s] = ast.StringTerm(s)
	}
	return m
}()

// strTerm is the term of string s, shared when it is a common one.
func strTerm(s string) *ast.Term {
	if t, ok := shared[s]; ok {
		return t
	}
	return ast.StringTerm(s)
}

func item(key string, v *ast.Term) [2]*ast.Term { return [2]*ast.Term{strTerm(key), v} }

func str(key, v string) [2]*ast.Term { return item(key, strTerm(v)) }

func boolean(key string, v bool) [2]*ast.Term { return item(key, ast.InternedTerm(v)) }

// strings builds an array of strings; nil gives an empty array, never null.
func stringsTerm(ss []string) *ast.Term {
	terms := make([]*ast.Term, len(ss))
	for i, s := range ss {
		terms[i] = strTerm(s)
	}
	return ast.ArrayTerm(terms...)
}

// accountsTerm builds an array of the accounts at the given indices.
func accountsTerm(snap *syncaudit.Snapshot, idx []int) *ast.Term {
	terms := make([]*ast.Term, len(idx))
	for i, ai := range idx {
		terms[i] = ast.NewTerm(accountValue(&snap.Accounts[ai]))
	}
	return ast.ArrayTerm(terms...)
}

func accountValue(a *syncaudit.Account) ast.Value {
	links := make([]*ast.Term, len(a.Links))
	for i, l := range a.Links {
		links[i] = ast.ObjectTerm(str("source", string(l.Source)), str("source_id", l.SourceID))
	}
	return ast.NewObject(
		str("account_id", a.ID),
		str("username", a.Username),
		str("first_name", a.FirstName),
		str("name_prefix", a.NamePrefix),
		str("last_name", a.LastName),
		str("email", a.Email),
		str("kind", string(a.Kind)),
		str("status", string(a.Status)),
		str("deleted_at", string(a.DeletedAt)),
		str("restored_at", string(a.RestoredAt)),
		str("last_login", string(a.LastLogin)),
		item("schools", stringsTerm(a.Schools)),
		item("links", ast.ArrayTerm(links...)),
		boolean("m365", a.M365),
		boolean("m365_license", a.M365License),
		boolean("google", a.Google),
		item("programs", stringsTerm(a.Programs)),
		item("line", ast.InternedTerm(a.Line)),
	)
}

func recordsTerm(snap *syncaudit.Snapshot, idx []int) *ast.Term {
	terms := make([]*ast.Term, len(idx))
	for i, ri := range idx {
		r := &snap.Records[ri]
		terms[i] = ast.ObjectTerm(
			str("source", string(r.Source)),
			str("source_id", r.SourceID),
			str("school", r.School),
			str("kind", string(r.Kind)),
			str("role", r.Role),
			str("first_name", r.FirstName),
			str("name_prefix", r.NamePrefix),
			str("last_name", r.LastName),
			str("email", r.Email),
			item("groups", stringsTerm(r.Groups)),
			item("courses", stringsTerm(r.Courses)),
			item("programs", stringsTerm(r.Programs)),
			str("start_date", string(r.StartDate)),
			str("end_date", string(r.EndDate)),
			item("line", ast.InternedTerm(r.Line)),
		)
	}
	return ast.ArrayTerm(terms...)
}

func exceptionValue(e *syncaudit.ExceptionEntry) ast.Value {
	return ast.NewObject(
		str("account_id", e.AccountID),
		str("reason", e.Reason),
		str("added_by", e.AddedBy),
		str("added_at", string(e.AddedAt)),
		str("reviewed_at", string(e.ReviewedAt)),
		str("expires_at", string(e.ExpiresAt)),
		item("line", ast.InternedTerm(e.Line)),
	)
}

func exceptionsTerm(snap *syncaudit.Snapshot, idx []int) *ast.Term {
	terms := make([]*ast.Term, len(idx))
	for i, ei := range idx {
		terms[i] = ast.NewTerm(exceptionValue(&snap.Exceptions[ei]))
	}
	return ast.ArrayTerm(terms...)
}

func membershipsTerm(snap *syncaudit.Snapshot, idx []int) *ast.Term {
	terms := make([]*ast.Term, len(idx))
	for i, mi := range idx {
		m := &snap.Memberships[mi]
		terms[i] = ast.ObjectTerm(
			str("school", m.School),
			str("group", m.Group),
			str("kind", string(m.Kind)),
			str("origin", string(m.Origin)),
		)
	}
	return ast.ArrayTerm(terms...)
}

// tenantData is data.tenant: the tenant, its schools keyed by code with their
// switches, the sources in the snapshot, and the policy block as written.
func tenantData(snap *syncaudit.Snapshot, runDate syncaudit.Date, sources []string) map[string]any {
	t := &snap.Tenant
	schools := make(map[string]any, len(t.Schools))
	for _, s := range t.Schools {
		sw := s.Sync
		schools[s.ID] = map[string]any{
			"id": s.ID, "name": s.Name, "domain": s.Domain,
			"sync": map[string]any{
				"automatic": sw.Automatic, "students": sw.Students, "staff": sw.Staff,
				"guardians": sw.Guardians, "guardians_from": string(sw.GuardiansFrom),
				"subjects": sw.Subjects, "subject_members": sw.SubjectMembers,
				"classes": sw.Classes, "class_teachers": sw.ClassTeachers,
				"force_email": map[string]any{
					"students": sw.ForceEmail.Students, "staff": sw.ForceEmail.Staff,
					"guardians": sw.ForceEmail.Guardians,
				},
				"manual_course_members": sw.ManualCourseMembers,
			},
		}
	}
	srcs := make([]any, len(sources))
	for i, s := range sources {
		srcs[i] = s
	}
	return map[string]any{
		"id": t.ID, "name": t.Name, "structure": string(t.Structure), "domain": t.Domain,
		"run_date": string(runDate), "sources": srcs, "schools": schools,
		"policy":      jsonObject(t.Policy),
		"memberships": hasMemberships(snap),
		"inputs":      inputColumns(snap),
		// program_libraries: target/accounts shows the program libraries (P3).
		"program_libraries": snap.TargetPrograms,
	}
}

// inputColumns is data.tenant.inputs: per input file with columns that no
// contract column has, the columns and those among them that nearly match
// an accepted header (S7).
func inputColumns(snap *syncaudit.Snapshot) []any {
	out := []any{}
	for _, in := range snap.Inputs {
		if len(in.IgnoredColumns) == 0 {
			continue
		}
		ignored := make([]any, len(in.IgnoredColumns))
		for i, c := range in.IgnoredColumns {
			ignored[i] = c
		}
		hints := make([]any, len(in.ColumnHints))
		for i, h := range in.ColumnHints {
			hints[i] = map[string]any{"column": h.Column, "resembles": h.Resembles, "means": h.Means}
		}
		out = append(out, map[string]any{"file": in.File, "ignored_columns": ignored, "column_hints": hints})
	}
	return out
}

// hasMemberships reports whether the snapshot holds target/memberships (or,
// built in memory without input files, any membership): without it the
// membership rules (V5–V7, V9) stay silent.
func hasMemberships(snap *syncaudit.Snapshot) bool {
	if len(snap.Inputs) == 0 {
		return len(snap.Memberships) > 0
	}
	for _, in := range snap.Inputs {
		if strings.HasPrefix(in.File, "target/memberships.") {
			return true
		}
	}
	return false
}

// snapshotSources lists the sources whose export is in the snapshot, sorted;
// a snapshot built in memory (no input files) counts the sources of its records.
func snapshotSources(snap *syncaudit.Snapshot) []string {
	set := map[string]bool{}
	if len(snap.Inputs) > 0 {
		for _, s := range []syncaudit.Source{syncaudit.LAS, syncaudit.HR, syncaudit.SIS} {
			if snap.HasSource(s) {
				set[string(s)] = true
			}
		}
	} else {
		for i := range snap.Records {
			set[string(snap.Records[i].Source)] = true
		}
	}
	out := make([]string, 0, len(set))
	for s := range set {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}
