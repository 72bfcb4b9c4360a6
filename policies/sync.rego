# Package syncaudit.rules.sync holds the S rules: which sources feed the target
# (S1), when a source record is eligible (S2 LAS, S3 HR, S5 student register),
# the order of precedence between sources (S4) and LAS teachers without a group
# (S6). A school where a source newly offers an account gets a link_school
# action under the eligibility rule of that source.
package syncaudit.rules.sync

import data.syncaudit.lib

# link_rule names the eligibility rule of each source, for link_school.
link_rule := {"las": "S2", "hr": "S3", "sis": "S5"}

# new_schools are schools where a source offers the active account but the
# account has no relation yet, each with its leading source.
new_schools[s] := lib.leading({r.source | some r in lib.offered_records; r.school == s}) if {
	input.account.status == "active"
	some s in lib.offered_schools
	not s in input.account.schools
}

# link_school(s, src) is the link_school action at school s, driven by source src.
link_school(s, src) := lib.action(
	object.union(
		lib.account_action("link_school", s, link_rule[src], "", {"school": s, "source": src}),
		{"source": src, "message_id": "S.link_school", "args": object.union(lib.who, {"source": lib.source_phrase(src)})},
	),
	lib.hold([s], {src}, lib.account_kind),
)

# METADATA
# title: A link to a source the snapshot has no export of
# description: >-
#   Accounts are created by the LAS (through Basispoort) and/or an HR system. A
#   link to a source whose export is not in the snapshot cannot be checked: the
#   rule book counts the account as present and changes nothing that depends on
#   that source. Reported per link.
# custom:
#   id: S1
#   severity: info
#   seed: 001_6a3032766e23bdfa.txt
findings contains f if {
	input.case == "account"
	some l in lib.unchecked_links
	lib.enabled("S1")
	f := {
		"rule": "S1",
		"severity": "info",
		"account": input.account.account_id,
		"source": l.source,
		"source_id": l.source_id,
		"message_id": "S1.no_export",
		"args": object.union(lib.who, {"source": l.source}),
		"evidence": {"link": lib.link_text(l), "sources": lib.joined(lib.tenant_sources)},
	}
}

# METADATA
# title: LAS eligibility - staff and students need a group
# description: >-
#   A LAS staff member or student is offered only when the LAS links them to at
#   least one group. Reported (info) for a LAS student record without a group
#   (the staff case is S6). A school where the LAS newly offers an account gets
#   link_school under this rule.
# custom:
#   id: S2
#   severity: info
#   seed: 001_6a3032766e23bdfa.txt
findings contains f if {
	input.case in {"account", "record"}
	some r in input.records
	r.source == "las"
	r.kind == "student"
	count(r.groups) == 0
	not offered_elsewhere(r)
	lib.enabled("S2")
	f := {
		"rule": "S2",
		"severity": "info",
		"account": object.get(input, ["account", "account_id"], ""),
		"school": r.school,
		"source": "las",
		"source_id": r.source_id,
		"message_id": "S2.student_without_group",
		"args": {"name": lib.full_name(r)},
		"evidence": {"source_id": r.source_id, "school": r.school, "groups": ""},
	}
}

# S2, continued: the LAS offers the account at a new school.
actions contains a if {
	input.case == "account"
	some s, src in new_schools
	src == "las"
	lib.enabled("S2")
	a := link_school(s, src)
}

# offered_elsewhere(r) is true when the same person (source and id) has an
# eligible record at another school: then one ineligible row changes little.
offered_elsewhere(r) if {
	some o in input.records
	o.source == r.source
	o.source_id == r.source_id
	lib.eligible(o)
}

