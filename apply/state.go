package apply

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/syncaudit/syncaudit"
)

// A refusal is why one action cannot be applied: the whole plan is refused.
type refusal struct{ problem, fix string }

// state is the target while the plan is applied: copies of the snapshot's
// tables, indexes over them, and what the plan has done so far.
type state struct {
	snap    *syncaudit.Snapshot
	runDate syncaudit.Date
	digest  string

	accounts []syncaudit.Account
	index    map[string]int // account id -> position in accounts
	original int            // accounts[:original] come from the snapshot
	deleted  map[string]int // account id -> the action that deleted it

	exceptions  *rows[syncaudit.ExceptionEntry]
	memberships *rows[syncaudit.Membership]

	// records indexes the snapshot's source records by link.
	records map[syncaudit.Link][]int

	// membershipsKnown: the snapshot has target/memberships (V5–V7).
	membershipsKnown bool

	usernames map[string]bool           // lower-cased, every account's
	suffix    map[string]int            // local@domain -> the next number to try (U1)
	created   map[syncaudit.Link]string // link -> id of the account made for it
	linkedBy  map[syncaudit.Link]string // link -> id of the snapshot account that carries it
	ids       *idMaker
	res       *Result
	// accepted are the plan's deny rules the caller accepted, for the journal.
	accepted []string
}

func newState(snap *syncaudit.Snapshot, runDate syncaudit.Date, digest string) *state {
	st := &state{
		snap: snap, runDate: runDate, digest: digest,
		accounts:    make([]syncaudit.Account, len(snap.Accounts)),
		index:       make(map[string]int, len(snap.Accounts)),
		original:    len(snap.Accounts),
		deleted:     map[string]int{},
		exceptions:  newRows(snap.Exceptions, func(e *syncaudit.ExceptionEntry) string { return e.AccountID }),
		memberships: newRows(snap.Memberships, func(m *syncaudit.Membership) string { return m.AccountID }),
		records:     make(map[syncaudit.Link][]int, len(snap.Records)),
		usernames:   make(map[string]bool, len(snap.Accounts)),
		suffix:      map[string]int{},
		created:     map[syncaudit.Link]string{},
		linkedBy:    map[syncaudit.Link]string{},
		res: &Result{
			RunDate: runDate, PlanDigest: digest, Language: snap.Tenant.Language,
			Applied: map[syncaudit.ActionKind]int{}, NotApplied: map[syncaudit.ActionKind]int{},
		},
	}
	ids := make([]string, len(snap.Accounts))
	for i, a := range snap.Accounts {
		a.Schools = slices.Clone(a.Schools)
		a.Links = slices.Clone(a.Links)
		st.accounts[i] = a
		st.index[a.ID] = i
		st.usernames[strings.ToLower(a.Username)] = true
		for _, l := range a.Links {
			st.linkedBy[l] = a.ID
		}
		ids[i] = a.ID
	}
	st.ids = newIDMaker(ids)
	for _, in := range snap.Inputs {
		if strings.HasPrefix(in.File, "target/memberships.") {
			st.membershipsKnown = true
		}
	}
	for i := range snap.Records {
		l := snap.Records[i].Link()
		st.records[l] = append(st.records[l], i)
	}
	return st
}

// rows is a table while the plan changes it: its rows in order, indexed by
// account, with the rows removed so far, so that every action costs as much
// as the rows of its own account.
type rows[T any] struct {
	items     []T
	byAccount map[string][]int
	gone      map[int]bool
	accountOf func(*T) string
}

func newRows[T any](items []T, accountOf func(*T) string) *rows[T] {
	r := &rows[T]{items: slices.Clone(items), byAccount: map[string][]int{}, gone: map[int]bool{}, accountOf: accountOf}
	for i := range r.items {
		id := accountOf(&r.items[i])
		r.byAccount[id] = append(r.byAccount[id], i)
	}
	return r
}

