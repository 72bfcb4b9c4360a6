# Package syncaudit.explain answers "why does this person get what they get"
# for one case: the verdicts behind the rule book's outcomes, as data that
# `syncaudit explain` renders (docs/explain.md). It decides nothing the rules
# do not: every verdict here is read from the same helpers the rules use
# (lib.eligible, lib.hold, lib.lead, the exception rules' day counts), and the
# outcomes themselves are the rules' own actions and findings of the same
# evaluation. It is not under data.syncaudit.rules, so check never evaluates it.
#
# Words are phrases: {"id": "explain.<what>", "args": {...}}, rendered from
# policies/explain.messages.yaml in the report's language.
#
# Beside the usual case (docs/policies.md), explain passes input.explain:
#   program          the program to diagnose (P4), "" for none
#   matched_records  for a manual account: the LAS records of the unlinked
#                    people whose record case matches the account (M2)
#   program_context  per school and group of the person's LAS records: how
#                    many records there are and how many assign the program
package syncaudit.explain

import data.syncaudit.lib
import data.syncaudit.rules.programs

# phrase(id, args) is a message argument rendered from the catalogue.
phrase(id, args) := {"id": id, "args": args}

# The outcomes of this case, as the rules return them.
rule_actions := [a | some a in data.syncaudit.rules[_].actions]

rule_findings := [f | some f in data.syncaudit.rules[_].findings]

# change_kinds are the actions that change the target. keep_by_exception
# (D5) and purge_candidate (D7, a person decides) change nothing by themselves.
change_kinds := {
	"create", "update", "link_school", "unlink_school", "unlink_source", "soft_delete",
	"suspend_m365", "release_license", "suspend_google", "add_membership", "remove_membership",
	"set_exception_reason", "remove_exception", "delete_account",
}

planned_changes := [a | some a in rule_actions; a.state == "planned"; a.kind in change_kinds]

skipped_changes := [a | some a in rule_actions; a.state == "skipped"]

explain_input := object.get(input, "explain", {})

program := trim_space(object.get(explain_input, "program", ""))

# ---------------------------------------------------------------------------
# Source records: offered or not, and why not (S2, S3, S5)
# ---------------------------------------------------------------------------

# record_view(r) is one source record with its verdict.
record_view(r) := {
	"source": r.source, "source_id": r.source_id, "link": lib.link_text(r),
	"school": r.school, "kind": r.kind, "role": r.role,
	"name": lib.full_name(r), "email": r.email,
	"groups": r.groups, "programs": r.programs,
	"start_date": r.start_date, "end_date": r.end_date,
	"eligible": eligible(r),
	"why": why(r),
}

# eligible(r) is lib.eligible(r) as true or false.
eligible(r) if lib.eligible(r)

else := false

# why(r) says why record r is or is not offered, with the rule.
why(r) := {"rule": "S2", "text": phrase("explain.why.las_groups", {"groups": r.groups})} if {
	lib.eligible(r)
	r.source == "las"
	r.kind in {"staff", "student"}
} else := {"rule": "S3", "text": phrase("explain.why.hr_ok", {"role": r.role, "start": date_arg(r.start_date), "end": date_arg(r.end_date), "run_date": lib.run_date})} if {
	lib.eligible(r)
	r.source == "hr"
} else := {"rule": "S5", "text": phrase("explain.why.sis_ok", {})} if {
	lib.eligible(r)
	r.source == "sis"
} else := {"rule": "", "text": phrase("explain.why.offered", {})} if {
	lib.eligible(r)
} else := {"rule": "S6", "text": phrase("explain.why.las_staff_no_group", {})} if {
	r.source == "las"
	r.kind == "staff"
} else := {"rule": "S2", "text": phrase("explain.why.las_no_group", {})} if {
	r.source == "las"
} else := {"rule": "S3", "text": phrase("explain.why.hr_role", {"role": r.role, "roles": lib.hr_roles})} if {
	r.source == "hr"
	not lib.hr_role_ok(r)
} else := {"rule": "S3", "text": phrase("explain.why.hr_not_started", {"start": r.start_date, "run_date": lib.run_date})} if {
	r.source == "hr"
	not lib.started(r)
} else := {"rule": "S3", "text": phrase("explain.why.hr_ended", {"end": r.end_date, "run_date": lib.run_date})} if {
	r.source == "hr"
} else := {"rule": "", "text": phrase("explain.why.not_offered", {})}

