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
	contains(f.message, "rekentuin")
	contains(f.message, "no group")
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
	contains(f.message, "rekentuin, squla")
	contains(f.fix, "delete manual account A5")
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