// of returns the positions of the account's rows that are still there.
func (r *rows[T]) of(account string) []int {
	var live []int
	for _, i := range r.byAccount[account] {
		if !r.gone[i] {
			live = append(live, i)
		}
	}
	return live
}

func (r *rows[T]) at(i int) *T { return &r.items[i] }

func (r *rows[T]) add(item T) {
	id := r.accountOf(&item)
	r.byAccount[id] = append(r.byAccount[id], len(r.items))
	r.items = append(r.items, item)
}

func (r *rows[T]) remove(i int) { r.gone[i] = true }

// live returns the rows that are still there, in their order.
func (r *rows[T]) live() []T {
	out := make([]T, 0, len(r.items)-len(r.gone))
	for i := range r.items {
		if !r.gone[i] {
			out = append(out, r.items[i])
		}
	}
	return out
}

// result returns the tables after the plan: the snapshot's accounts in their
// order without the deleted ones, then the new accounts.
func (st *state) result() *Result {
	res := st.res
	res.Accounts = make([]syncaudit.Account, 0, len(st.accounts))
	for _, a := range st.accounts {
		if _, gone := st.deleted[a.ID]; !gone {
			res.Accounts = append(res.Accounts, a)
		}
	}
	res.Exceptions = st.exceptions.live()
	res.Memberships = st.memberships.live()
	for _, id := range res.Touched() {
		if a := st.account(id); a.Status == syncaudit.Active && len(a.Schools) == 0 {
			res.Schoolless = append(res.Schoolless, id)
		}
	}
	return res
}

// orphanEntry reports whether a is a remove_exception of an entry whose
// account the target does not hold (E3): the one action on such an account.
func (st *state) orphanEntry(a *syncaudit.Action) bool {
	_, held := st.index[a.Account]
	return a.Kind == syncaudit.RemoveException && !held && len(st.exceptions.of(a.Account)) > 0
}

// known reports whether kind is an action kind of the report schema.
func known(kind syncaudit.ActionKind) bool { return slices.Contains(syncaudit.ActionKinds, kind) }

