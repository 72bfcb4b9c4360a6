package syncaudit.rules.programs_test

import data.syncaudit.rules.programs
import data.syncaudit.testing as t

finds(c, tn) := xs if {
	xs := programs.findings with input as c with data.tenant as tn
}

manual := t.account({"account_id": "A5", "links": []})

# --- P1 -------------------------------------------------------------------

test_p1_programs_without_an_offered_link if {
	got := finds(t.acase(t.account({}), [t.las({"groups": [], "programs": ["rekentuin"]})], [], []), t.board)
	some f in got
	f.rule == "P1"
	f.severity == "warn"
	f.evidence.programs == "rekentuin"
	f.args.why == {"id": "lib.ineligible.las_staff"}
}

test_p1_not_when_the_link_is_offered if {
	got := finds(t.acase(t.account({}), [t.las({"programs": ["rekentuin"]})], [], []), t.board)
	count(got) == 0
}

test_p1_not_without_programs if {
	got := finds(t.acase(t.account({}), [t.las({"groups": []})], [], []), t.board)
	count(got) == 0
}

# --- P2 -------------------------------------------------------------------

test_p2_programs_for_a_manual_account if {
	got := finds(t.rcase([t.las({"programs": ["rekentuin", "squla"]})], [manual]), t.board)
	some f in got
	f.rule == "P2"
	f.account == "A5"
	f.evidence.programs == "rekentuin, squla"
	f.evidence.manual_account == "A5"
}

test_p2_not_without_a_manual_account if {
	got := finds(t.rcase([t.las({"programs": ["rekentuin"]})], []), t.board)
	count(got) == 0
}

test_p2_not_without_programs if {
	got := finds(t.rcase([t.las({})], [manual]), t.board)
	count(got) == 0
}

test_p1_not_when_offered_at_another_school if {
	rs := [t.las({"groups": [], "programs": ["rekentuin"]}), t.las({"school": "34CD"})]
	got := finds(t.acase(t.account({"schools": ["12AB", "34CD"]}), rs, [], []), t.board)
	count(got) == 0
}

# --- P3 -------------------------------------------------------------------

libraries := object.union(t.board, {"program_libraries": true})

pupil(programs) := t.account({"kind": "student", "programs": programs})

assigning(programs) := [t.las({"kind": "student", "programs": programs})]

test_p3_assigned_program_missing_from_the_library if {
	got := finds(t.acase(pupil(["Rekentuin"]), assigning(["Rekentuin", "Taalzee"]), [], []), libraries)
	count(got) == 1
	some f in got
	f.rule == "P3"
	f.severity == "warn"
	f.evidence.programs == "Taalzee"
	f.evidence.library == "Rekentuin"
	f.message_id == "P3.missing"
	f.args.library == "Rekentuin"
}

test_p3_library_program_not_assigned if {
	got := finds(t.acase(pupil(["Rekentuin", "Squla"]), assigning(["Rekentuin"]), [], []), libraries)
	count(got) == 1
	some f in got
	f.rule == "P3"
	f.severity == "info"
	f.evidence.programs == "Squla"
	f.message_id == "P3.extra"
}

test_p3_an_empty_library_is_named_none if {
	got := finds(t.acase(pupil([]), assigning(["Rekentuin"]), [], []), libraries)
	some f in got
	f.args.library == {"id": "P3.none"}
	f.evidence.library == ""
}

test_p3_both_ways_at_once if {
	got := finds(t.acase(pupil(["Squla"]), assigning(["Rekentuin"]), [], []), libraries)
	{f.severity | some f in got} == {"warn", "info"}
}

test_p3_names_compare_without_case_and_spaces if {
	got := finds(t.acase(pupil([" rekentuin", "TAALZEE"]), assigning(["Rekentuin", "Taalzee"]), [], []), libraries)
	count(got) == 0
}

test_p3_not_without_the_programs_column if {
	got := finds(t.acase(pupil([]), assigning(["Rekentuin"]), [], []), t.board)
	count(got) == 0
}

test_p3_not_when_the_las_record_is_not_offered if {
	# P1's case: without an offered Basispoort link the library is not P3's business.
	got := finds(t.acase(pupil([]), [t.las({"kind": "student", "groups": [], "programs": ["Rekentuin"]})], [], []), libraries)
	{f.rule | some f in got} == {"P1"}
}

test_p3_not_for_a_soft_deleted_account if {
	a := object.union(pupil([]), {"status": "soft_deleted", "deleted_at": "2026-11-01"})
	got := finds(t.acase(a, assigning(["Rekentuin"]), [], []), libraries)
	count(got) == 0
}

test_p3_not_for_an_hr_only_account if {
	a := t.account({"links": [{"source": "hr", "source_id": "E-42"}], "programs": ["Squla"]})
	got := finds(t.acase(a, [t.hr({})], [], []), libraries)
	count(got) == 0
}

test_p3_switched_off if {
	tn := t.with_policy(libraries, {"disabled_rules": ["P3"]})
	got := finds(t.acase(pupil([]), assigning(["Rekentuin"]), [], []), tn)
	count(got) == 0
}