# date_arg(d) is a date for a message, or the word "none".
date_arg(d) := d if d != ""

else := phrase("explain.none", {})

# ---------------------------------------------------------------------------
# The account case
# ---------------------------------------------------------------------------

account := input.account if input.case == "account"

# libraries_known is programs.libraries_known as true or false.
default libraries_known := false

libraries_known if programs.libraries_known

account_view := {
	"account_id": account.account_id, "username": account.username,
	"name": lib.full_name(account), "email": account.email,
	"kind": account.kind, "status": account.status,
	"deleted_at": account.deleted_at, "restored_at": account.restored_at,
	"last_login": account.last_login,
	"schools": account.schools,
	"links": [lib.link_text(l) | some l in account.links],
	"manual": count(account.links) == 0,
	"m365": account.m365, "m365_license": account.m365_license, "google": account.google,
	"programs": object.get(account, "programs", []),
	"program_libraries": libraries_known,
}

# link_view(l) is one link: its records and whether it is offered anywhere.
link_view(l) := {
	"link": lib.link_text(l),
	"source": l.source,
	"verdict": link_verdict(l),
	"records": [record_view(r) | some r in input.records; r.source == l.source; r.source_id == l.source_id],
	"offered_at": sort({r.school | some r in lib.offered_records; r.source == l.source; r.source_id == l.source_id}),
}

# link_verdict(l): offered; not offered (its records are not eligible);
# not in the export; or unchecked (no export of its source, S1).
link_verdict(l) := "unchecked" if {
	not l.source in data.tenant.sources
} else := "offered" if {
	lib.offered_link(l)
} else := "not_offered" if {
	some r in input.records
	r.source == l.source
	r.source_id == l.source_id
} else := "not_in_export"

# presence: the account as the D rules see it.
presence := "manual" if {
	count(account.links) == 0
} else := "unchecked" if {
	not lib.checkable
} else := "present" if {
	lib.present
} else := "absent"

# schools_view lists the account's schools and the schools a source offers
# it at, each with who offers it there and the switch holding changes back.
schools_view := [school_view(s) | some s in sort(account_schools | lib.offered_schools)]

account_schools := {s | some s in account.schools}

school_view(s) := {
	"school": s,
	"name": object.get(data.tenant.schools, [s, "name"], ""),
	"relation": s in account_schools,
	"offered_by": sort({r.source | some r in lib.offered_records; r.school == s}),
	"verdict": school_verdict(s),
	"hold": lib.hold([s], {r.source | some r in input.records; r.school == s} | lib.account_sources, lib.account_kind),
}

school_verdict(s) := "manual" if {
	count(account.links) == 0
} else := "offered" if {
	s in account_schools
	s in lib.offered_schools
} else := "new" if {
	s in lib.offered_schools
} else := "not_offered"

# fields_view: per lockable field, the target's value, the owner (the
# leading source that locks it, L1/V8, S4), its value and whether it drifts
# (L2); and every offered source's value, to show a conflict (L3).
fields_view := [field_view(f) | some f in lib.lockable_fields]

field_view(f) := {
	"field": f,
	"target": object.get(account, f, ""),
	"owner": owner(f),
	"lock": lock(f),
	"lead_value": lead_value(f),
	"drift": drift(f),
	"values": [{"source": r.source, "value": r[f], "lock": lib.lock_via(r, f)} |
		some r in lib.offered_records
		lib.provides(r, f)
		lib.lock_via(r, f)
	],
	"conflict": conflict(f),
}