// apply applies action i of the plan and returns its journal entry, or the
// refusal that stops the whole plan.
func (st *state) apply(i int, a *syncaudit.Action) (Entry, *refusal) {
	e := Entry{
		Plan: st.digest, Seq: i, RunDate: st.runDate, Kind: a.Kind, Rule: a.Rule,
		Account: a.Account, School: a.School, Source: a.Source, SourceID: a.SourceID, Group: a.Group,
		AcceptedDeny: st.accepted,
	}
	if !known(a.Kind) {
		return e, &refusal{
			problem: fmt.Sprintf("unknown action kind %q", a.Kind),
			fix:     "use a plan written by syncaudit check or review import; action kinds are " + kindList(),
		}
	}
	state := a.State
	if state == "" {
		state = syncaudit.Planned
	}
	if state != syncaudit.Planned && state != syncaudit.Skipped {
		return e, &refusal{problem: fmt.Sprintf("unknown action state %q", a.State), fix: "an action's state is planned or skipped"}
	}
	if a.Kind != syncaudit.Create {
		if a.Account == "" {
			return e, &refusal{problem: "the action names no account", fix: "every action but create names the account it changes"}
		}
		if _, ok := st.index[a.Account]; (!ok || st.index[a.Account] >= st.original) && !st.orphanEntry(a) {
			return e, &refusal{
				problem: fmt.Sprintf("the action names account %s, which the snapshot does not hold", a.Account),
				fix:     "apply the plan to the snapshot it was made from; an action can only change an account of target/accounts",
			}
		}
	}
	notApplied := func(why string) (Entry, *refusal) {
		e.Outcome, e.Why = NotApplied, why
		return e, nil
	}
	switch {
	case state == syncaudit.Skipped:
		by := a.SkippedBy
		if by == "" {
			by = "a sync switch"
		}
		return notApplied(fmt.Sprintf("skipped: held back by %s, so the next sync does not make this change", by))
	case a.Kind == syncaudit.KeepByException:
		return notApplied("the exception list keeps the account (D5): the sync leaves it as it is")
	case a.Kind == syncaudit.PurgeCandidate:
		return notApplied("purging cannot be undone and is always a person's decision (D7): apply never purges; restore or purge the account in the target's deleted users")
	}
	if st.orphanEntry(a) {
		changes, why := st.removeException(a)
		e.Outcome, e.Changes = Applied, changes
		if len(changes) == 0 {
			return notApplied(why)
		}
		e.Why = fmt.Sprintf("account %s is not in the target export, so its entry should not exist (E3): the entry is removed", a.Account)
		return e, nil
	}
	if seq, gone := st.deleted[a.Account]; gone && a.Kind != syncaudit.Create {
		return notApplied(fmt.Sprintf("account %s was deleted by actions[%d] earlier in this plan", a.Account, seq))
	}
	var changes []Change
	var why string
	var r *refusal
	switch a.Kind {
	case syncaudit.Create:
		e.Account, changes, why, r = st.create(a)
	case syncaudit.Update:
		changes, why, r = st.update(a)
	case syncaudit.LinkSchool:
		changes, why, r = st.linkSchool(a)
	case syncaudit.UnlinkSchool:
		changes, why, r = st.unlinkSchool(a)
	case syncaudit.UnlinkSource:
		changes, why, r = st.unlinkSource(a)
	case syncaudit.SoftDelete:
		changes, why = st.softDelete(a)
	case syncaudit.SuspendM365, syncaudit.ReleaseLicense, syncaudit.SuspendGoogle:
		changes, why = st.licence(a)
	case syncaudit.AddMembership:
		changes, why, r = st.addMembership(a)
	case syncaudit.RemoveMember:
		changes, why, r = st.removeMembership(a)
	case syncaudit.SetExceptionReason:
		changes, r = st.setExceptionReason(a)
	case syncaudit.RemoveException:
		changes, why = st.removeException(a)
	case syncaudit.DeleteAccount:
		changes = st.deleteAccount(i, a)
	}
	if r != nil {
		return e, r
	}
	if len(changes) == 0 {
		return notApplied(why)
	}
	e.Outcome, e.Changes = Applied, changes
	return e, nil
}

func kindList() string {
	names := make([]string, len(syncaudit.ActionKinds))
	for i, k := range syncaudit.ActionKinds {
		names[i] = string(k)
	}
	return strings.Join(names, ", ")
}

func (st *state) account(id string) *syncaudit.Account { return &st.accounts[st.index[id]] }

