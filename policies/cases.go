package policies

import (
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
// slices, turned into an ast.Value by the worker that evaluates it.
type kase struct {
	kind string
	// account case: the account and its records, entries and memberships.
	account     int
	records     []int
	exceptions  []int
	memberships []int
	// record case: the unlinked person and the accounts that match it by
	// e-mail or by name and school: manual active ones (M2) and linked ones
	// of any status (M1).
	link    syncaudit.Link
	matches []int
	linked  []int
	// exception case: the entry whose account is missing.
	exception int
	// review is a reviewer's decision on the account's exception entry (E9),
	// set only by a review import.
	review *Review
}

// A Review is a reviewer's decision on an account's exception entry (E9),
// passed to the rule book as input.review: keep (with a reason and an
// optional new expiry date), remove the entry, or delete the account.
type Review struct {
	Decision  string // keep, remove or delete
	Reason    string
	ExpiresAt syncaudit.Date
}

// describe names a case for error messages.
func (k *kase) describe(snap *syncaudit.Snapshot) string {
	switch k.kind {
	case accountCase:
		return "account " + snap.Accounts[k.account].ID
	case recordCase:
		return "source record " + k.link.String()
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
// are left out.
func join(snap *syncaudit.Snapshot) []kase {
	listed := make(map[string]bool, len(snap.Tenant.Schools))
	for _, s := range snap.Tenant.Schools {
		listed[s.ID] = true
	}
	recordsByLink := map[syncaudit.Link][]int{}
	var linkOrder []syncaudit.Link
	for i := range snap.Records {
		r := &snap.Records[i]
		if !listed[r.School] {
			continue
		}
		l := r.Link()
		if _, ok := recordsByLink[l]; !ok {
			linkOrder = append(linkOrder, l)
		}
		recordsByLink[l] = append(recordsByLink[l], i)
	}
	exceptionsByAccount := map[string][]int{}
	for i, e := range snap.Exceptions {
		exceptionsByAccount[e.AccountID] = append(exceptionsByAccount[e.AccountID], i)
	}
	membershipsByAccount := map[string][]int{}
	for i, m := range snap.Memberships {
		membershipsByAccount[m.AccountID] = append(membershipsByAccount[m.AccountID], i)
	}

	cases := make([]kase, 0, len(snap.Accounts)+len(linkOrder)/8+len(snap.Exceptions)/8)
	linked := map[syncaudit.Link]bool{}
	accountIDs := make(map[string]bool, len(snap.Accounts))
	manual, withLinks := newMatchIndex(), newMatchIndex()
	for i := range snap.Accounts {
		a := &snap.Accounts[i]
		accountIDs[a.ID] = true
		k := kase{kind: accountCase, account: i, exceptions: exceptionsByAccount[a.ID], memberships: membershipsByAccount[a.ID]}
		seen := map[syncaudit.Link]bool{}
		for _, l := range a.Links {
			if seen[l] {
				continue
			}
			seen[l] = true
			linked[l] = true
			k.records = append(k.records, recordsByLink[l]...)
		}
		cases = append(cases, k)
		switch {
		case !a.Manual():
			withLinks.add(a, i)
		case a.Status == syncaudit.Active:
			manual.add(a, i)
		}
	}
	for _, l := range linkOrder {
		if linked[l] {
			continue
		}
		k := kase{kind: recordCase, link: l, records: recordsByLink[l]}
		k.matches = manual.match(snap, k.records)
		k.linked = withLinks.match(snap, k.records)
		cases = append(cases, k)
	}
	for i, e := range snap.Exceptions {
		if !accountIDs[e.AccountID] {
			cases = append(cases, kase{kind: exceptionCase, exception: i})
		}
	}
	return cases
}

// A matchIndex finds accounts by lower-cased e-mail and by lower-cased
// first name, last name and school (M1, M2).
type matchIndex struct {
	byEmail map[string][]int
	byName  map[string][]int
}

func newMatchIndex() matchIndex {
	return matchIndex{byEmail: map[string][]int{}, byName: map[string][]int{}}
}

// add indexes account a, at index i of the snapshot's accounts.
func (m matchIndex) add(a *syncaudit.Account, i int) {
	if email := fold(a.Email); email != "" {
		m.byEmail[email] = append(m.byEmail[email], i)
	}
	for _, school := range a.Schools {
		key := nameKey(a.FirstName, a.LastName, school)
		m.byName[key] = append(m.byName[key], i)
	}
}

// match returns the indices of the accounts that match any of the records,
// in snapshot order.
func (m matchIndex) match(snap *syncaudit.Snapshot, records []int) []int {
	found := map[int]bool{}
	for _, ri := range records {
		r := &snap.Records[ri]
		if email := fold(r.Email); email != "" {
			for _, ai := range m.byEmail[email] {
				found[ai] = true
			}
		}
		for _, ai := range m.byName[nameKey(r.FirstName, r.LastName, r.School)] {
			found[ai] = true
		}
	}
	if len(found) == 0 {
		return nil
	}
	out := make([]int, 0, len(found))
	for ai := range found {
		out = append(out, ai)
	}
	sort.Ints(out)
	return out
}

// fold lower-cases and trims, for case-insensitive matching (M2).
func fold(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// nameKey is the (first name, last name, school) key of M2's name match.
func nameKey(first, last, school string) string {
	if strings.TrimSpace(first) == "" || strings.TrimSpace(last) == "" {
		return "\x00" // never matches a real key
	}
	return fold(first) + "\x00" + fold(last) + "\x00" + strings.TrimSpace(school)
}

// value builds the case's input document directly as an ast.Value.
func (k *kase) value(snap *syncaudit.Snapshot) ast.Value {
	switch k.kind {
	case accountCase:
		obj := ast.NewObject(
			item("case", ast.StringTerm(accountCase)),
			item("account", ast.NewTerm(accountValue(&snap.Accounts[k.account]))),
			item("records", recordsTerm(snap, k.records)),
			item("exceptions", exceptionsTerm(snap, k.exceptions)),
			item("memberships", membershipsTerm(snap, k.memberships)),
		)
		if k.review != nil {
			obj.Insert(ast.StringTerm("review"), ast.ObjectTerm(
				str("decision", k.review.Decision),
				str("reason", k.review.Reason),
				str("expires_at", string(k.review.ExpiresAt)),
			))
		}
		return obj
	case recordCase:
		return ast.NewObject(
			item("case", ast.StringTerm(recordCase)),
			item("source", ast.StringTerm(string(k.link.Source))),
			item("source_id", ast.StringTerm(k.link.SourceID)),
			item("records", recordsTerm(snap, k.records)),
			item("manual_matches", accountsTerm(snap, k.matches)),
			item("linked_matches", accountsTerm(snap, k.linked)),
		)
	case exceptionCase:
		return ast.NewObject(
			item("case", ast.StringTerm(exceptionCase)),
			item("exception", ast.NewTerm(exceptionValue(&snap.Exceptions[k.exception]))),
		)
	}
	return ast.NewObject(item("case", ast.StringTerm(k.kind)))
}

func item(key string, v *ast.Term) [2]*ast.Term { return ast.Item(ast.StringTerm(key), v) }

func str(key, v string) [2]*ast.Term { return item(key, ast.StringTerm(v)) }

func boolean(key string, v bool) [2]*ast.Term { return item(key, ast.BooleanTerm(v)) }

// strings builds an array of strings; nil gives an empty array, never null.
func stringsTerm(ss []string) *ast.Term {
	terms := make([]*ast.Term, len(ss))
	for i, s := range ss {
		terms[i] = ast.StringTerm(s)
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
		item("line", ast.IntNumberTerm(a.Line)),
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
			item("line", ast.IntNumberTerm(r.Line)),
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
		item("line", ast.IntNumberTerm(e.Line)),
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
	}
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
