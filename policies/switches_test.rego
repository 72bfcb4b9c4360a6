package syncaudit.rules.switches_test

import data.syncaudit.rules.deletion
import data.syncaudit.rules.matching
import data.syncaudit.rules.switches
import data.syncaudit.testing as t

acts(c, tn) := xs if {
	xs := switches.actions with input as c with data.tenant as tn
}

finds(c, tn) := xs if {
	xs := switches.findings with input as c with data.tenant as tn
}

creates(c, tn) := xs if {
	xs := matching.actions with input as c with data.tenant as tn
}

deletes(c, tn) := xs if {
	xs := deletion.actions with input as c with data.tenant as tn
}

se := t.register("single_school")

student := t.account({"kind": "student", "username": "elev@regenboog.nl", "links": [{"source": "sis", "source_id": "S-7"}]})

teacher := t.account({"kind": "staff", "username": "larare@regenboog.nl", "links": [{"source": "sis", "source_id": "S-7"}]})

sis_student(o) := t.sis(object.union({"kind": "student", "groups": ["7A"], "courses": ["MA7"]}, o))

sis_teacher(o) := t.sis(object.union({"kind": "staff", "groups": ["7A"], "courses": ["MA7"]}, o))

off(tn, switches) := t.with_sync(tn, "12AB", switches)

# --- V1 -------------------------------------------------------------------

test_v1_school_with_sync_off_is_reported if {
	got := finds(t.tcase({}, {}), off(se, {"automatic": false}))
	t.has(got, {"rule": "V1", "severity": "info", "school": "12AB"})
}

test_v1_not_when_on if {
	got := finds(t.tcase({}, {}), se)
	count(got) == 0
}

test_v1_holds_back_every_source if {
	# the master switch governs the LAS too
	got := creates(t.rcase([t.las({})], []), off(t.board, {"automatic": false}))
	t.has(got, {"kind": "create", "state": "skipped", "skipped_by": "V1"})
	other := creates(t.rcase([t.las({"school": "34CD"})], []), off(t.board, {"automatic": false}))
	t.has(other, {"kind": "create", "state": "planned"})
}

test_v1_holds_back_memberships if {
	got := acts(t.acase(student, [sis_student({})], [], []), off(se, {"automatic": false}))
	t.has(got, {"kind": "add_membership", "group": "7A", "state": "skipped", "skipped_by": "V1"})
	t.has(got, {"kind": "add_membership", "group": "MA7", "state": "skipped", "skipped_by": "V1"})
}

# --- V2 -------------------------------------------------------------------

test_v2_neither_staff_nor_students if {
	got := finds(t.tcase({}, {}), off(se, {"students": false, "staff": false}))
	t.has(got, {"rule": "V2", "severity": "warn", "school": "12AB"})
}

test_v2_not_when_one_is_on if {
	got := finds(t.tcase({}, {}), off(se, {"students": false}))
	not t.has(got, {"rule": "V2"})
}

test_v2_not_when_automatic_sync_is_off if {
	got := finds(t.tcase({}, {}), off(se, {"automatic": false, "students": false, "staff": false}))
	not t.has(got, {"rule": "V2"})
}

# --- V3 -------------------------------------------------------------------

test_v3_school_syncing_only_staff if {
	got := finds(t.tcase({}, {}), off(se, {"students": false}))
	t.has(got, {"rule": "V3", "school": "12AB"})
}

test_v3_not_without_a_register if {
	got := finds(t.tcase({}, {}), off(t.board, {"students": false}))
	not t.has(got, {"rule": "V3"})
}

test_v3_holds_back_student_create if {
	got := creates(t.rcase([sis_student({})], []), off(se, {"students": false}))
	t.has(got, {"kind": "create", "state": "skipped", "skipped_by": "V3"})
}

test_v3_staff_still_created if {
	got := creates(t.rcase([sis_teacher({})], []), off(se, {"students": false}))
	t.has(got, {"kind": "create", "state": "planned"})
}

test_v3_holds_back_student_soft_delete if {
	got := deletes(t.acase(student, [], [], []), off(se, {"students": false}))
	t.has(got, {"kind": "soft_delete", "state": "skipped", "skipped_by": "V3"})
}

test_v3_not_for_las_students if {
	# the kind switches govern the register only
	a := t.account({"kind": "student"})
	got := deletes(t.acase(a, [], [], []), off(t.single, {"students": false}))
	t.has(got, {"kind": "soft_delete", "state": "planned"})
}