// create makes the account for a source record (M4): a new id, a username
// per U1, the record's names and e-mail, the link and the school. A second
// create for the same person (another school) adds the school to the account
// the first one made.
func (st *state) create(a *syncaudit.Action) (string, []Change, string, *refusal) {
	src, err := syncaudit.ParseSource(a.Source)
	if err != nil || a.SourceID == "" {
		return "", nil, "", &refusal{problem: fmt.Sprintf("create names no usable source record (source %q, source_id %q)", a.Source, a.SourceID), fix: "a create action names the source and source_id of the record it makes an account for"}
	}
	link := syncaudit.Link{Source: src, SourceID: a.SourceID}
	if id, ok := st.linkedBy[link]; ok {
		return "", nil, "", &refusal{
			problem: fmt.Sprintf("account %s already links %s: a second account for the same person would be a duplicate (M1)", id, link),
			fix:     "apply the plan to the snapshot it was made from",
		}
	}
	rec := st.leadingRecord(link, a.School)
	if rec == nil {
		where := ""
		if a.School != "" {
			where = " at school " + a.School
		}
		return "", nil, "", &refusal{
			problem: fmt.Sprintf("the snapshot holds no source record %s%s to create an account from", link, where),
			fix:     "apply the plan to the snapshot it was made from",
		}
	}
	school := rec.School
	if id, ok := st.created[link]; ok {
		acc := st.account(id)
		if slices.Contains(acc.Schools, school) {
			return id, nil, fmt.Sprintf("account %s, created for %s earlier in this plan, already has school %s", id, link, school), nil
		}
		from := strings.Join(acc.Schools, "|")
		acc.Schools = append(acc.Schools, school)
		changes := []Change{{Table: "accounts", Field: "schools", From: from, To: strings.Join(acc.Schools, "|")}}
		return id, append(changes, st.joinGroups(id, rec)...), "", nil
	}
	username, r := st.username(rec)
	if r != nil {
		return "", nil, "", r
	}
	email := rec.Email
	if email == "" {
		email = username
	}
	acc := syncaudit.Account{
		ID: st.ids.next(), Username: username,
		FirstName: rec.FirstName, NamePrefix: rec.NamePrefix, LastName: rec.LastName, Email: email,
		Kind: rec.Kind, Status: syncaudit.Active,
		Schools: []string{school}, Links: []syncaudit.Link{link},
	}
	st.index[acc.ID] = len(st.accounts)
	st.accounts = append(st.accounts, acc)
	st.created[link] = acc.ID
	st.usernames[strings.ToLower(username)] = true
	changes := []Change{
		{Table: "accounts", Field: "account_id", To: acc.ID},
		{Table: "accounts", Field: "username", To: acc.Username},
		{Table: "accounts", Field: "first_name", To: acc.FirstName},
	}
	if acc.NamePrefix != "" {
		changes = append(changes, Change{Table: "accounts", Field: "name_prefix", To: acc.NamePrefix})
	}
	changes = append(changes,
		Change{Table: "accounts", Field: "last_name", To: acc.LastName},
		Change{Table: "accounts", Field: "email", To: acc.Email},
		Change{Table: "accounts", Field: "kind", To: string(acc.Kind)},
		Change{Table: "accounts", Field: "status", To: string(acc.Status)},
		Change{Table: "accounts", Field: "schools", To: school},
		Change{Table: "accounts", Field: "links", To: link.String()},
	)
	return acc.ID, append(changes, st.joinGroups(acc.ID, rec)...), "", nil
}

// joinGroups places a new account in the groups and courses of its record,
// as the sync does for an account it creates (V6, V7), unless a switch holds
// the membership back. Only when the snapshot has target/memberships: without
// it the rule book tells nothing about memberships either.
func (st *state) joinGroups(id string, rec *syncaudit.SourceRecord) []Change {
	if !st.membershipsKnown {
		return nil
	}
	var changes []Change
	join := func(group string, kind syncaudit.MembershipKind) {
		if membershipHold(&st.snap.Tenant, rec, kind) {
			return
		}
		for _, i := range st.memberships.of(id) {
			if m := st.memberships.at(i); m.School == rec.School && m.Group == group && m.Kind == kind {
				return
			}
		}
		m := syncaudit.Membership{AccountID: id, School: rec.School, Group: group, Kind: kind, Origin: syncaudit.SyncOrigin}
		st.memberships.add(m)
		changes = append(changes, Change{Table: "memberships", Field: "membership", To: membershipText(&m)})
	}
	for _, g := range rec.Groups {
		join(g, syncaudit.GroupMembership)
	}
	for _, c := range rec.Courses {
		join(c, syncaudit.CourseMembership)
	}
	return changes
}

// membershipHold mirrors the rule book's membership_hold (V1, V5–V7): the
// master switch holds back every membership at its school; for the register,
// courses wait for subjects and subject members, classes for classes (or
// teacher-class links, for staff).
func membershipHold(t *syncaudit.Tenant, rec *syncaudit.SourceRecord, kind syncaudit.MembershipKind) bool {
	school, ok := t.School(rec.School)
	if !ok {
		return true
	}
	sw := school.Sync
	switch {
	case !sw.Automatic:
		return true
	case rec.Source != syncaudit.SIS:
		return false
	case kind == syncaudit.CourseMembership:
		return !sw.Subjects || !sw.SubjectMembers
	case rec.Kind == syncaudit.Staff:
		return !sw.ClassTeachers
	}
	return !sw.Classes
}

