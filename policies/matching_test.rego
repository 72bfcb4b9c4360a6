package syncaudit.rules.matching_test

import data.syncaudit.rules.matching
import data.syncaudit.testing as t

acts(c, tn) := xs if {
	xs := matching.actions with input as c with data.tenant as tn
}

finds(c, tn) := xs if {
	xs := matching.findings with input as c with data.tenant as tn
}

manual := t.account({"account_id": "A5", "username": "jan@regenboog.nl", "links": []})

linked_elsewhere := t.account({"account_id": "A9", "links": [{"source": "las", "source_id": "0999"}]})

with_linked(c, accounts) := object.union(c, {"linked_matches": accounts})

# --- M1 -------------------------------------------------------------------

test_m1_same_person_under_another_id if {
	got := finds(with_linked(t.rcase([t.las({})], []), [linked_elsewhere]), t.board)
	some f in got
	f.rule == "M1"
	f.severity == "warn"
	f.account == "A9"
	f.source_id == "1001"
	contains(f.message, "las:0999")
}

test_m1_not_without_a_linked_match if {
	got := finds(t.rcase([t.las({})], []), t.board)
	count(got) == 0
}

test_m1_not_when_the_record_is_not_offered if {
	got := finds(with_linked(t.rcase([t.las({"groups": []})], []), [linked_elsewhere]), t.board)
	not t.has(got, {"rule": "M1"})
}

# --- M2 -------------------------------------------------------------------

test_m2_manual_account_blocks_the_las_account if {
	got := finds(t.rcase([t.las({"email": "Jan@Regenboog.nl"})], [object.union(manual, {"email": "jan@regenboog.nl"})]), t.board)
	some f in got
	f.rule == "M2"
	f.severity == "deny"
	f.account == "A5"
	contains(f.message, "the same e-mail address")
	contains(f.fix, "Delete manual account A5")
}

test_m2_blocks_the_create if {
	got := acts(t.rcase([t.las({})], [manual]), t.board)
	count(got) == 0
}

test_m2_match_by_name_and_school if {
	got := finds(t.rcase([t.las({})], [manual]), t.board)
	some f in got
	f.rule == "M2"
	contains(f.message, "the same first name, last name and school")
}

test_m2_not_for_hr if {
	got := finds(t.rcase([t.hr({})], [manual]), t.board)
	not t.has(got, {"rule": "M2"})
	t.has(acts(t.rcase([t.hr({})], [manual]), t.board), {"kind": "create"})
}

test_m2_not_without_a_manual_account if {
	got := finds(t.rcase([t.las({})], []), t.board)
	not t.has(got, {"rule": "M2"})
}

# --- M3 -------------------------------------------------------------------

test_m3_excepted_account_offered_again if {
	got := finds(t.acase(t.account({}), [t.las({})], [t.entry({})], []), t.board)
	t.has(got, {"rule": "M3", "severity": "info", "account": "A1"})
}

test_m3_not_while_absent if {
	got := finds(t.acase(t.account({}), [], [t.entry({})], []), t.board)
	not t.has(got, {"rule": "M3"})
}

test_m3_not_without_an_entry if {
	got := finds(t.acase(t.account({}), [t.las({})], [], []), t.board)
	count(got) == 0
}

# --- M4 -------------------------------------------------------------------

test_m4_eligible_unlinked_record_is_created if {
	got := acts(t.rcase([t.las({}), t.las({"school": "34CD"})], []), t.board)
	t.has(got, {"kind": "create", "rule": "M4", "account": "", "source": "las", "source_id": "1001", "school": "12AB", "state": "planned"})
	t.has(got, {"kind": "create", "school": "34CD"})
}

test_m4_not_for_an_ineligible_record if {
	got := acts(t.rcase([t.las({"groups": []})], []), t.board)
	count(got) == 0
}

test_m4_hr_role_condition_from_tenant_policy if {
	got := acts(t.rcase([t.hr({})], []), t.with_policy(t.board, {"hr_roles": ["directeur"]}))
	count(got) == 0
	t.has(acts(t.rcase([t.hr({"role": "directeur"})], []), t.with_policy(t.board, {"hr_roles": ["directeur"]})), {"kind": "create"})
}
