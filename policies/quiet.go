package policies

import (
	"context"
	"strings"

	"github.com/open-policy-agent/opa/v1/storage"

	"github.com/syncaudit/syncaudit"
)

// The fast path (docs/scale.md, "The fast path").
//
// Most accounts of a real tenant are clean: no built-in rule returns anything
// for them. The rule book states when that is so in Rego, as
// data.syncaudit.lib.quiet (policies/lib.rego), next to the rules and tested
// against them (quiet_test.rego). Asking OPA that question costs a clean
// account about half of what the full rule book costs, so the engine asks it
// in Go instead: quietTenant.quiet below is the same conditions, one for one,
// on the snapshot's own values, without building the case. TestQuietMirror
// checks that the two agree on every account case of the samples and of
// generated snapshots of every structure and churn; TestFastPathEquivalence
// that the reports with and without the fast path are byte-identical. A
// change to lib.quiet must be made here too.

// A quietTenant holds what the fast path needs to know of the tenant, worked
// out once per Check.
type quietTenant struct {
	runDate   syncaudit.Date
	sources   map[syncaudit.Source]bool // sources whose export is in the snapshot (S1)
	hrRoles   map[string]bool           // policy.hr_roles, lower-cased; empty = every role (S3)
	hrRolesOK bool                      // false when hr_roles holds something other than strings
	// memberships is data.tenant.memberships: target/memberships is there (V5–V7, V9).
	memberships bool
	// programLibraries is data.tenant.program_libraries: target/accounts
	// has a programs column (P3).
	programLibraries bool
	// noManualCourseMembers lists the schools whose switch
	// manual_course_members is off (V9).
	noManualCourseMembers map[string]bool
	structure             syncaudit.Structure
	boardDomain           string            // lower-cased (U1, board)
	schoolDomains         map[string]string // school code → lower-cased domain, when set (U1)
	allSchools            []string          // every listed school code (U1 on an account without schools)
}

// newQuietTenant works out the fast path's view of the tenant. hr_roles is
// read from the rule book (data.syncaudit.lib.hr_roles), so that the policy
// block's defaults and merging stay in one place.
func (e *Engine) newQuietTenant(ctx context.Context, snap *syncaudit.Snapshot, store storage.Store, runDate syncaudit.Date, sources []string) (*quietTenant, error) {
	q := &quietTenant{
		runDate:               runDate,
		sources:               map[syncaudit.Source]bool{},
		hrRoles:               map[string]bool{},
		hrRolesOK:             true,
		memberships:           hasMemberships(snap),
		programLibraries:      snap.TargetPrograms,
		noManualCourseMembers: map[string]bool{},
		structure:             snap.Tenant.Structure,
		boardDomain:           strings.ToLower(snap.Tenant.Domain),
		schoolDomains:         map[string]string{},
	}
	for _, s := range sources {
		q.sources[syncaudit.Source(s)] = true
	}
	for _, s := range snap.Tenant.Schools {
		// data.tenant.schools is keyed by code: a later school of the same code wins there too.
		q.noManualCourseMembers[s.ID] = !s.Sync.ManualCourseMembers
		delete(q.schoolDomains, s.ID)
		if d := strings.ToLower(s.Domain); d != "" {
			q.schoolDomains[s.ID] = d
		}
	}
	for code := range q.noManualCourseMembers {
		q.allSchools = append(q.allSchools, code)
	}
	v, defined, err := e.evalData(ctx, store, "data.syncaudit.lib.hr_roles")
	if err != nil {
		return nil, err
	}
	roles, isList := v.([]any)
	q.hrRolesOK = defined && isList
	for _, r := range roles {
		s, ok := r.(string)
		if !ok {
			q.hrRolesOK = false
			continue
		}
		q.hrRoles[strings.ToLower(s)] = true
	}
	return q, nil
}