// leadingRecord returns the record of link at school (any school when
// school is empty), the first in the snapshot's order.
func (st *state) leadingRecord(link syncaudit.Link, school string) *syncaudit.SourceRecord {
	for _, i := range st.records[link] {
		if r := &st.snap.Records[i]; school == "" || r.School == school {
			return r
		}
	}
	return nil
}

// updatable are the account fields an update may set.
var updatable = []string{"first_name", "name_prefix", "last_name", "email", "username", "kind"}

func field(acc *syncaudit.Account, name string) *string {
	switch name {
	case "first_name":
		return &acc.FirstName
	case "name_prefix":
		return &acc.NamePrefix
	case "last_name":
		return &acc.LastName
	case "email":
		return &acc.Email
	case "username":
		return &acc.Username
	}
	return nil
}

// update sets one field to the leading source's value (L2, V8), provided the
// account holds the value the plan saw.
func (st *state) update(a *syncaudit.Action) ([]Change, string, *refusal) {
	if !slices.Contains(updatable, a.Field) {
		return nil, "", &refusal{problem: fmt.Sprintf("update of field %q, which apply cannot set", a.Field), fix: "an update sets one of " + strings.Join(updatable, ", ")}
	}
	acc := st.account(a.Account)
	same := func(x, y string) bool { return x == y }
	if a.Field == "email" || a.Field == "username" {
		same = strings.EqualFold
	}
	var cur string
	if a.Field == "kind" {
		cur = string(acc.Kind)
	} else {
		cur = *field(acc, a.Field)
	}
	if cur == a.To {
		return nil, fmt.Sprintf("%s of %s is %q already", a.Field, a.Account, a.To), nil
	}
	if !same(cur, a.From) {
		return nil, "", &refusal{
			problem: fmt.Sprintf("the update of %s of account %s expects %q, but the account holds %q", a.Field, a.Account, a.From, cur),
			fix:     "apply the plan to the snapshot it was made from, or remove one of two updates of the same field",
		}
	}
	if a.Field == "kind" {
		k, err := syncaudit.ParseKind(a.To)
		if err != nil {
			return nil, "", &refusal{problem: "update of kind: " + err.Error(), fix: "set kind to student, staff or guardian"}
		}
		acc.Kind = k
	} else {
		if a.Field == "username" {
			delete(st.usernames, strings.ToLower(cur))
			st.usernames[strings.ToLower(a.To)] = true
		}
		*field(acc, a.Field) = a.To
	}
	return []Change{{Table: "accounts", Field: a.Field, From: cur, To: a.To}}, "", nil
}

// listedSchool refuses a school the tenant does not list: the next snapshot
// could not be read.
func (st *state) listedSchool(a *syncaudit.Action) *refusal {
	if a.School == "" {
		return &refusal{problem: fmt.Sprintf("%s names no school", a.Kind), fix: "the action needs the school it is about"}
	}
	if _, ok := st.snap.Tenant.School(a.School); !ok {
		return &refusal{problem: fmt.Sprintf("%s names school %s, which tenant.yaml does not list", a.Kind, a.School), fix: "add the school to tenant.yaml, or correct the plan"}
	}
	return nil
}

func (st *state) linkSchool(a *syncaudit.Action) ([]Change, string, *refusal) {
	if r := st.listedSchool(a); r != nil {
		return nil, "", r
	}
	acc := st.account(a.Account)
	if slices.Contains(acc.Schools, a.School) {
		return nil, fmt.Sprintf("account %s has school %s already", a.Account, a.School), nil
	}
	from := strings.Join(acc.Schools, "|")
	acc.Schools = append(acc.Schools, a.School)
	return []Change{{Table: "accounts", Field: "schools", From: from, To: strings.Join(acc.Schools, "|")}}, "", nil
}

