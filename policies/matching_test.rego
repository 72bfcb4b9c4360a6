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
	f.evidence.account_links == "las:0999"
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
	f.args.basis == {"id": "M.basis.email"}
	f.args.account == "A5"
}

test_m2_blocks_the_create if {
	got := acts(t.rcase([t.las({})], [manual]), t.board)
	count(got) == 0
}

test_m2_match_by_name_and_school if {
	got := finds(t.rcase([t.las({})], [manual]), t.board)
	some f in got
	f.rule == "M2"
	f.args.basis == {"id": "M.basis.name_school"}
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

# --- M5 -------------------------------------------------------------------

twin(id, username, status) := {"account_id": id, "username": username, "status": status, "first_name": "Jan", "name_prefix": "", "last_name": "Jansen"}

las1001 := {"source": "las", "source_id": "1001"}

# with_twins(c, link, others) is account case c whose account shares link with others.
with_twins(c, link, others) := object.union(c, {"same_link": [{"link": link, "accounts": others}], "same_username": []})

test_m5_two_accounts_with_one_link if {
	c := with_twins(t.acase(t.account({}), [t.las({})], [], []), las1001, [twin("A7", "j.jansen@delinde.nl", "soft_deleted")])
	got := finds(c, t.board)
	t.has(got, {"rule": "M5", "severity": "warn", "account": "A1", "message_id": "M5.same_link"})
	some f in got
	f.rule == "M5"
	f.args == {"link": "las:1001", "accounts": ["A1", "A7"], "count": 2}
	f.evidence.statuses == "active, soft_deleted"
}

test_m5_three_accounts_are_one_finding_on_the_lowest_id if {
	c := with_twins(t.acase(t.account({}), [t.las({})], [], []), las1001, [twin("A9", "x@delinde.nl", "active"), twin("A3", "y@delinde.nl", "active")])
	some f in finds(c, t.board)
	f.rule == "M5"
	f.args.accounts == ["A1", "A3", "A9"]
	f.args.count == 3
}

test_m5_not_on_the_other_accounts_of_the_group if {
	c := with_twins(t.acase(t.account({"account_id": "A7"}), [t.las({})], [], []), las1001, [twin("A1", "jan.jansen@delinde.nl", "active")])
	not "M5" in t.rules_of(finds(c, t.board))
}

test_m5_not_for_an_account_alone_with_its_link if {
	not "M5" in t.rules_of(finds(t.acase(t.account({}), [t.las({})], [], []), t.board))
	c := object.union(t.acase(t.account({}), [t.las({})], [], []), {"same_link": [], "same_username": []})
	not "M5" in t.rules_of(finds(c, t.board))
}

test_m5_can_be_switched_off if {
	c := with_twins(t.acase(t.account({}), [t.las({})], [], []), las1001, [twin("A7", "j@delinde.nl", "active")])
	not "M5" in t.rules_of(finds(c, t.with_policy(t.board, {"disabled_rules": ["M5"]})))
}
