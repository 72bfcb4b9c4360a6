package syncaudit.rules.sync_test

import data.syncaudit.rules.sync
import data.syncaudit.testing as t

acts(c, tn) := xs if {
	xs := sync.actions with input as c with data.tenant as tn
}

finds(c, tn) := xs if {
	xs := sync.findings with input as c with data.tenant as tn
}

two_links := t.account({"links": [{"source": "las", "source_id": "1001"}, {"source": "hr", "source_id": "E-42"}]})

# --- S1 -------------------------------------------------------------------

test_s1_link_to_a_source_without_export if {
	a := t.account({"links": [{"source": "las", "source_id": "1001"}, {"source": "sis", "source_id": "9"}]})
	got := finds(t.acase(a, [t.las({})], [], []), t.board)
	t.has(got, {"rule": "S1", "severity": "info", "source": "sis", "source_id": "9"})
}

test_s1_not_for_sources_in_the_snapshot if {
	got := finds(t.acase(two_links, [t.las({}), t.hr({})], [], []), t.board)
	count(got) == 0
}

# --- S2 -------------------------------------------------------------------

test_s2_las_student_without_group if {
	r := t.las({"kind": "student", "groups": []})
	got := finds(t.rcase([r], []), t.board)
	t.has(got, {"rule": "S2", "severity": "info", "source_id": "1001"})
}

test_s2_not_for_a_student_with_a_group if {
	got := finds(t.rcase([t.las({"kind": "student"})], []), t.board)
	count(got) == 0
}

test_s2_not_when_offered_at_another_school if {
	rs := [t.las({"kind": "student", "groups": []}), t.las({"kind": "student", "school": "34CD"})]
	got := finds(t.rcase(rs, []), t.board)
	not t.has(got, {"rule": "S2"})
}

test_s2_las_offers_the_account_at_a_new_school if {
	got := acts(t.acase(t.account({}), [t.las({}), t.las({"school": "34CD"})], [], []), t.board)
	t.has(got, {"kind": "link_school", "rule": "S2", "school": "34CD", "state": "planned"})
	not t.has(got, {"school": "12AB"})
}

test_s2_no_link_school_for_an_ineligible_row if {
	got := acts(t.acase(t.account({}), [t.las({}), t.las({"school": "34CD", "groups": []})], [], []), t.board)
	count(got) == 0
}

# --- S3 -------------------------------------------------------------------

test_s3_hr_role_not_synced if {
	tn := t.with_policy(t.board, {"hr_roles": ["directeur"]})
	got := finds(t.acase(two_links, [t.las({}), t.hr({})], [], []), tn)
	some f in got
	f.rule == "S3"
	f.args.why == {"id": "lib.ineligible.hr_role", "args": {"role": "leerkracht", "roles": ["directeur"]}}
}

test_s3_every_role_when_hr_roles_is_empty if {
	got := finds(t.acase(two_links, [t.las({}), t.hr({})], [], []), t.board)
	not t.has(got, {"rule": "S3"})
}

test_s3_hr_roles_compare_without_case if {
	tn := t.with_policy(t.board, {"hr_roles": ["Leerkracht"]})
	got := finds(t.acase(two_links, [t.las({}), t.hr({})], [], []), tn)
	not t.has(got, {"rule": "S3"})
}

test_s3_hr_end_date_passed if {
	got := finds(t.acase(two_links, [t.las({}), t.hr({"end_date": "2026-11-22"})], [], []), t.board)
	some f in got
	f.rule == "S3"
	f.args.why == {"id": "lib.ineligible.hr_end", "args": {"date": "2026-11-22", "run_date": "2026-11-23"}}
}

test_s3_hr_start_date_ahead if {
	got := finds(t.acase(two_links, [t.las({}), t.hr({"start_date": "2026-12-01"})], [], []), t.board)
	some f in got
	f.rule == "S3"
	f.args.why == {"id": "lib.ineligible.hr_start", "args": {"date": "2026-12-01", "run_date": "2026-11-23"}}
}