func (st *state) unlinkSchool(a *syncaudit.Action) ([]Change, string, *refusal) {
	if a.School == "" {
		return nil, "", &refusal{problem: "unlink_school names no school", fix: "the action needs the school it is about"}
	}
	acc := st.account(a.Account)
	if !slices.Contains(acc.Schools, a.School) {
		return nil, fmt.Sprintf("account %s has no relation with school %s", a.Account, a.School), nil
	}
	from := strings.Join(acc.Schools, "|")
	acc.Schools = slices.DeleteFunc(acc.Schools, func(s string) bool { return s == a.School })
	return []Change{{Table: "accounts", Field: "schools", From: from, To: strings.Join(acc.Schools, "|")}}, "", nil
}

func (st *state) unlinkSource(a *syncaudit.Action) ([]Change, string, *refusal) {
	src, err := syncaudit.ParseSource(a.Source)
	if err != nil || a.SourceID == "" {
		return nil, "", &refusal{problem: fmt.Sprintf("unlink_source names no usable link (source %q, source_id %q)", a.Source, a.SourceID), fix: "unlink_source names the source and source_id of the link it removes"}
	}
	link := syncaudit.Link{Source: src, SourceID: a.SourceID}
	acc := st.account(a.Account)
	if !slices.Contains(acc.Links, link) {
		return nil, fmt.Sprintf("account %s does not link %s", a.Account, link), nil
	}
	from := linksText(acc.Links)
	acc.Links = slices.DeleteFunc(acc.Links, func(l syncaudit.Link) bool { return l == link })
	return []Change{{Table: "accounts", Field: "links", From: from, To: linksText(acc.Links)}}, "", nil
}

func linksText(links []syncaudit.Link) string {
	s := make([]string, len(links))
	for i, l := range links {
		s[i] = l.String()
	}
	return strings.Join(s, "|")
}

// softDelete moves the account to deleted users on the run date (D2–D4).
func (st *state) softDelete(a *syncaudit.Action) ([]Change, string) {
	acc := st.account(a.Account)
	if acc.Status == syncaudit.SoftDeleted {
		return nil, fmt.Sprintf("account %s is soft-deleted already (since %s)", a.Account, acc.DeletedAt)
	}
	changes := []Change{
		{Table: "accounts", Field: "status", From: string(acc.Status), To: string(syncaudit.SoftDeleted)},
		{Table: "accounts", Field: "deleted_at", From: acc.DeletedAt.String(), To: st.runDate.String()},
	}
	acc.Status, acc.DeletedAt = syncaudit.SoftDeleted, st.runDate
	return changes, ""
}

// licence clears the Microsoft 365, licence or Google flag (D6).
func (st *state) licence(a *syncaudit.Action) ([]Change, string) {
	acc := st.account(a.Account)
	var flag *bool
	var name string
	switch a.Kind {
	case syncaudit.SuspendM365:
		flag, name = &acc.M365, "m365"
	case syncaudit.ReleaseLicense:
		flag, name = &acc.M365License, "m365_license"
	default:
		flag, name = &acc.Google, "google"
	}
	if !*flag {
		return nil, fmt.Sprintf("%s of account %s is false already", name, a.Account)
	}
	*flag = false
	return []Change{{Table: "accounts", Field: name, From: "true", To: "false"}}, ""
}

// membershipKind is the plan's kind of membership (evidence "membership",
// as the rule book writes it, or "membership_kind" or "kind"), else what the account's source records say the group
// is at that school (a course when a record lists it among its courses),
// else a class group.
func (st *state) membershipKind(a *syncaudit.Action) syncaudit.MembershipKind {
	for _, key := range []string{"membership", "membership_kind", "kind"} {
		switch strings.ToLower(a.Evidence[key]) {
		case "course":
			return syncaudit.CourseMembership
		case "group":
			return syncaudit.GroupMembership
		}
	}
	for _, l := range st.account(a.Account).Links {
		for _, i := range st.records[l] {
			r := &st.snap.Records[i]
			if r.School != a.School {
				continue
			}
			if slices.Contains(r.Courses, a.Group) {
				return syncaudit.CourseMembership
			}
			if slices.Contains(r.Groups, a.Group) {
				return syncaudit.GroupMembership
			}
		}
	}
	return syncaudit.GroupMembership
}