// quiet reports whether no built-in rule can return anything for account
// case k: data.syncaudit.lib.quiet, condition by condition. When it is true
// every record of the case is eligible.
func (q *quietTenant) quiet(snap *syncaudit.Snapshot, k *kase) bool {
	if k.kind != accountCase {
		return false
	}
	a := &snap.Accounts[k.account]
	// D7, D11, E3: only active accounts. E1–E7, E10, D5, L5, M3: no
	// exception entry; E9, L4: no review decision. D8, E2: source-managed.
	if a.Status != syncaudit.Active || len(k.exceptions) > 0 || k.review != nil || len(a.Links) == 0 {
		return false
	}
	// M5, U2: no other account shares a link or the username.
	if k.twins != nil {
		return false
	}
	// S1: every link's source has an export.
	for _, l := range a.Links {
		if !q.sources[l.Source] {
			return false
		}
	}
	// S2, S3, S6, P1: every record is eligible. S2, S3, S5: every offered
	// school is one of the account's. L2, L3, V8: no drift in a name or e-mail.
	for _, ri := range k.records {
		r := &snap.Records[ri]
		if !q.eligible(r) || !contains(a.Schools, r.School) || q.drifts(a, r) {
			return false
		}
	}
	// D1: every link is offered (by an eligible record, which they all are now).
	for _, l := range a.Links {
		if !hasRecord(snap, k.records, l) {
			return false
		}
	}
	// D3, D4, D5: every school of the account is offered.
	for _, s := range a.Schools {
		if !offeredAt(snap, k.records, s) {
			return false
		}
	}
	// V6, V7, V9: the memberships agree with the offered groups and courses.
	// U1: the username fits the structure. P3: the program library agrees
	// with what Basispoort assigns.
	return q.quietMemberships(snap, k) && q.quietUsername(a) && q.quietPrograms(snap, k, a)
}

// quietPrograms is lib.quiet_programs: without the programs column of
// target/accounts P3 stays silent; with it, every program of the account's
// LAS records is in its library and every library program is assigned by
// one of them (every record is eligible by now). Names compare as
// programs.program_key does: without case and surrounding spaces.
func (q *quietTenant) quietPrograms(snap *syncaudit.Snapshot, k *kase, a *syncaudit.Account) bool {
	if !q.programLibraries {
		return true
	}
	for _, ri := range k.records {
		r := &snap.Records[ri]
		if r.Source != syncaudit.LAS {
			continue
		}
		for _, p := range r.Programs {
			if !hasProgram(a.Programs, p) {
				return false
			}
		}
	}
	for _, p := range a.Programs {
		assigned := false
		for _, ri := range k.records {
			r := &snap.Records[ri]
			if r.Source == syncaudit.LAS && hasProgram(r.Programs, p) {
				assigned = true
				break
			}
		}
		if !assigned {
			return false
		}
	}
	return true
}

// hasProgram reports whether programs holds p, as programs.program_key
// compares them (Rego's lower and trim_space are strings.ToLower and
// strings.TrimSpace); equal names need no folding.
func hasProgram(programs []string, p string) bool {
	var key string
	for _, x := range programs {
		if x == p {
			return true
		}
		if key == "" {
			key = strings.ToLower(strings.TrimSpace(p))
		}
		if strings.ToLower(strings.TrimSpace(x)) == key {
			return true
		}
	}
	return false
}

// eligible is lib.eligible: is record r offered (S2, S3, S5)?
func (q *quietTenant) eligible(r *syncaudit.SourceRecord) bool {
	switch r.Source {
	case syncaudit.LAS:
		if r.Kind == syncaudit.Staff || r.Kind == syncaudit.Student {
			return len(r.Groups) > 0
		}
		return true
	case syncaudit.HR:
		if !q.hrRolesOK {
			return false // let the rule book decide
		}
		if len(q.hrRoles) > 0 && !q.hrRoles[strings.ToLower(r.Role)] {
			return false
		}
		started := r.StartDate <= q.runDate
		ended := r.EndDate != "" && r.EndDate < q.runDate
		return started && !ended
	}
	return true // sis, and sources the rule book does not know
}

