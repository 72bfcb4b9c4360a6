# Package syncaudit.rules.switches holds the V rules: the per-school switches of
# a student-register sync (Vklass). V1 (master switch) holds back every change
# at its school; the others govern what the register (sis) drives. Changes a
# switch holds back are reported as skipped with the switch's rule id; the
# tenant case reports which schools hold what back. Membership actions need the
# target's memberships export (data.tenant.memberships == true).
package syncaudit.rules.switches

import data.syncaudit.lib

# ---------------------------------------------------------------------------
# Memberships (V5–V7, V9)
# ---------------------------------------------------------------------------

# memberships_known: the snapshot holds target/memberships, so missing ones can be told.
memberships_known if data.tenant.memberships == true

# offered_memberships are the group and course memberships the sources offer
# for the account, one per record, group or course.
offered_memberships contains {"school": r.school, "group": g, "kind": "group", "source": r.source, "person": r.kind} if {
	some r in lib.offered_records
	some g in r.groups
}

offered_memberships contains {"school": r.school, "group": c, "kind": "course", "source": r.source, "person": r.kind} if {
	some r in lib.offered_records
	some c in r.courses
}

offered_keys contains [m.school, m.group, m.kind] if some m in offered_memberships

existing_keys contains [m.school, m.group, m.kind] if some m in input.memberships

# membership_rule names the rule of a membership by its kind.
membership_rule := {"group": "V7", "course": "V6"}

# membership_hold(school, kind, person, src) is the switch that holds a
# membership change back ("" when none).
membership_hold(school, kind, person, src) := "V1" if {
	lib.switch_off(school, "automatic")
} else := "V5" if {
	src == "sis"
	kind == "course"
	lib.switch_off(school, "subjects")
} else := "V6" if {
	src == "sis"
	kind == "course"
	lib.switch_off(school, "subject_members")
} else := "V7" if {
	src == "sis"
	kind == "group"
	person == "staff"
	lib.switch_off(school, "class_teachers")
} else := "V7" if {
	src == "sis"
	kind == "group"
	person != "staff"
	lib.switch_off(school, "classes")
} else := ""

# membership(kind, m, rule, why, by) is a membership action, held back by
# switch rule by; why is a phrase of the catalogue.
membership(kind, m, rule, why, by) := lib.action(
	object.union(
		lib.account_action(kind, m.school, rule, "", {"school": m.school, "group": m.group, "membership": m.kind}),
		{
			"group": m.group,
			"message_id": message_of[kind],
			"args": object.union(lib.who, {"membership": lib.phrase(concat(".", ["V.membership", m.kind])), "why": why}),
		},
	),
	by,
)

message_of := {"add_membership": "V.join", "remove_membership": "V.leave"}

# METADATA
# title: Master switch - automatic sync off at a school
# description: >-
#   With a school's automatic sync off (summer, change of register, server
#   move) nothing at that school changes, whatever the source: every action
#   there is skipped with skipped_by V1 and does not count for D9. Reported
#   (info) once per school that has it off.
# custom:
#   id: V1
#   severity: info
#   seed: 004_30e38c5bc38740ab.txt
findings contains f if {
	input.case == "tenant"
	some id, school in data.tenant.schools
	school.sync.automatic == false
	lib.enabled("V1")
	f := school_finding("V1", id, "V1.off", {})
}

# school_finding(rule, id, message, args) is an info finding about a school's
# switches, with message id message.
school_finding(rule, id, message, args) := {
	"rule": rule,
	"severity": "info",
	"account": "",
	"school": id,
	"message_id": message,
	"args": object.union({"school_name": object.get(data.tenant.schools[id], "name", "")}, args),
	"evidence": {"school": id},
}

# METADATA
# title: Sync students and teachers should always be on
# description: >-
#   The register's guidance is that syncing students and teachers is always
#   on. A school with automatic sync on but both staff and students off syncs
#   nobody: reported as a warning.
# custom:
#   id: V2
#   severity: warn
#   seed: 004_30e38c5bc38740ab.txt
findings contains f if {
	input.case == "tenant"
	lib.has_sis
	some id, school in data.tenant.schools
	school.sync.students == false
	school.sync.staff == false
	not school.sync.automatic == false
	lib.enabled("V2")
	f := object.union(
		school_finding("V2", id, "V2.nobody", {}),
		{"severity": "warn"},
	)
}

# METADATA
# title: Staff and students synced separately
# description: >-
#   A school can sync only staff or only students (e.g. a new school that waits
#   with student accounts). Register-driven changes to accounts of a kind that
#   is off are skipped with skipped_by V3. Reported (info) per school and kind.
# custom:
#   id: V3
#   severity: info
#   seed: 004_30e38c5bc38740ab.txt
findings contains f if {
	input.case == "tenant"
	lib.has_sis
	some id, school in data.tenant.schools
	some name in ["students", "staff"]
	school.sync[name] == false
	lib.enabled("V3")
	f := school_finding("V3", id, concat(".", ["V3", name]), {})
}

