package syncaudit.rules.custom_delinde_test

import data.syncaudit.rules.custom_delinde

teacher := {
	"account_id": "A7", "username": "e.bos@delinde.nl", "first_name": "Els", "name_prefix": "", "last_name": "Bos",
	"email": "e.bos@delinde.nl", "kind": "staff", "status": "active", "m365": true, "m365_license": false,
	"links": [{"source": "hr", "source_id": "E-7"}], "schools": ["12AB"],
}

hr_record := {
	"source": "hr", "source_id": "E-7", "school": "12AB", "kind": "staff", "role": "leerkracht",
	"first_name": "Els", "name_prefix": "", "last_name": "Bos", "email": "", "groups": [], "courses": [],
	"programs": [], "start_date": "", "end_date": "",
}

tenant := {"id": "t", "structure": "board", "run_date": "2026-11-23", "sources": ["hr"], "policy": {}, "schools": {"12AB": {"id": "12AB", "sync": {}}}}

test_staff_without_licence_warns if {
	some f in custom_delinde.findings with input as {"case": "account", "account": teacher, "records": [hr_record], "exceptions": [], "memberships": []}
		with data.tenant as tenant
	f.rule == "X1"
	f.account == "A7"
}

test_staff_with_licence_is_fine if {
	licensed := object.union(teacher, {"m365_license": true})
	count(custom_delinde.findings) == 0 with input as {"case": "account", "account": licensed, "records": [hr_record], "exceptions": [], "memberships": []}
		with data.tenant as tenant
}

test_pupil_with_gmail_is_reported if {
	pupil := object.union(teacher, {"kind": "student", "email": "Kim.Smit@GMail.com"})
	some f in custom_delinde.findings with input as {"case": "account", "account": pupil, "records": [], "exceptions": [], "memberships": []}
		with data.tenant as tenant
	f.rule == "X2"
}
