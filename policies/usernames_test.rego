package syncaudit.rules.usernames_test

import data.syncaudit.rules.usernames
import data.syncaudit.testing as t

finds(a, tn) := xs if {
	xs := usernames.findings with input as t.acase(a, [t.las({})], [], []) with data.tenant as tn
}

user(name, schools) := t.account({"username": name, "schools": schools})

test_u1_board_uses_the_board_domain if {
	count(finds(user("jan@delinde.nl", ["12AB"]), t.board)) == 0
	t.has(finds(user("jan@regenboog.nl", ["12AB"]), t.board), {"rule": "U1", "severity": "warn", "account": "A1", "message_id": "U1.domain"})
	some f in finds(user("jan@regenboog.nl", ["12AB"]), t.board)
	f.args.structure == {"id": "lib.structure.board"}
	f.args.pattern == {"id": "U1.pattern.board"}
	f.evidence.expected == "delinde.nl"
}

test_u1_single_school_uses_the_school_domain if {
	count(finds(user("jan@regenboog.nl", ["12AB"]), t.single)) == 0
	t.has(finds(user("jan@delinde.nl", ["12AB"]), t.single), {"rule": "U1"})
}

test_u1_multi_domain_uses_one_of_its_schools if {
	count(finds(user("jan@klimop.nl", ["12AB", "34CD"]), t.multi)) == 0
	t.has(finds(user("jan@klimop.nl", ["12AB"]), t.multi), {"rule": "U1"})
}

test_u1_subdomain_and_case_fit if {
	count(finds(user("jan@Leerling.Regenboog.NL", ["12AB"]), t.single)) == 0
}

test_u1_username_without_domain if {
	t.has(finds(user("jan", ["12AB"]), t.board), {"rule": "U1"})
}

test_u1_not_without_an_expected_domain if {
	tn := object.union(t.board, {"domain": ""})
	count(finds(user("jan@anything.nl", ["12AB"]), tn)) == 0
}

test_u1_not_for_soft_deleted_accounts if {
	a := t.account({"username": "jan@wrong.nl", "status": "soft_deleted"})
	count(finds(a, t.board)) == 0
}

test_u1_single_school_account_without_schools if {
	count(finds(user("jan@regenboog.nl", []), t.single)) == 0
	t.has(finds(user("jan@klimop.nl", []), t.single), {"rule": "U1"})
}

# --- U2 -------------------------------------------------------------------

twin(id, username, status) := {"account_id": id, "username": username, "status": status, "first_name": "Jan", "name_prefix": "", "last_name": "Jansen"}

# with_same_username(a, others) is the account case of a, whose username others share.
with_same_username(a, others) := object.union(t.acase(a, [t.las({})], [], []), {"same_link": [], "same_username": others})

u2(c, tn) := [f | some f in usernames.findings with input as c with data.tenant as tn; f.rule == "U2"]

test_u2_two_accounts_with_one_username if {
	got := u2(with_same_username(user("jan@delinde.nl", ["12AB"]), [twin("A8", "Jan@Delinde.NL", "active")]), t.board)
	count(got) == 1
	got[0].severity == "warn"
	got[0].account == "A1"
	got[0].message_id == "U2.same_username"
	got[0].args == {"username": "jan@delinde.nl", "accounts": ["A1", "A8"], "count": 2}
	got[0].evidence.usernames == "jan@delinde.nl, Jan@Delinde.NL"
}

test_u2_a_soft_deleted_account_keeps_its_username if {
	a := t.account({"username": "jan@delinde.nl", "status": "soft_deleted", "deleted_at": "2026-11-01"})
	count(u2(with_same_username(a, [twin("A8", "jan@delinde.nl", "active")]), t.board)) == 1
}

test_u2_reported_once_on_the_lowest_id if {
	a := t.account({"account_id": "A8", "username": "jan@delinde.nl"})
	count(u2(with_same_username(a, [twin("A1", "jan@delinde.nl", "active")]), t.board)) == 0
}

test_u2_not_for_a_username_of_its_own if {
	count(u2(with_same_username(user("jan@delinde.nl", ["12AB"]), []), t.board)) == 0
	count(u2(t.acase(user("jan@delinde.nl", ["12AB"]), [t.las({})], [], []), t.board)) == 0
}

test_u2_can_be_switched_off if {
	c := with_same_username(user("jan@delinde.nl", ["12AB"]), [twin("A8", "jan@delinde.nl", "active")])
	count(u2(c, t.with_policy(t.board, {"disabled_rules": ["U2"]}))) == 0
}