# METADATA
# title: Guardians synced from a date
# description: >-
#   Guardians get accounts from the register only when the school syncs
#   guardians, from guardians_from on. Before that date (or with the switch
#   off) register-driven changes to guardian accounts are skipped with
#   skipped_by V4. Reported (info) per school.
# custom:
#   id: V4
#   severity: info
#   seed: 004_30e38c5bc38740ab.txt
findings contains f if {
	input.case == "tenant"
	lib.has_sis
	some id, _ in data.tenant.schools
	lib.guardians_held(id)
	lib.enabled("V4")
	f := school_finding("V4", id, "V4.held", {"run_date": lib.run_date, "from": lib.none_or(object.get(data.tenant.schools[id].sync, "guardians_from", ""))})
}

# METADATA
# title: Subjects come from the register
# description: >-
#   Subject groups and courses come from the register when the school syncs
#   subjects. With it off, course memberships the register drives are skipped
#   with skipped_by V5. Reported (info) per school.
# custom:
#   id: V5
#   severity: info
#   seed: 004_30e38c5bc38740ab.txt
findings contains f if {
	input.case == "tenant"
	lib.has_sis
	some id, school in data.tenant.schools
	school.sync.subjects == false
	lib.enabled("V5")
	f := school_finding("V5", id, "V5.off", {})
}

# METADATA
# title: Subject-group members come from the register
# description: >-
#   A course of an offered record that the account is not a member of is added
#   (add_membership); a synced course membership no longer offered is removed
#   (remove_membership). For the register, skipped by V5 (subjects off) or V6
#   (subject-group members off).
# custom:
#   id: V6
#   severity: info
#   seed: 004_30e38c5bc38740ab.txt
actions contains a if {
	input.case == "account"
	data.tenant.memberships == true # memberships_known, written so that OPA indexes it
	input.account.status == "active"
	some m in offered_memberships
	m.kind == "course"
	not existing_keys[[m.school, m.group, m.kind]]
	lib.enabled("V6")
	a := membership("add_membership", m, "V6", {"id": "V6.assigns", "args": {"source": lib.source_phrase(m.source)}}, membership_hold(m.school, m.kind, m.person, m.source))
}

# V6 and V7, continued: a synced membership no longer offered is removed.
actions contains a if {
	input.case == "account"
	data.tenant.memberships == true # memberships_known, written so that OPA indexes it
	input.account.status == "active"
	lib.present
	lib.checkable
	some m in input.memberships
	m.origin == "sync"
	not offered_keys[[m.school, m.group, m.kind]]
	rule := membership_rule[m.kind]
	lib.enabled(rule)
	a := membership("remove_membership", m, rule, lib.phrase("V.not_offered"), membership_hold(m.school, m.kind, lib.account_kind, register_source))
}

# register_source: a synced membership comes from the register where there is one.
register_source := "sis" if lib.has_sis

else := ""

# METADATA
# title: Classes and teacher-class links come from the register
# description: >-
#   A group (class) of an offered record that the account is not a member of is
#   added (add_membership); a synced group membership no longer offered is
#   removed. For the register, student memberships are skipped by V7 when
#   classes are off, teacher memberships when teacher-class links are off.
# custom:
#   id: V7
#   severity: info
#   seed: 004_30e38c5bc38740ab.txt
actions contains a if {
	input.case == "account"
	data.tenant.memberships == true # memberships_known, written so that OPA indexes it
	input.account.status == "active"
	some m in offered_memberships
	m.kind == "group"
	not existing_keys[[m.school, m.group, m.kind]]
	lib.enabled("V7")
	a := membership("add_membership", m, "V7", {"id": "V7.places", "args": {"source": lib.source_phrase(m.source)}}, membership_hold(m.school, m.kind, m.person, m.source))
}

# METADATA
# title: Forced e-mail sync locks the e-mail to the register
# description: >-
#   Where a school forces the register's e-mail address for students, staff or
#   guardians, the e-mail field is locked to the register (an L1 lock). An
#   account whose e-mail differs is updated to the register's value (update),
#   unless a source of higher precedence locks e-mail too (then L2 applies).
# custom:
#   id: V8
#   severity: info
#   seed: 004_30e38c5bc38740ab.txt
actions contains a if {
	input.case == "account"
	input.account.status == "active"
	lib.drift
	r := lib.lead.email
	lib.lock_via(r, "email") == "V8"
	not lib.same_value("email", lib.from_value("email"), r.email)
	lib.enabled("V8")
	a := lib.update("email", r, "V8")
}

# METADATA
# title: Manually added course members on synced courses
# description: >-
#   Where a school does not allow manually added course members
#   (manual_course_members false) and syncs subjects from the register, a
#   member a person added by hand to a synced course is removed
#   (remove_membership).
# custom:
#   id: V9
#   severity: info
#   seed: 004_30e38c5bc38740ab.txt
actions contains a if {
	input.case == "account"
	data.tenant.memberships == true # memberships_known, written so that OPA indexes it
	lib.has_sis
	some m in input.memberships
	m.origin == "manual"
	m.kind == "course"
	lib.switch_off(m.school, "manual_course_members")
	not lib.switch_off(m.school, "subjects")
	not offered_keys[[m.school, m.group, m.kind]]
	lib.enabled("V9")
	a := membership("remove_membership", m, "V9", lib.phrase("V9.manual"), membership_hold(m.school, "manual", "", ""))
}