owner(f) := lib.lead[f].source if lib.lead[f]

else := ""

lock(f) := lib.lock_via(lib.lead[f], f) if lib.lead[f]

else := ""

lead_value(f) := lib.lead[f][f] if lib.lead[f]

else := ""

drift(f) if {
	r := lib.lead[f]
	not lib.same_value(f, r[f], object.get(account, f, ""))
}

else := false

conflict(f) if {
	rs := lib.locking_records[f]
	some a in rs
	some b in rs
	a.source != b.source
	not lib.same_value(f, a[f], b[f])
}

else := false

# exceptions_view: per entry of the exception list, what it does today and
# how stale it is (E4–E7, E10), from the exception rules' own helpers.
exceptions_view := [entry_view(e) | some e in input.exceptions]

entry_view(e) := {
	"reason": e.reason,
	"added_by": e.added_by,
	"added_at": e.added_at,
	"reviewed_at": e.reviewed_at,
	"expires_at": e.expires_at,
	"last_reviewed": last_reviewed(e),
	"days_since_review": days_since_review(e),
	"review_days": lib.param("exception_review_days"),
	"review_due": review_due(e),
	"expired": expired(e),
	"protects": protects,
}

last_reviewed(e) := lib.later(e.added_at, e.reviewed_at)

days_since_review(e) := lib.days_since(last_reviewed(e)) if last_reviewed(e) != ""

else := -1

review_due(e) if {
	d := days_since_review(e)
	d >= 0
	d > lib.param("exception_review_days")
}

else := false

expired(e) if {
	e.expires_at != ""
	e.expires_at < lib.run_date
}

else := false

# protects: "in_use" when the entry keeps an absent account (D5, E6), "idle"
# when the source offers it (E7, M3), "invalid" on a manual account (E2) or a
# soft-deleted one (E3).
protects := "invalid" if {
	count(account.links) == 0
} else := "invalid" if {
	account.status == "soft_deleted"
} else := "in_use" if {
	lib.absent
} else := "idle"

# ---------------------------------------------------------------------------
# When nothing happens: the reasons, for an account or a record case
# ---------------------------------------------------------------------------

outcome := {
	"changes": count(planned_changes),
	"skipped": count(skipped_changes),
	"findings": count(rule_findings),
	"because": because,
}

# because lists why the sync changes nothing (empty when it changes something).
because := [] if count(planned_changes) > 0

else := [x |
	some id in reason_order
	some x in nothing_reasons
	x.text.id == concat(".", ["explain.nothing", id])
]

# reason_order puts the reasons why nothing happens in the order a person
# reads them: what the account is first, what asks for a person last.
reason_order := [
	"manual", "unchecked", "in_sync", "not_offered", "blocked", "protected",
	"held_back", "soft_deleted", "retention", "purge_decision", "findings",
]

nothing_reasons contains {"rule": "M1", "text": phrase("explain.nothing.manual", {})} if {
	input.case == "account"
	count(account.links) == 0
}

nothing_reasons contains {"rule": "", "text": phrase("explain.nothing.in_sync", {"sources": sort(lib.offered_sources), "schools": sort(lib.offered_schools)})} if {
	input.case == "account"
	account.status == "active"
	count(account.links) > 0
	lib.present
	lib.checkable
}

nothing_reasons contains {"rule": "S1", "text": phrase("explain.nothing.unchecked", {"links": [lib.link_text(l) | some l in lib.unchecked_links]})} if {
	input.case == "account"
	not lib.checkable
}

nothing_reasons contains {"rule": "D5", "text": phrase("explain.nothing.protected", {})} if {
	input.case == "account"
	some a in rule_actions
	a.kind == "keep_by_exception"
}