test_s3_dates_around_the_run_date_are_eligible if {
	r := t.hr({"start_date": "2026-11-23", "end_date": "2026-11-23"})
	got := finds(t.acase(two_links, [t.las({}), r], [], []), t.board)
	not t.has(got, {"rule": "S3"})
}

test_s3_hr_offers_the_account_at_a_new_school if {
	got := acts(t.acase(two_links, [t.las({}), t.hr({"school": "34CD"})], [], []), t.board)
	t.has(got, {"kind": "link_school", "rule": "S3", "school": "34CD"})
}

# --- S4 -------------------------------------------------------------------

test_s4_source_missing_from_precedence if {
	tn := t.with_policy(object.union(t.board, {"sources": ["las", "hr", "ecd"]}), {})
	got := finds(t.tcase({}, {}), tn)
	t.has(got, {"rule": "S4", "severity": "warn", "source": "ecd"})
}

test_s4_overridden_precedence_without_a_source if {
	tn := t.with_policy(t.board, {"precedence": ["las"]})
	got := finds(t.tcase({}, {}), tn)
	t.has(got, {"rule": "S4", "source": "hr"})
	not t.has(got, {"rule": "S4", "source": "las"})
}

test_s4_not_with_default_precedence if {
	got := finds(t.tcase({}, {}), t.board)
	count(got) == 0
}

test_s4_leading_source_decides_link_school if {
	# both offer the account at 34CD: by default HR leads, overridden the LAS
	rs := [t.las({}), t.las({"school": "34CD"}), t.hr({"school": "34CD"})]
	by_default := acts(t.acase(two_links, rs, [], []), t.board)
	t.has(by_default, {"kind": "link_school", "rule": "S3", "source": "hr"})
	overridden := acts(t.acase(two_links, rs, [], []), t.with_policy(t.board, {"precedence": ["las", "hr"]}))
	t.has(overridden, {"kind": "link_school", "rule": "S2", "school": "34CD"})
}

# --- S5 -------------------------------------------------------------------

test_s5_register_switch_without_register if {
	tn := t.with_sync(t.board, "12AB", {"students": false})
	got := finds(t.tcase({}, {}), tn)
	t.has(got, {"rule": "S5", "severity": "info", "school": "12AB"})
}

test_s5_not_with_a_register if {
	tn := t.with_sync(t.register("board"), "12AB", {"students": false})
	got := finds(t.tcase({}, {}), tn)
	not t.has(got, {"rule": "S5"})
}

test_s5_register_offers_the_account_at_a_new_school if {
	a := t.account({"kind": "student", "links": [{"source": "sis", "source_id": "S-7"}]})
	got := acts(t.acase(a, [t.sis({"kind": "student"}), t.sis({"kind": "student", "school": "34CD"})], [], []), t.register("board"))
	t.has(got, {"kind": "link_school", "rule": "S5", "school": "34CD", "state": "planned"})
}

test_s5_link_school_skipped_by_students_switch if {
	a := t.account({"kind": "student", "links": [{"source": "sis", "source_id": "S-7"}]})
	tn := t.with_sync(t.register("board"), "34CD", {"students": false})
	got := acts(t.acase(a, [t.sis({"kind": "student"}), t.sis({"kind": "student", "school": "34CD"})], [], []), tn)
	t.has(got, {"kind": "link_school", "rule": "S5", "state": "skipped", "skipped_by": "V3"})
}

# --- S6 -------------------------------------------------------------------

test_s6_las_teacher_without_group_unlinked if {
	got := finds(t.rcase([t.las({"groups": []})], []), t.board)
	some f in got
	f.rule == "S6"
	f.severity == "warn"
	f.account == ""
	f.args.outcome == {"id": "S6.no_account"}
}

test_s6_las_teacher_without_group_linked if {
	got := finds(t.acase(t.account({}), [t.las({"groups": []})], [], []), t.board)
	t.has(got, {"rule": "S6", "account": "A1"})
}

test_s6_not_for_a_teacher_with_a_group if {
	got := finds(t.rcase([t.las({})], []), t.board)
	count(got) == 0
}

test_s6_not_for_hr_records if {
	got := finds(t.rcase([t.hr({})], []), t.board)
	not t.has(got, {"rule": "S6"})
}