# METADATA
# title: HR eligibility - synced roles within the employment dates
# description: >-
#   An HR record is offered when its role is one of policy.hr_roles (empty =
#   every role) and, where given, start_date <= run date <= end_date. Reported
#   (info) for a linked account whose HR link fails the condition everywhere,
#   with the reason. A school where HR newly offers an account gets link_school
#   under this rule.
# custom:
#   id: S3
#   severity: info
#   seed: 001_6a3032766e23bdfa.txt
findings contains f if {
	input.case == "account"
	input.account.status == "active"
	some r in input.records
	r.source == "hr"
	not lib.eligible(r)
	not offered_elsewhere(r)
	lib.enabled("S3")
	f := {
		"rule": "S3",
		"severity": "info",
		"account": input.account.account_id,
		"school": r.school,
		"source": "hr",
		"source_id": r.source_id,
		"message_id": "S3.not_eligible",
		"args": object.union(lib.who, {"school": r.school, "why": lib.ineligible_phrase(r)}),
		"evidence": {"source_id": r.source_id, "role": r.role, "start_date": r.start_date, "end_date": r.end_date, "run_date": lib.run_date},
	}
}

# S3, continued: HR offers the account at a new school.
actions contains a if {
	input.case == "account"
	some s, src in new_schools
	src == "hr"
	lib.enabled("S3")
	a := link_school(s, src)
}

# METADATA
# title: A source without a place in the order of precedence
# description: >-
#   When sources disagree, the first source of policy.precedence leads (default
#   hr, then las, then sis; see L2, L3). A source of the snapshot that the
#   precedence list leaves out only leads after every listed source: reported so
#   the order is a decision, not an accident.
# custom:
#   id: S4
#   severity: warn
#   seed: 001_6a3032766e23bdfa.txt
findings contains f if {
	input.case == "tenant"
	some s in data.tenant.sources
	not s in lib.params.precedence
	lib.enabled("S4")
	f := {
		"rule": "S4",
		"severity": "warn",
		"account": "",
		"source": s,
		"message_id": "S4.not_in_precedence",
		"args": {"source": s},
		"evidence": {"source": s, "precedence": concat(", ", lib.params.precedence)},
	}
}

# METADATA
# title: The student register is governed by the school's sync switches
# description: >-
#   A sis source is governed per school by the switches V1–V9; V1 governs every
#   source. Reported (info) for a school that turns a register switch (V3–V9)
#   off while the snapshot has no sis export, where it has no effect. A school
#   where the register newly offers an account gets link_school under this rule.
# custom:
#   id: S5
#   severity: info
#   seed: 004_30e38c5bc38740ab.txt
findings contains f if {
	input.case == "tenant"
	not lib.has_sis
	some id, school in data.tenant.schools
	some name in register_switches
	school.sync[name] == false
	lib.enabled("S5")
	f := {
		"rule": "S5",
		"severity": "info",
		"account": "",
		"school": id,
		"message_id": "S5.switch_without_register",
		"args": {"school": id},
		"evidence": {"school": id, "switch": name, "sources": lib.joined(lib.tenant_sources)},
	}
}

register_switches := ["students", "staff", "guardians", "subjects", "subject_members", "classes", "class_teachers", "manual_course_members"]

# S5, continued: the register offers the account at a new school.
actions contains a if {
	input.case == "account"
	some s, src in new_schools
	src == "sis"
	lib.enabled("S5")
	a := link_school(s, src)
}

# METADATA
# title: LAS teacher without a group gets no account
# description: >-
#   A LAS staff record linked to no group is not eligible (S2): it gets no
#   account, and an account linked to it loses the link (D1) or is deleted
#   (D2–D4). Reported for unlinked records and for linked accounts, so the
#   coordinator can link the teacher to a group in the LAS.
# custom:
#   id: S6
#   severity: warn
#   seed: 000_89e65dcab1d05afe.txt
findings contains f if {
	input.case in {"account", "record"}
	not lib.soft_deleted
	some r in input.records
	r.source == "las"
	r.kind == "staff"
	count(r.groups) == 0
	not offered_elsewhere(r)
	lib.enabled("S6")
	f := {
		"rule": "S6",
		"severity": "warn",
		"account": object.get(input, ["account", "account_id"], ""),
		"school": r.school,
		"source": "las",
		"source_id": r.source_id,
		"message_id": "S6.staff_without_group",
		"args": {"name": lib.full_name(r), "outcome": s6_outcome},
		"evidence": {"source_id": r.source_id, "school": r.school, "groups": ""},
	}
}

s6_outcome := lib.phrase("S6.no_account") if input.case == "record"

else := {"id": "S6.loses_link", "args": {"account": input.account.account_id}}
