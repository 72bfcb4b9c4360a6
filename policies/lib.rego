# Package syncaudit.lib holds what several rule families need: the rule book's
# parameters (defaults merged with tenant.yaml's policy block), eligibility of a
# source record (S2, S3, S5), presence of an account, the leading source (S4),
# field locks (L1, V8), the sync switches that hold a change back (V1, V3, V4),
# dates, and the builders of actions and findings.
#
# How the switches apply (S5): the master switch V1 holds back every change at
# its school, whatever the source. The other switches (V3–V9) are the student
# register's: they govern changes driven by the `sis` source only. Every switch
# defaults to on, so a tenant that sets none sees no effect. Switches never
# change eligibility: a record the register holds is offered, and a change that a
# switch holds back is reported as `skipped` with the switch's rule id.
package syncaudit.lib

# ---------------------------------------------------------------------------
# Parameters
# ---------------------------------------------------------------------------

# defaults are the rule book's parameters when tenant.yaml sets none.
defaults := {
	"precedence": ["hr", "las", "sis"], # S4
	"hr_roles": [], # S3, empty = every role
	"locks": {
		"las": ["first_name", "name_prefix", "last_name"], # L1
		"hr": ["first_name", "name_prefix", "last_name", "email"],
		"sis": ["first_name", "last_name"],
	},
	"exception_review_days": 90, # E5
	"inactive_login_days": 60, # E6
	"purge_after_days": 30, # D7
	"mass_delete": {"max_count": 500, "max_percent": 10, "min_count": 10}, # D9
	"mass_update": {"max_percent": 50, "min_count": 20}, # L6
	"disabled_rules": [],
}

# tenant_policy is tenant.yaml's policy block, or {} when it has none.
tenant_policy := p if {
	p := data.tenant.policy
	is_object(p)
} else := {}

# params are the parameters in force. object.union merges nested objects key by
# key, so `mass_delete: {max_count: 100}` keeps the default max_percent and
# `locks: {sis: [...]}` keeps the las and hr locks; lists are replaced whole.
params := object.union(defaults, tenant_policy)

# param(k) is the top-level parameter k without merging the whole params
# object: cheap enough for the rules every account evaluates.
param(k) := data.tenant.policy[k] if is_object(data.tenant.policy)

else := defaults[k]

# lock_list(source) is the list of fields source locks (L1).
lock_list(source) := data.tenant.policy.locks[source] if is_object(data.tenant.policy)

else := object.get(defaults.locks, source, [])

# disabled holds the rule ids tenant.yaml switches off (policy.disabled_rules).
disabled contains id if some id in param("disabled_rules")

# enabled(id) is true unless the tenant switched rule id off.
enabled(id) if not disabled[id]

# ---------------------------------------------------------------------------
# The tenant
# ---------------------------------------------------------------------------

run_date := data.tenant.run_date

structure := data.tenant.structure

# tenant_sources are the sources whose export is in the snapshot (S1).
tenant_sources contains s if some s in data.tenant.sources

# has_sis is true when the snapshot holds a student-register export (S5).
has_sis if "sis" in data.tenant.sources

# switch_off(school, name) is true when the school sets sync switch name to
# false. A switch the tenant does not set is on.
switch_off(school, name) if data.tenant.schools[school].sync[name] == false

# guardians_held(school) is true when guardians get no account at the school
# on the run date (V4): the switch is off, or the start date lies ahead.
guardians_held(school) if switch_off(school, "guardians")

guardians_held(school) if {
	from := data.tenant.schools[school].sync.guardians_from
	from != ""
	run_date < from
}

# force_email_on(school, kind) is true when the school forces the register's
# e-mail address for that kind of person (V8).
force_email_on(school, kind) if data.tenant.schools[school].sync.force_email[plural[kind]] == true

plural := {"student": "students", "staff": "staff", "guardian": "guardians"}

# ---------------------------------------------------------------------------
# Eligibility (S2, S3, S5): is a source record offered?
# ---------------------------------------------------------------------------

# eligible(r) is true when source record r offers its person at its school.
eligible(r) if {
	r.source == "las"
	las_eligible(r)
}

eligible(r) if {
	r.source == "hr"
	hr_role_ok(r)
	in_period(r)
}

# S5: the register offers whom it holds; the switches decide the state of the change.
eligible(r) if r.source == "sis"