# --- V4 -------------------------------------------------------------------

guardian_rec := t.sis({"kind": "guardian", "groups": []})

test_v4_guardians_from_a_later_date if {
	tn := off(se, {"guardians_from": "2027-01-01"})
	t.has(finds(t.tcase({}, {}), tn), {"rule": "V4", "school": "12AB"})
	t.has(creates(t.rcase([guardian_rec], []), tn), {"kind": "create", "state": "skipped", "skipped_by": "V4"})
}

test_v4_guardians_from_a_past_date if {
	tn := off(se, {"guardians_from": "2026-08-01"})
	not t.has(finds(t.tcase({}, {}), tn), {"rule": "V4"})
	t.has(creates(t.rcase([guardian_rec], []), tn), {"kind": "create", "state": "planned"})
}

test_v4_guardians_off if {
	tn := off(se, {"guardians": false})
	t.has(creates(t.rcase([guardian_rec], []), tn), {"kind": "create", "skipped_by": "V4"})
}

# --- V5 -------------------------------------------------------------------

test_v5_subjects_off if {
	tn := off(se, {"subjects": false})
	t.has(finds(t.tcase({}, {}), tn), {"rule": "V5", "school": "12AB"})
	got := acts(t.acase(student, [sis_student({})], [], []), tn)
	t.has(got, {"kind": "add_membership", "group": "MA7", "rule": "V6", "state": "skipped", "skipped_by": "V5"})
	t.has(got, {"kind": "add_membership", "group": "7A", "state": "planned"})
}

test_v5_not_when_on if {
	not t.has(finds(t.tcase({}, {}), se), {"rule": "V5"})
}

# --- V6 -------------------------------------------------------------------

test_v6_missing_course_membership_is_added if {
	got := acts(t.acase(student, [sis_student({"groups": []})], [], []), se)
	t.has(got, {"kind": "add_membership", "rule": "V6", "group": "MA7", "school": "12AB", "state": "planned"})
}

test_v6_not_when_member if {
	m := [{"school": "12AB", "group": "MA7", "kind": "course", "origin": "sync"}]
	got := acts(t.acase(student, [sis_student({"groups": []})], [], m), se)
	count(got) == 0
}

test_v6_subject_members_off if {
	got := acts(t.acase(student, [sis_student({"groups": []})], [], []), off(se, {"subject_members": false}))
	t.has(got, {"kind": "add_membership", "rule": "V6", "state": "skipped", "skipped_by": "V6"})
}

test_v6_synced_course_no_longer_offered_is_removed if {
	m := [{"school": "12AB", "group": "EN7", "kind": "course", "origin": "sync"}]
	got := acts(t.acase(student, [sis_student({"groups": [], "courses": []})], [], m), se)
	t.has(got, {"kind": "remove_membership", "rule": "V6", "group": "EN7", "state": "planned"})
}

test_v6_no_membership_actions_without_memberships_export if {
	tn := object.union(se, {"memberships": false})
	got := acts(t.acase(student, [sis_student({})], [], []), tn)
	count(got) == 0
}

# --- V7 -------------------------------------------------------------------

test_v7_missing_class_membership_is_added if {
	got := acts(t.acase(student, [sis_student({"courses": []})], [], []), se)
	t.has(got, {"kind": "add_membership", "rule": "V7", "group": "7A", "state": "planned"})
}

test_v7_classes_off_holds_back_students if {
	got := acts(t.acase(student, [sis_student({"courses": []})], [], []), off(se, {"classes": false}))
	t.has(got, {"kind": "add_membership", "rule": "V7", "state": "skipped", "skipped_by": "V7"})
}

test_v7_classes_off_leaves_teacher_links if {
	got := acts(t.acase(teacher, [sis_teacher({"courses": []})], [], []), off(se, {"classes": false}))
	t.has(got, {"kind": "add_membership", "rule": "V7", "state": "planned"})
}

test_v7_class_teachers_off_holds_back_teachers if {
	got := acts(t.acase(teacher, [sis_teacher({"courses": []})], [], []), off(se, {"class_teachers": false}))
	t.has(got, {"kind": "add_membership", "rule": "V7", "state": "skipped", "skipped_by": "V7"})
}

test_v7_synced_class_no_longer_offered_is_removed if {
	m := [{"school": "12AB", "group": "6B", "kind": "group", "origin": "sync"}, {"school": "12AB", "group": "7A", "kind": "group", "origin": "sync"}]
	got := acts(t.acase(student, [sis_student({"courses": []})], [], m), se)
	t.has(got, {"kind": "remove_membership", "rule": "V7", "group": "6B"})
	count(got) == 1
}