nothing_reasons contains {"rule": "D7", "text": phrase("explain.nothing.retention", {"deleted_at": account.deleted_at, "days": lib.days_since(account.deleted_at), "purge_after": lib.param("purge_after_days")})} if {
	input.case == "account"
	account.status == "soft_deleted"
	account.deleted_at != ""
	not purge_candidate
}

nothing_reasons contains {"rule": "D7", "text": phrase("explain.nothing.purge_decision", {})} if {
	input.case == "account"
	purge_candidate
}

purge_candidate if {
	some a in rule_actions
	a.kind == "purge_candidate"
}

nothing_reasons contains {"rule": "", "text": phrase("explain.nothing.soft_deleted", {})} if {
	input.case == "account"
	account.status == "soft_deleted"
	count(lib.offered_records) == 0
}

nothing_reasons contains {"rule": a.skipped_by, "text": phrase("explain.nothing.held_back", {"kind": a.kind, "school": a.school})} if {
	some a in skipped_changes
}

nothing_reasons contains {"rule": "", "text": phrase("explain.nothing.findings", {})} if {
	count(rule_findings) > 0
}

# Record case: a person in a source that no account links to.
nothing_reasons contains {"rule": "", "text": phrase("explain.nothing.not_offered", {})} if {
	input.case == "record"
	count([r | some r in input.records; lib.eligible(r)]) == 0
}

nothing_reasons contains {"rule": "M2", "text": phrase("explain.nothing.blocked", {"accounts": [a.account_id | some a in input.manual_matches]})} if {
	input.case == "record"
	data.syncaudit.rules.matching.blocked
}

# ---------------------------------------------------------------------------
# The view of one case
# ---------------------------------------------------------------------------

view := object.union(
	{
		"case": "account",
		"account": account_view,
		"presence": presence,
		"links": [link_view(l) | some l in account.links],
		"schools": schools_view,
		"fields": fields_view,
		"exceptions": exceptions_view,
		"outcome": outcome,
		"matched_records": [record_view(r) | some r in object.get(explain_input, "matched_records", [])],
	},
	program_part,
) if input.case == "account"

view := {
	"case": "record",
	"link": concat(":", [input.source, input.source_id]),
	"records": [record_view(r) | some r in input.records],
	"manual_matches": [a.account_id | some a in input.manual_matches],
	"linked_matches": [a.account_id | some a in input.linked_matches],
	"outcome": outcome,
} if input.case == "record"

program_part := {"program": diagnosis} if program != ""

else := {}

# ---------------------------------------------------------------------------
# P4: "a Basispoort program is not visible, what now?" for one account and
# one program, in the seed's order. Each step has a verdict (pass, fail or
# unknown) and its evidence; the first failing step names the fix.
# ---------------------------------------------------------------------------

program_key := programs.program_key(program)

# las_records are the person's LAS records: through the account's links, or
# for a manual account the records the rule book matches it with (M2).
linked_las := [r | some r in input.records; r.source == "las"]

matched_las := [r | some r in object.get(explain_input, "matched_records", []); r.source == "las"]

person_las := array.concat(linked_las, matched_las)

assigning := [r | some r in person_las; has_program(r)]

has_program(r) if {
	some p in r.programs
	programs.program_key(p) == program_key
}

in_library if {
	some p in object.get(account, "programs", [])
	programs.program_key(p) == program_key
}

# M1: the program is assigned in Basispoort to the school, the group or the
# person; Basispoort passes it on per person, so the person's LAS record
# shows it. Where it does not, the context says who else has it.
step_assigned := {
	"step": 1, "check": "assigned", "rule": "P1", "verdict": "pass",
	"evidence": phrase("explain.p4.assigned", {"records": [lib.link_text(r) | some r in assigning], "schools": sort({r.school | some r in assigning})}),
} if {
	count(assigning) > 0
} else := {
	"step": 1, "check": "assigned", "rule": "P1", "verdict": "fail",
	"evidence": phrase("explain.p4.not_assigned_las", {}),
	"fix": phrase("explain.p4.fix.assign", {}),
} if {
	count(person_las) == 0
} else := {
	"step": 1, "check": "assigned", "rule": "P1", "verdict": "fail",
	"evidence": phrase("explain.p4.not_assigned", {
		"records": [lib.link_text(r) | some r in person_las],
		"others": [context_phrase(c) | some c in object.get(explain_input, "program_context", []); c.with_program > 0],
	}),
	"fix": phrase("explain.p4.fix.assign", {}),
}