# A source the rule book does not know offers whom it holds.
eligible(r) if not r.source in {"las", "hr", "sis"}

# S2: a LAS staff member or student needs at least one group. Other kinds
# (guardians) need none.
las_eligible(r) if {
	r.kind in {"staff", "student"}
	count(r.groups) > 0
}

las_eligible(r) if not r.kind in {"staff", "student"}

# S3: the HR condition is a list of roles (empty = every role) ...
hr_role_ok(_) if count(hr_roles) == 0

hr_role_ok(r) if lower(r.role) in {lower(x) | some x in hr_roles}

# hr_roles is policy.hr_roles (S3), looked up once per case rather than per record.
hr_roles := param("hr_roles")

# ... and, where the record has them, start date <= run date <= end date.
in_period(r) if {
	started(r)
	not ended(r)
}

# started(r): no start date, or one on or before the run date ("" sorts before every date).
started(r) if r.start_date <= run_date

ended(r) if {
	r.end_date != ""
	r.end_date < run_date
}

# ---------------------------------------------------------------------------
# The account case: links, presence, offered schools
# ---------------------------------------------------------------------------

# active and soft_deleted name the account's status. The rules themselves test
# input.account.status == "..." (and data.tenant.structure == "...") literally:
# OPA indexes literal equality on input and data, so a rule for soft-deleted
# accounts is skipped outright for an active one, and the structure rules of
# the other structures are never looked at. A call to a helper is not indexed.
active if input.account.status == "active"

soft_deleted if input.account.status == "soft_deleted"

# linked is true for a source-managed account (at least one link).
linked if count(input.account.links) > 0

# offered_records are the account's source records that offer it (S2–S5).
offered_records := [r | some r in input.records; eligible(r)]

# offered_schools are the schools where a source offers the account.
offered_schools contains r.school if some r in offered_records

# offered_sources are the sources that offer the account somewhere.
offered_sources contains r.source if some r in offered_records

# offered_link(l) is true when link l has an eligible record.
offered_link(l) if {
	some r in offered_records
	r.source == l.source
	r.source_id == l.source_id
}

# unchecked_links link a source the snapshot has no export of (S1). The rule
# book cannot tell whether such a source still offers the account, so it
# counts the account as present and changes nothing at its schools.
unchecked_links := [l | some l in input.account.links; not l.source in data.tenant.sources]

checkable if count(unchecked_links) == 0

# present: at least one link is offered at at least one school (or cannot be checked).
present if count(offered_records) > 0

present if not checkable

# absent: a source-managed account that no source offers anywhere.
absent if {
	linked
	not present
}

# excepted is true when the account is on the exception list (D5).
excepted if count(input.exceptions) > 0

# account_sources are the sources the account links to.
account_sources contains l.source if some l in input.account.links

# account_kind is the account's kind, or the kind of its first source record.
account_kind := input.account.kind if input.account.kind != ""

else := input.records[0].kind if count(input.records) > 0

else := ""

# last_school is where a multi-domain account is soft-deleted when its last
# relation goes (D4): the lexically last of its schools, so runs are stable.
last_school := max(input.account.schools) if count(input.account.schools) > 0

else := ""

# ---------------------------------------------------------------------------
# Precedence (S4) and locks (L1, V8)
# ---------------------------------------------------------------------------

# ordered(sources) lists sources by precedence; sources missing from the
# precedence list follow, alphabetically.
ordered(sources) := array.concat(
	[s | some s in param("precedence"); s in sources],
	sort([s | some s in sources; not s in param("precedence")]),
)

# leading(sources) is the source that leads when sources disagree (S4).
leading(sources) := ordered(sources)[0]

lockable_fields := ["first_name", "name_prefix", "last_name", "email"]

# lock_via(r, f) names why field f is locked to record r's value: "L1" when the
# source's locks list it, "V8" when the school forces the register's e-mail.
lock_via(r, f) := "L1" if {
	f in lock_list(r.source)
} else := "V8" if {
	f == "email"
	r.source == "sis"
	force_email_on(r.school, r.kind)
}

# provides(r, f) is true when record r has a value for field f. An empty e-mail
# means the source gives none; an empty name prefix is a value.
provides(_, f) if f != "email"

provides(r, "email") if r.email != ""

