package syncaudit.rules.mini_test

import data.syncaudit.rules.mini

test_absent_account_is_soft_deleted if {
	some a in mini.actions with input as {"case": "account", "account": {"account_id": "A1", "status": "active", "links": [{"source": "las", "source_id": "1"}]}, "records": [], "exceptions": []}
	a.rule == "D2"
}

test_offered_account_is_kept if {
	count(mini.actions) == 0 with input as {"case": "account", "account": {"account_id": "A1", "status": "active", "links": [{"source": "las", "source_id": "1"}]}, "records": [{"groups": ["7A"]}], "exceptions": []}
}