// drifts is lib.drift for one record: a name part differs, or the record has
// an e-mail address that differs from the account's, ignoring case.
func (q *quietTenant) drifts(a *syncaudit.Account, r *syncaudit.SourceRecord) bool {
	if r.FirstName != a.FirstName || r.NamePrefix != a.NamePrefix || r.LastName != a.LastName {
		return true
	}
	// The rule book compares lower(record.email) != lower(account.email);
	// this mirror must decide exactly as Rego's lower() does, which is
	// strings.ToLower, not Unicode case folding (EqualFold equates letters
	// lower() keeps apart, e.g. the Greek final sigma ς and σ).
	//lint:ignore SA6005 mirrors Rego's lower() on purpose; see above
	return r.Email != "" && strings.ToLower(r.Email) != strings.ToLower(a.Email)
}

// quietMemberships is lib.quiet_memberships: without target/memberships the
// membership rules stay silent; with it, every offered group and course is a
// membership, every synced membership is offered, and manual ones sit only at
// schools that allow them.
func (q *quietTenant) quietMemberships(snap *syncaudit.Snapshot, k *kase) bool {
	if !q.memberships {
		return true
	}
	type key struct {
		school, group string
		kind          syncaudit.MembershipKind
	}
	existing := make(map[key]bool, len(k.memberships))
	for _, mi := range k.memberships {
		m := &snap.Memberships[mi]
		existing[key{m.School, m.Group, m.Kind}] = true
	}
	offered := map[key]bool{}
	for _, ri := range k.records {
		r := &snap.Records[ri]
		for _, g := range r.Groups {
			offered[key{r.School, g, syncaudit.GroupMembership}] = true
		}
		for _, c := range r.Courses {
			offered[key{r.School, c, syncaudit.CourseMembership}] = true
		}
	}
	for o := range offered {
		if !existing[o] {
			return false
		}
	}
	for _, mi := range k.memberships {
		m := &snap.Memberships[mi]
		switch m.Origin {
		case syncaudit.SyncOrigin:
			if !offered[key{m.School, m.Group, m.Kind}] {
				return false
			}
		case syncaudit.ManualOrigin:
			if q.noManualCourseMembers[m.School] {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// quietUsername is lib.quiet_username: U1 cannot fire when the username ends
// in @ an allowed domain or a subdomain of one, or when no domain is allowed
// (rules.usernames.allowed_domains and fits).
func (q *quietTenant) quietUsername(a *syncaudit.Account) bool {
	var allowed []string
	switch q.structure {
	case syncaudit.Board:
		if q.boardDomain != "" {
			allowed = append(allowed, q.boardDomain)
		}
	case syncaudit.SingleSchool, syncaudit.MultiDomain:
		schools := a.Schools
		if len(schools) == 0 {
			schools = q.allSchools
		}
		for _, s := range schools {
			if d, ok := q.schoolDomains[s]; ok {
				allowed = append(allowed, d)
			}
		}
	}
	if len(allowed) == 0 {
		return true
	}
	u := strings.ToLower(a.Username)
	at := strings.LastIndexByte(u, '@')
	for _, d := range allowed {
		if strings.HasSuffix(u, "@"+d) {
			return true
		}
		if at >= 0 && strings.HasSuffix(u[at+1:], "."+d) {
			return true
		}
	}
	return false
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// hasRecord reports whether one of the records is link l's.
func hasRecord(snap *syncaudit.Snapshot, records []int, l syncaudit.Link) bool {
	for _, ri := range records {
		if snap.Records[ri].Link() == l {
			return true
		}
	}
	return false
}

// offeredAt reports whether one of the records is at school.
func offeredAt(snap *syncaudit.Snapshot, records []int, school string) bool {
	for _, ri := range records {
		if snap.Records[ri].School == school {
			return true
		}
	}
	return false
}