# drift: some offered record differs from the account in a name or its
# e-mail. Only a guard, so that L2, L3 and V8 cost a clean account two
# comparisons per record; those rules then check what is locked and leads.
drift if {
	some r in offered_records
	[r.first_name, r.name_prefix, r.last_name] != [input.account.first_name, input.account.name_prefix, input.account.last_name]
}

drift if {
	some r in offered_records
	r.email != ""
	lower(r.email) != lower(input.account.email)
}

# offered_order lists the sources that offer the account by precedence (S4).
offered_order := ordered(offered_sources)

# locking_records[f] lists the offered records that lock field f, leading source first.
locking_records[f] := rs if {
	some f in lockable_fields
	rs := [r |
		some s in offered_order
		some r in offered_records
		r.source == s
		lock_via(r, f)
		provides(r, f)
	]
	count(rs) > 0
}

# lead[f] is the record whose value field f takes (S4): the first record of
# the leading source among those that lock f.
lead[f] := rs[0] if some f, rs in locking_records

# same_value(f, a, b): e-mail addresses compare without case, names exactly.
same_value("email", a, b) if lower(a) == lower(b)

same_value(f, a, a) if f != "email"

# ---------------------------------------------------------------------------
# Switches: what holds a change back (V1, V3, V4)
# ---------------------------------------------------------------------------

# hold(schools, sources, kind) is the rule id of the switch that holds back a
# change at those schools, driven by those sources, for that kind of person; ""
# when nothing holds it back. V1 holds back everything at its school; V3 and V4
# hold back changes the register (sis) drives.
hold(schools, sources, kind) := "V1" if {
	some s in schools
	switch_off(s, "automatic")
} else := "V3" if {
	"sis" in sources
	kind == "student"
	some s in schools
	switch_off(s, "students")
} else := "V3" if {
	"sis" in sources
	kind == "staff"
	some s in schools
	switch_off(s, "staff")
} else := "V4" if {
	"sis" in sources
	kind == "guardian"
	some s in schools
	guardians_held(s)
} else := ""

# action(a, by) completes action a with its state: planned, or skipped by the
# switch rule `by`. The report says in words which switch holds it back
# (lib.switch.* in lib.messages.yaml), rendered in Go.
action(a, "") := object.union(a, {"state": "planned"}) if not held_by_twin(a)

action(a, "") := object.union(a, {
	"state": "skipped",
	"skipped_by": "M5",
}) if held_by_twin(a)

action(a, by) := object.union(a, {
	"state": "skipped",
	"skipped_by": by,
}) if by != ""

# held_by_twin(a): the case's account carries a link that another account
# carries too (M5), so which of them is that person is undecided until one is
# removed: the sync's action a on it is held back (skipped, skipped_by M5) as a
# switch would hold it, and is not applied or counted by the guards. A
# coordinator's decision on the exception list (E9) and the keep of D5 are not
# the sync's outcome and stay as they are. Switching M5 off lifts the hold.
held_by_twin(a) if {
	input.case == "account"
	input.same_link[0]
	enabled("M5")
	a.rule != "E9"
	a.kind != "keep_by_exception"
}

# ---------------------------------------------------------------------------
# Words and dates
# ---------------------------------------------------------------------------

# full_name(p) is the display name with the Dutch name prefix: "Jan van der Berg".
full_name(p) := concat(" ", [x | some x in [p.first_name, p.name_prefix, p.last_name]; x != ""])

# link_text(l) writes a link as source:source_id.
link_text(l) := concat(":", [l.source, l.source_id])

# days_between(from, to) counts whole days from date from to date to
# (YYYY-MM-DD): calendar days, never nanoseconds, which overflow outside the
# years 1678-2262 (the reader refuses dates outside 1900-2200 as well).
days_between(from, to) := day_number(to) - day_number(from)

# day_number(d) is the number of days from 1970-01-01 to date d (YYYY-MM-DD):
# Howard Hinnant's days_from_civil, as syncaudit.Date.DaysUntil counts in Go.
day_number(d) := n if {
	m := to_number(substring(d, 5, 2))
	y := to_number(substring(d, 0, 4)) - to_number(m <= 2)
	era := floor(y / 400)
	yoe := y - era * 400
	mp := (m + 9) % 12
	doy := (floor(((153 * mp) + 2) / 5) + to_number(substring(d, 8, 2))) - 1
	doe := (((yoe * 365) + floor(yoe / 4)) - floor(yoe / 100)) + doy
	n := ((era * 146097) + doe) - 719468
}

