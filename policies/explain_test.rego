# Tests of the explain view (explain.rego): the verdicts it gives for one
# case, and the first failing step of the program diagnosis (P4).
package syncaudit.explain_test

import data.syncaudit.explain
import data.syncaudit.testing as t

libraries := object.union(t.board, {"program_libraries": true})

pupil(o) := t.account(object.union({"kind": "student", "programs": ["Rekentuin"]}, o))

assigning(o) := t.las(object.union({"kind": "student", "programs": ["Rekentuin"]}, o))

view(c, tn) := v if {
	v := explain.view with input as c with data.tenant as tn
}

with_program(c, p) := object.union(c, {"explain": {"program": p, "matched_records": [], "program_context": []}})

steps(c, tn) := [s.verdict | some s in view(c, tn).program.steps]

first(c, tn) := view(c, tn).program.first_failing

test_p4_every_step_passes if {
	c := with_program(t.acase(pupil({}), [assigning({})], [], []), "rekentuin")
	steps(c, libraries) == ["pass", "pass", "pass", "pass"]
	first(c, libraries) == 0
	view(c, libraries).program.conclusion.id == "explain.p4.all_pass"
}

test_p4_step_1_first_fails_when_not_assigned if {
	c := with_program(t.acase(pupil({}), [assigning({})], [], []), "Blink")
	first(c, libraries) == 1
	view(c, libraries).program.conclusion.id == "explain.p4.fix.assign"
}

test_p4_step_2_first_fails_for_a_manual_account if {
	c := object.union(
		with_program(t.acase(pupil({"links": [], "programs": []}), [], [], []), "Rekentuin"),
		{"explain": {"matched_records": [assigning({"source_id": "2002"})]}},
	)
	first(c, libraries) == 2
	view(c, libraries).program.steps[0].verdict == "pass"
	view(c, libraries).program.conclusion.args.account == "A1"
}

test_p4_step_3_first_fails_without_a_group if {
	c := with_program(t.acase(pupil({}), [assigning({"groups": []})], [], []), "Rekentuin")
	first(c, libraries) == 3
	view(c, libraries).program.steps[2].rule == "S2"
}

test_p4_step_4_first_fails_when_missing_from_the_library if {
	c := with_program(t.acase(pupil({"programs": ["Gynzy"]}), [assigning({})], [], []), "Rekentuin")
	first(c, libraries) == 4
	view(c, libraries).program.conclusion.id == "explain.p4.fix.library"
}

test_p4_step_4_unknown_without_the_programs_column if {
	c := with_program(t.acase(pupil({}), [assigning({})], [], []), "Rekentuin")
	steps(c, t.board) == ["pass", "pass", "pass", "unknown"]
	view(c, t.board).program.conclusion.id == "explain.p4.unknown"
}

test_no_program_part_without_a_program if {
	v := view(t.acase(t.account({}), [t.las({})], [], []), t.board)
	not v.program
}

because(c, tn) := [b.text.id | some b in view(c, tn).outcome.because]

test_a_clean_account_says_why_nothing_happens if {
	# (in, not ==: a user policy loaded beside the rule book may add findings)
	b := because(t.acase(t.account({}), [t.las({})], [], []), object.union(t.board, {"memberships": false}))
	b[0] == "explain.nothing.in_sync"
}

test_a_manual_account_says_the_sync_leaves_it_alone if {
	because(t.acase(t.account({"links": []}), [], [], []), t.board)[0] == "explain.nothing.manual"
}

test_nothing_to_explain_when_something_changes if {
	# absent on a board: soft-deleted (D3), so no reason why nothing happens
	c := t.acase(t.account({}), [], [], [])
	because(c, t.board) == []
	view(c, t.board).presence == "absent"
	view(c, t.board).outcome.changes > 0
}

test_held_back_by_the_master_switch if {
	tn := t.with_sync(t.board, "12AB", {"automatic": false})
	c := t.acase(t.account({}), [], [], [])
	"explain.nothing.held_back" in because(c, tn)
	some s in view(c, tn).schools
	s.hold == "V1"
}

test_protected_by_the_exception_list if {
	c := t.acase(t.account({}), [], [t.entry({"reviewed_at": "2026-11-01"})], [])
	v := view(c, t.board)
	v.exceptions[0].protects == "in_use"
	v.exceptions[0].review_due == false
}

test_a_stale_entry_is_due_for_review if {
	c := t.acase(t.account({}), [t.las({})], [t.entry({"added_at": "2026-01-05"})], [])
	v := view(c, t.board)
	v.exceptions[0].review_due == true
	v.exceptions[0].protects == "idle"
}

test_why_a_record_is_not_offered if {
	v := view(t.acase(t.account({"links": [{"source": "hr", "source_id": "E-42"}]}), [t.hr({"end_date": "2026-07-31"})], [], []), t.board)
	v.links[0].verdict == "not_offered"
	v.links[0].records[0].why.rule == "S3"
	v.links[0].records[0].why.text.id == "explain.why.hr_ended"
}

test_a_link_not_in_the_export if {
	v := view(t.acase(t.account({}), [], [], []), t.board)
	v.links[0].verdict == "not_in_export"
}

test_field_owner_and_drift if {
	v := view(t.acase(t.account({"last_name": "Jansen"}), [t.las({"last_name": "Janssen"})], [], []), t.board)
	some f in v.fields
	f.field == "last_name"
	f.owner == "las"
	f.lock == "L1"
	f.drift == true
	f.lead_value == "Janssen"
}

test_a_record_case_blocked_by_a_manual_account if {
	v := view(t.rcase([t.las({"source_id": "2002"})], [t.account({"account_id": "A5", "links": []})]), t.board)
	v.case == "record"
	"explain.nothing.blocked" in [b.text.id | some b in v.outcome.because]
}