test_v7_removal_held_back_when_classes_off if {
	m := [{"school": "12AB", "group": "6B", "kind": "group", "origin": "sync"}, {"school": "12AB", "group": "7A", "kind": "group", "origin": "sync"}]
	got := acts(t.acase(student, [sis_student({"courses": []})], [], m), off(se, {"classes": false}))
	t.has(got, {"kind": "remove_membership", "group": "6B", "state": "skipped", "skipped_by": "V7"})
}

test_v7_no_removal_for_an_absent_account if {
	m := [{"school": "12AB", "group": "6B", "kind": "group", "origin": "sync"}]
	got := acts(t.acase(student, [], [], m), se)
	count(got) == 0
}

# --- V8 -------------------------------------------------------------------

test_v8_forced_email_is_updated if {
	tn := off(se, {"force_email": {"staff": true}})
	a := object.union(teacher, {"email": "old@regenboog.nl"})
	got := acts(t.acase(a, [sis_teacher({"groups": [], "courses": []})], [], []), tn)
	t.has(got, {"kind": "update", "rule": "V8", "field": "email", "from": "old@regenboog.nl", "to": "jan@skola.se", "source": "sis", "state": "planned"})
}

test_v8_not_when_not_forced if {
	a := object.union(teacher, {"email": "old@regenboog.nl"})
	got := acts(t.acase(a, [sis_teacher({"groups": [], "courses": []})], [], []), se)
	count(got) == 0
}

test_v8_forced_per_kind if {
	tn := off(se, {"force_email": {"students": true}})
	a := object.union(teacher, {"email": "old@regenboog.nl"})
	got := acts(t.acase(a, [sis_teacher({"groups": [], "courses": []})], [], []), tn)
	count(got) == 0
}

test_v8_hr_lock_leads_over_the_register if {
	tn := off(object.union(se, {"sources": ["sis", "hr"]}), {"force_email": {"staff": true}})
	a := object.union(teacher, {"email": "old@regenboog.nl", "links": [{"source": "sis", "source_id": "S-7"}, {"source": "hr", "source_id": "E-42"}]})
	rs := [sis_teacher({"groups": [], "courses": []}), t.hr({})]
	got := acts(t.acase(a, rs, [], []), tn)
	not t.has(got, {"rule": "V8"})
}

# --- V9 -------------------------------------------------------------------

manual_course := [{"school": "12AB", "group": "MU7", "kind": "course", "origin": "manual"}]

test_v9_manual_course_member_removed if {
	got := acts(t.acase(student, [sis_student({"groups": [], "courses": []})], [], manual_course), off(se, {"manual_course_members": false}))
	t.has(got, {"kind": "remove_membership", "rule": "V9", "group": "MU7", "state": "planned"})
}

test_v9_not_when_allowed if {
	got := acts(t.acase(student, [sis_student({"groups": [], "courses": []})], [], manual_course), se)
	count(got) == 0
}

test_v9_not_for_manual_class_members if {
	m := [{"school": "12AB", "group": "7X", "kind": "group", "origin": "manual"}]
	got := acts(t.acase(student, [sis_student({"groups": [], "courses": []})], [], m), off(se, {"manual_course_members": false}))
	count(got) == 0
}

test_v9_not_without_a_register if {
	got := acts(t.acase(t.account({}), [t.las({"groups": ["7A"]})], [], array.concat(manual_course, [{"school": "12AB", "group": "7A", "kind": "group", "origin": "sync"}])), off(t.board, {"manual_course_members": false}))
	count(got) == 0
}

test_v9_skipped_by_master_switch if {
	got := acts(t.acase(student, [], [], manual_course), off(se, {"manual_course_members": false, "automatic": false}))
	t.has(got, {"kind": "remove_membership", "rule": "V9", "state": "skipped", "skipped_by": "V1"})
}

test_v7_removal_without_a_register_is_never_held if {
	m := [{"school": "12AB", "group": "6B", "kind": "group", "origin": "sync"}]
	got := acts(t.acase(t.account({}), [t.las({})], [], m), off(t.board, {"classes": false}))
	t.has(got, {"kind": "remove_membership", "group": "6B", "state": "planned"})
	t.has(got, {"kind": "add_membership", "group": "7A", "state": "planned"})
}