# days_since(d) counts days from date d to the run date.
days_since(d) := days_between(d, run_date)

# later(a, b) is the later of two dates; "" counts as earliest.
later(a, b) := a if a >= b

later(a, b) := b if b > a

# joined(xs) writes a list or set of strings as "a, b, c" in sorted order.
joined(xs) := concat(", ", sort([x | some x in xs]))

# phrase(id) is a message argument that the catalogue renders as the phrase
# id in the report's language (docs/policies.md, "Messages").
phrase(id) := {"id": id}

# structure_phrase names the tenant's structure in the report's language.
structure_phrase := phrase(concat("", ["lib.structure.", structure]))

# source_phrase(s) names source s in the report's language ("het HR-systeem",
# "personalsystemet"); a source the catalogue does not know is written as it is.
source_phrase(s) := {"id": concat("", ["lib.source.", s]), "text": s}

# field_phrase(f) names an account field (first_name, email, ...) in the
# report's language.
field_phrase(f) := {"id": concat("", ["lib.field.", f]), "text": f}

# kind_phrase(k) names a kind of person (student, staff, guardian) in the
# report's language.
kind_phrase(k) := {"id": concat("", ["lib.kind.", k]), "text": k}

# none_or(s) is s, or the phrase for "none" when s is "" (an unknown date, say).
none_or(s) := s if s != ""

none_or("") := phrase("lib.none")

# who is the case's account for messages: its name and username.
who := {"name": full_name(input.account), "username": input.account.username}

# ineligible_phrase(r) says, as a phrase, why record r is not offered (S2, S3).
ineligible_phrase(r) := phrase("lib.ineligible.las_staff") if {
	r.source == "las"
	r.kind == "staff"
} else := phrase("lib.ineligible.las_student") if {
	r.source == "las"
} else := {"id": "lib.ineligible.hr_role", "args": {"role": r.role, "roles": param("hr_roles")}} if {
	r.source == "hr"
	not hr_role_ok(r)
} else := {"id": "lib.ineligible.hr_start", "args": {"date": r.start_date, "run_date": run_date}} if {
	r.source == "hr"
	not started(r)
} else := {"id": "lib.ineligible.hr_end", "args": {"date": r.end_date, "run_date": run_date}} if {
	r.source == "hr"
} else := phrase("lib.ineligible.other")

# why_not_offered_phrase(l) says, as a phrase, why link l offers the account
# nowhere: why its record is not eligible, or that the export does not hold it.
why_not_offered_phrase(l) := ineligible_phrase(rs[0]) if {
	rs := [r | some r in input.records; r.source == l.source; r.source_id == l.source_id]
	count(rs) > 0
} else := {"id": "lib.not_in_export", "args": {"source": source_phrase(l.source)}}

# absence_phrases lists every link of the account with why it is not offered.
absence_phrases := [{"id": "lib.link_why", "args": {"link": link_text(l), "why": why_not_offered_phrase(l)}} | some l in input.account.links]

# ---------------------------------------------------------------------------
# Evidence of absence
# ---------------------------------------------------------------------------

# links_words writes the account's links as "las:1001, hr:E-42".
links_words := joined([link_text(l) | some l in input.account.links])

# account_action(kind, school, rule, reason, evidence) is an action on the
# case's account, before its state is set by action().
account_action(kind, school, rule, reason, evidence) := {
	"kind": kind,
	"account": input.account.account_id,
	"school": school,
	"rule": rule,
	"reason": reason,
	"evidence": evidence,
}

# update(f, r, rule) is the update of locked field f to the value of record r (L2, V8).
update(f, r, rule) := action(
	object.union(
		account_action("update", r.school, rule, "", {"source": r.source, "source_id": r.source_id, "field": f, "from": from_value(f), "to": r[f]}),
		{
			"field": f, "from": from_value(f), "to": r[f], "source": r.source,
			"message_id": "lib.update",
			"args": {
				"source_name": source_phrase(r.source),
				"field_name": field_phrase(f),
				"precedence": concat(" > ", offered_order),
				"cause": update_cause(rule, r),
			},
		},
	),
	hold([r.school], {r.source}, r.kind),
)

from_value(f) := object.get(input.account, f, "")