func (st *state) addMembership(a *syncaudit.Action) ([]Change, string, *refusal) {
	if r := st.listedSchool(a); r != nil {
		return nil, "", r
	}
	if a.Group == "" {
		return nil, "", &refusal{problem: "add_membership names no group", fix: "a membership action names its group"}
	}
	for _, i := range st.memberships.of(a.Account) {
		if m := st.memberships.at(i); m.School == a.School && m.Group == a.Group {
			return nil, fmt.Sprintf("account %s is a member of %s at %s already", a.Account, a.Group, a.School), nil
		}
	}
	m := syncaudit.Membership{AccountID: a.Account, School: a.School, Group: a.Group, Kind: st.membershipKind(a), Origin: syncaudit.SyncOrigin}
	st.memberships.add(m)
	return []Change{{Table: "memberships", Field: "membership", To: membershipText(&m)}}, "", nil
}

func (st *state) removeMembership(a *syncaudit.Action) ([]Change, string, *refusal) {
	if a.Group == "" {
		return nil, "", &refusal{problem: "remove_membership names no group", fix: "a membership action names its group"}
	}
	var changes []Change
	for _, i := range st.memberships.of(a.Account) {
		if m := st.memberships.at(i); m.Group == a.Group && (a.School == "" || m.School == a.School) {
			changes = append(changes, Change{Table: "memberships", Field: "membership", From: membershipText(m)})
			st.memberships.remove(i)
		}
	}
	if len(changes) == 0 {
		return nil, fmt.Sprintf("account %s is not a member of %s", a.Account, a.Group), nil
	}
	return changes, "", nil
}

func entryText(e *syncaudit.ExceptionEntry) string {
	return fmt.Sprintf("%s (reason %q, added %s)", e.AccountID, e.Reason, e.AddedAt)
}

func membershipText(m *syncaudit.Membership) string {
	return fmt.Sprintf("%s@%s (%s, %s)", m.Group, m.School, m.Kind, m.Origin)
}

// exceptionReason is the reason a review keeps an entry with: the action's
// to, else its evidence "reason".
func exceptionReason(a *syncaudit.Action) string {
	if s := strings.TrimSpace(a.To); s != "" {
		return s
	}
	return strings.TrimSpace(a.Evidence["reason"])
}

// setExceptionReason keeps an entry after a review (E9): its reason, the
// review date (the run date, which resets the E5 clock) and, when given, the
// expiry date (E10).
func (st *state) setExceptionReason(a *syncaudit.Action) ([]Change, *refusal) {
	reason := exceptionReason(a)
	if reason == "" {
		return nil, &refusal{problem: "set_exception_reason gives no reason (E4: an entry without a reason is invalid)", fix: "put the reason in the action's to field"}
	}
	var changes []Change
	for _, i := range st.exceptions.of(a.Account) {
		e := st.exceptions.at(i)
		if !entryOf(e, a) {
			continue
		}
		if e.Reason != reason {
			changes = append(changes, Change{Table: "exceptions", Field: "reason", From: e.Reason, To: reason})
			e.Reason = reason
		}
		if e.ReviewedAt != st.runDate {
			changes = append(changes, Change{Table: "exceptions", Field: "reviewed_at", From: e.ReviewedAt.String(), To: st.runDate.String()})
			e.ReviewedAt = st.runDate
		}
		if !a.ExpiresAt.IsZero() && e.ExpiresAt != a.ExpiresAt {
			changes = append(changes, Change{Table: "exceptions", Field: "expires_at", From: e.ExpiresAt.String(), To: a.ExpiresAt.String()})
			e.ExpiresAt = a.ExpiresAt
		}
		if changes == nil {
			// Nothing differs, yet the review happened: record it.
			changes = append(changes, Change{Table: "exceptions", Field: "reviewed_at", From: e.ReviewedAt.String(), To: st.runDate.String()})
		}
	}
	if changes == nil {
		return nil, &refusal{
			problem: fmt.Sprintf("account %s is not on the exception list, so there is no entry to keep", a.Account),
			fix:     "apply the review plan to the snapshot it was made from",
		}
	}
	return changes, nil
}

