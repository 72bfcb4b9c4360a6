package syncaudit.lib_test

import data.syncaudit.lib
import data.syncaudit.testing as t

test_params_defaults if {
	p := lib.params with data.tenant as t.board
	p.precedence == ["hr", "las", "sis"]
	p.mass_delete == {"max_count": 500, "max_percent": 10, "min_count": 10}
	p.exception_review_days == 90
}

test_params_merge_nested_objects if {
	tn := t.with_policy(t.board, {"mass_delete": {"max_count": 50}, "locks": {"sis": ["first_name", "last_name", "email"]}, "precedence": ["las"]})
	p := lib.params with data.tenant as tn
	p.mass_delete == {"max_count": 50, "max_percent": 10, "min_count": 10}
	p.locks.sis == ["first_name", "last_name", "email"]
	p.locks.hr == ["first_name", "name_prefix", "last_name", "email"]
	p.precedence == ["las"]
}

test_params_without_policy if {
	p := lib.params with data.tenant as object.remove(t.board, ["policy"])
	p.purge_after_days == 30
}

test_leading_source_default_and_overridden if {
	"hr" == lib.leading({"las", "hr", "sis"}) with data.tenant as t.board
	"las" == lib.leading({"las", "hr"}) with data.tenant as t.with_policy(t.board, {"precedence": ["las", "hr"]})
	"ecd" == lib.leading({"ecd"}) with data.tenant as t.board
}

test_eligibility if {
	lib.eligible(t.las({})) with data.tenant as t.board
	not lib.eligible(t.las({"groups": []})) with data.tenant as t.board
	lib.eligible(t.las({"kind": "guardian", "groups": []})) with data.tenant as t.board
	lib.eligible(t.hr({})) with data.tenant as t.board
	not lib.eligible(t.hr({"end_date": "2026-01-01"})) with data.tenant as t.board
	lib.eligible(t.sis({"groups": []})) with data.tenant as t.board
}

test_days_between if {
	lib.days_between("2026-10-01", "2026-11-23") == 53
	lib.days_between("2026-03-28", "2026-03-30") == 2
	lib.days_between("2026-11-23", "2026-11-23") == 0
}

test_full_name_with_prefix if {
	lib.full_name({"first_name": "Anna", "name_prefix": "van der", "last_name": "Berg"}) == "Anna van der Berg"
	lib.full_name({"first_name": "Anna", "name_prefix": "", "last_name": "Berg"}) == "Anna Berg"
}

test_hold if {
	tn := t.with_sync(t.register("board"), "12AB", {"students": false})
	"V3" == lib.hold(["12AB"], {"sis"}, "student") with data.tenant as tn
	"" == lib.hold(["12AB"], {"las"}, "student") with data.tenant as tn
	"" == lib.hold(["34CD"], {"sis"}, "student") with data.tenant as tn
	"V1" == lib.hold(["12AB"], {"las"}, "staff") with data.tenant as t.with_sync(tn, "12AB", {"automatic": false})
}

test_disabled_rules if {
	lib.enabled("E7") with data.tenant as t.board
	not lib.enabled("E7") with data.tenant as t.with_policy(t.board, {"disabled_rules": ["E7"]})
}

test_hold_staff_switch if {
	tn := t.with_sync(t.register("board"), "12AB", {"staff": false})
	"V3" == lib.hold(["12AB"], {"sis"}, "staff") with data.tenant as tn
	"" == lib.hold(["12AB"], {"sis"}, "student") with data.tenant as tn
}

test_unknown_source_offers_whom_it_holds if {
	lib.eligible(t.record({"source": "ecd", "groups": []})) with data.tenant as t.board
}

test_ineligible_phrase if {
	{"id": "lib.ineligible.las_student"} == lib.ineligible_phrase(t.las({"kind": "student", "groups": []})) with data.tenant as t.board
	{"id": "lib.ineligible.other"} == lib.ineligible_phrase(t.sis({})) with data.tenant as t.board
}

# day counts are calendar days, for any year a date may have (issue 14):
# nanoseconds would overflow after 2262.
test_days_between_counts_calendar_days if {
	lib.days_between("2026-08-25", "2026-11-23") == 90
	lib.days_between("2024-02-28", "2024-03-01") == 2
	lib.days_between("1900-03-01", "1900-02-28") == -1
	lib.days_between("1970-01-01", "1970-01-01") == 0
	lib.days_between("1900-01-01", "2200-12-31") == 109937
	lib.day_number("1970-01-02") == 1
}