# context_phrase(c) says how many people of a group or school have the program.
context_phrase(c) := phrase("explain.p4.context_group", c) if c.group != ""

else := phrase("explain.p4.context_school", c)

las_links := [lib.link_text(l) | some l in account.links; l.source == "las"]

step_link := {
	"step": 2, "check": "link", "rule": "P2", "verdict": "pass",
	"evidence": phrase("explain.p4.linked", {"links": las_links}),
} if {
	count(las_links) > 0
} else := {
	"step": 2, "check": "link", "rule": "P2", "verdict": "fail",
	"evidence": phrase("explain.p4.manual", {}),
	"fix": phrase("explain.p4.fix.manual", {"account": account.account_id}),
} if {
	count(account.links) == 0
} else := {
	"step": 2, "check": "link", "rule": "P2", "verdict": "fail",
	"evidence": phrase("explain.p4.no_las_link", {"links": [lib.link_text(l) | some l in account.links]}),
	"fix": phrase("explain.p4.fix.las_link", {}),
}

# The group step looks at the records that assign the program, or at every
# LAS record of the person when none does.
group_records := assigning if count(assigning) > 0

else := person_las

step_group := {
	"step": 3, "check": "group", "rule": "S2", "verdict": "pass",
	"evidence": phrase("explain.p4.in_group", {"groups": [concat(" ", [r.school, concat("|", r.groups)]) | some r in group_records; lib.eligible(r)]}),
} if {
	some r in group_records
	lib.eligible(r)
} else := {
	"step": 3, "check": "group", "rule": group_rule, "verdict": "fail",
	"evidence": phrase("explain.p4.no_group", {"records": [lib.link_text(r) | some r in group_records]}),
	"fix": phrase("explain.p4.fix.group", {}),
} if {
	count(group_records) > 0
} else := {
	"step": 3, "check": "group", "rule": "S2", "verdict": "fail",
	"evidence": phrase("explain.p4.not_in_las", {}),
	"fix": phrase("explain.p4.fix.group", {}),
}

group_rule := "S6" if {
	some r in group_records
	r.kind == "staff"
} else := "S2"

step_library := {
	"step": 4, "check": "library", "rule": "P3", "verdict": "unknown",
	"evidence": phrase("explain.p4.library_unknown", {}),
} if {
	not programs.libraries_known
} else := {
	"step": 4, "check": "library", "rule": "P3", "verdict": "pass",
	"evidence": phrase("explain.p4.in_library", {"library": object.get(account, "programs", [])}),
} if {
	in_library
} else := {
	"step": 4, "check": "library", "rule": "P3", "verdict": "fail",
	"evidence": phrase("explain.p4.not_in_library", {"library": programs.library_arg}),
	"fix": phrase("explain.p4.fix.library", {}),
}

steps := [step_assigned, step_link, step_group, step_library]

# first_failing is the number of the first step that fails, 0 when none does.
first_failing := min(failing) if {
	failing := {s.step | some s in steps; s.verdict == "fail"}
	count(failing) > 0
} else := 0

diagnosis := {
	"name": program,
	"steps": steps,
	"first_failing": first_failing,
	"conclusion": conclusion,
}

conclusion := steps[first_failing - 1].fix if {
	first_failing > 0
} else := phrase("explain.p4.unknown", {}) if {
	some s in steps
	s.verdict == "unknown"
} else := phrase("explain.p4.all_pass", {})
