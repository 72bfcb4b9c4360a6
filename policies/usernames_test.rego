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