# update_cause(rule, r) explains the drift: a forced e-mail (V8), the locks
# returning after M3 (L5), or an edit in the target.
update_cause(rule, r) := {"id": "lib.update.forced_email", "args": {"accounts": {"id": concat("", ["lib.accounts.", r.kind]), "text": r.kind}}} if {
	rule == "V8"
} else := phrase("lib.update.locks_return") if {
	excepted
} else := phrase("lib.update.edited")

# ---------------------------------------------------------------------------
# The fast path: accounts with nothing to report
# ---------------------------------------------------------------------------

# quiet is true for an account case on which no rule of the built-in rule book
# can return an action or a finding. The engine skips the full query for every
# account case on which it holds (docs/scale.md, "The fast path"); the tenant
# case still counts every record of a quiet case as eligible, which the
# condition on eligibility below guarantees. It is conservative: when a
# condition is in doubt, the account is not quiet and the full rule book
# decides. Every condition names the rules it rules out; a new rule about
# active account cases must be added here.
#
# This rule states the fast path and is tested against the rules
# (quiet_test.rego). Asking OPA costs a clean account about half of the full
# rule book, so the engine runs the same conditions in Go, on the snapshot's
# own values (policies/quiet.go): a change here must be made there too.
# TestQuietMirror checks that the two agree on every account case of the
# samples and of generated snapshots, and TestFastPathEquivalence that the
# reports with and without the fast path are byte-identical.
quiet if {
	input.case == "account"

	# D7, D11, E3 (soft-deleted): only active accounts.
	input.account.status == "active"

	# E1–E7, E10, D5, L5, M3: no exception entry. E9, L4: no review decision.
	not input.exceptions[0]
	not input.review

	# D8, E2: a source-managed account (manual accounts take the full path).
	linked

	# S1: every link's source has an export in the snapshot (also implied by
	# the D1 condition below: a source without an export offers nothing).
	checkable

	# S2, S3, S6, P1: every source record offers the account (no record left
	# out for a missing group, an HR role or period). The engine relies on
	# this: it counts every record of a quiet case as eligible (D10).
	count(offered_records) == count(input.records)

	# D1: every link is offered; with the above, D2–D4 and D6 (absent, so
	# deleted) cannot hold either: the account is present.
	every l in input.account.links {
		offered_link(l)
	}

	# D3, D4, D5 (unlink): every school of the account is offered ...
	every s in input.account.schools {
		offered_schools[s]
	}

	# ... S2, S3, S5 (link_school): and every offered school is one of the account's.
	every r in input.records {
		r.school in input.account.schools
	}

	# L2, L3, V8: no offered record differs from the account in a name or
	# e-mail, so no locked field drifts and no sources conflict.
	not drift

	# V6, V7, V9: the memberships agree with the offered groups and courses.
	quiet_memberships

	# U1: the username fits the structure (or no domain is set to fit).
	quiet_username

	# M5, U2: no other account shares a link or the username.
	not input.same_link[0]
	not input.same_username[0]

	# P3: the program library shows what Basispoort assigns (or the target
	# export shows no program libraries).
	quiet_programs
}

# quiet_programs: without the programs column P3 stays silent; with it, the
# account's library holds exactly the programs its LAS records assign.
quiet_programs if not data.tenant.program_libraries == true

quiet_programs if {
	data.tenant.program_libraries == true
	count(data.syncaudit.rules.programs.missing_keys) == 0
	count(data.syncaudit.rules.programs.extra_keys) == 0
}

# quiet_memberships: without target/memberships the membership rules stay
# silent; with it, every offered group and course is a membership (V6, V7
# add), every synced membership is still offered (V6, V7 remove), and no
# manual course membership sits at a school that forbids them (V9).
quiet_memberships if not data.tenant.memberships == true

quiet_memberships if {
	data.tenant.memberships == true
	every k in data.syncaudit.rules.switches.offered_keys {
		data.syncaudit.rules.switches.existing_keys[k]
	}
	every m in input.memberships {
		quiet_membership(m)
	}
}

quiet_membership(m) if {
	m.origin == "sync"
	data.syncaudit.rules.switches.offered_keys[[m.school, m.group, m.kind]]
}

quiet_membership(m) if {
	m.origin == "manual"
	not switch_off(m.school, "manual_course_members")
}

# quiet_username: U1 reports a username outside the allowed domains, when
# there are any.
quiet_username if data.syncaudit.rules.usernames.fits

quiet_username if count(data.syncaudit.rules.usernames.allowed_domains) == 0