// entryOf reports whether exception entry e is the one action a is about:
// an entry of its account and, when the action names the entry's line
// (evidence entry_line, as review import writes it), that very entry, so
// that two entries of one account (E8) can be decided apart.
func entryOf(e *syncaudit.ExceptionEntry, a *syncaudit.Action) bool {
	if e.AccountID != a.Account {
		return false
	}
	line, err := strconv.Atoi(a.Evidence["entry_line"])
	return err != nil || e.Line == 0 || e.Line == line
}

func (st *state) removeException(a *syncaudit.Action) ([]Change, string) {
	var changes []Change
	for _, i := range st.exceptions.of(a.Account) {
		if e := st.exceptions.at(i); entryOf(e, a) {
			changes = append(changes, Change{Table: "exceptions", Field: "entry", From: entryText(e)})
			st.exceptions.remove(i)
		}
	}
	if changes == nil {
		return nil, fmt.Sprintf("account %s is not on the exception list", a.Account)
	}
	return changes, ""
}

// deleteAccount removes the account from the target with its exception
// entries and memberships (E3, E9); mayDelete has checked L4.
func (st *state) deleteAccount(i int, a *syncaudit.Action) []Change {
	acc := st.account(a.Account)
	changes := []Change{{Table: "accounts", Field: "account", From: acc.ID + " (" + acc.Username + ")"}}
	st.deleted[a.Account] = i
	// Every entry of the account goes with it (E3), whichever entry the
	// review decided on.
	for _, i := range st.exceptions.of(a.Account) {
		changes = append(changes, Change{Table: "exceptions", Field: "entry", From: entryText(st.exceptions.at(i))})
		st.exceptions.remove(i)
	}
	for _, i := range st.memberships.of(a.Account) {
		changes = append(changes, Change{Table: "memberships", Field: "membership", From: membershipText(st.memberships.at(i))})
		st.memberships.remove(i)
	}
	return changes
}

// An idMaker hands out account ids that collide with no existing one: the
// most common prefix of the snapshot's ids (A in A17) with the next number,
// at the same width; N1, N2, ... when the ids have no number.
type idMaker struct {
	taken  map[string]bool
	prefix string
	n      int
	width  int
}

func newIDMaker(ids []string) *idMaker {
	m := &idMaker{taken: make(map[string]bool, len(ids)), prefix: "N"}
	count := map[string]int{}
	maxN := map[string]int{}
	width := map[string]int{}
	for _, id := range ids {
		m.taken[id] = true
		j := len(id)
		for j > 0 && id[j-1] >= '0' && id[j-1] <= '9' {
			j--
		}
		if j == len(id) {
			continue
		}
		n, err := strconv.Atoi(id[j:])
		if err != nil {
			continue
		}
		p := id[:j]
		count[p]++
		if n >= maxN[p] {
			maxN[p] = n
			width[p] = max(width[p], len(id[j:]))
		}
	}
	best := -1
	for p, c := range count {
		if c > best || c == best && p < m.prefix {
			best, m.prefix = c, p
		}
	}
	if best > 0 {
		m.n, m.width = maxN[m.prefix], width[m.prefix]
	}
	return m
}

func (m *idMaker) next() string {
	for {
		m.n++
		id := fmt.Sprintf("%s%0*d", m.prefix, m.width, m.n)
		if !m.taken[id] {
			m.taken[id] = true
			return id
		}
	}
}
