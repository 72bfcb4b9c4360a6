package syncaudit.rules.deletion_test

import data.syncaudit.rules.deletion
import data.syncaudit.testing as t

acts(c, tn) := xs if {
	xs := deletion.actions with input as c with data.tenant as tn
}

finds(c, tn) := xs if {
	xs := deletion.findings with input as c with data.tenant as tn
}

# A LAS staff record without a group is not offered (S2).
no_group := t.las({"groups": []})

two_schools := t.account({"schools": ["12AB", "34CD"]})

# --- D1 -------------------------------------------------------------------

test_d1_link_not_offered_is_unlinked if {
	a := t.account({"links": [{"source": "las", "source_id": "1001"}, {"source": "hr", "source_id": "E-42"}]})
	got := acts(t.acase(a, [no_group, t.hr({})], [], []), t.board)
	t.has(got, {"kind": "unlink_source", "rule": "D1", "source": "las", "source_id": "1001", "state": "planned"})
	not t.has(got, {"kind": "unlink_source", "source": "hr"})
	not t.has(got, {"kind": "soft_delete"})
}

test_d1_link_missing_from_export_is_unlinked if {
	a := t.account({"links": [{"source": "las", "source_id": "1001"}, {"source": "hr", "source_id": "E-42"}]})
	got := acts(t.acase(a, [t.las({})], [], []), t.board)
	some x in got
	x.rule == "D1"
	x.source == "hr"
	x.args.why == {"id": "lib.not_in_export", "args": {"source": {"id": "lib.source.hr", "text": "hr"}}}
	x.evidence.why == "lib.not_in_export"
}

test_d1_not_for_offered_links if {
	a := t.account({"links": [{"source": "las", "source_id": "1001"}, {"source": "hr", "source_id": "E-42"}]})
	got := acts(t.acase(a, [t.las({}), t.hr({})], [], []), t.board)
	count(got) == 0
}

test_d1_not_for_a_source_without_export if {
	# sis has no export in the snapshot (S1): its link is never judged
	a := t.account({"links": [{"source": "las", "source_id": "1001"}, {"source": "sis", "source_id": "9"}]})
	got := acts(t.acase(a, [t.las({})], [], []), t.board)
	not t.has(got, {"rule": "D1"})
}

test_d1_not_for_an_absent_account if {
	got := acts(t.acase(t.account({}), [no_group], [], []), t.board)
	not t.has(got, {"rule": "D1"})
	t.has(got, {"kind": "soft_delete"})
}

# --- D2 -------------------------------------------------------------------

test_d2_single_school_absent_account_is_soft_deleted if {
	got := acts(t.acase(t.account({}), [no_group], [], []), t.single)
	t.has(got, {"kind": "soft_delete", "rule": "D2", "school": "12AB", "state": "planned"})
	some x in got
	x.args.absence == [{"id": "lib.link_why", "args": {"link": "las:1001", "why": {"id": "lib.ineligible.las_staff"}}}]
}

test_d2_not_for_a_present_account if {
	got := acts(t.acase(t.account({}), [t.las({})], [], []), t.single)
	count(got) == 0
}

test_d2_not_for_a_manual_account if {
	got := acts(t.acase(t.account({"links": []}), [], [], []), t.single)
	count(got) == 0
}

test_d2_not_for_an_excepted_account if {
	got := acts(t.acase(t.account({}), [], [t.entry({})], []), t.single)
	not t.has(got, {"kind": "soft_delete"})
	t.has(got, {"kind": "keep_by_exception", "rule": "D5"})
}

test_d2_not_on_a_board if {
	got := acts(t.acase(t.account({}), [], [], []), t.board)
	not t.has(got, {"rule": "D2"})
	t.has(got, {"kind": "soft_delete", "rule": "D3"})
}

test_d2_skipped_by_master_switch if {
	tn := t.with_sync(t.single, "12AB", {"automatic": false})
	got := acts(t.acase(t.account({}), [], [], []), tn)
	t.has(got, {"kind": "soft_delete", "rule": "D2", "state": "skipped", "skipped_by": "V1"})
}

test_d2_switched_off_by_disabled_rules if {
	tn := t.with_policy(t.single, {"disabled_rules": ["D2"]})
	got := acts(t.acase(t.account({}), [], [], []), tn)
	count(got) == 0
}

# --- D3 -------------------------------------------------------------------

test_d3_board_unlinks_school_no_longer_offered if {
	got := acts(t.acase(two_schools, [t.las({})], [], []), t.board)
	t.has(got, {"kind": "unlink_school", "rule": "D3", "school": "34CD", "state": "planned"})
	not t.has(got, {"kind": "unlink_school", "school": "12AB"})
	not t.has(got, {"kind": "soft_delete"})
}

test_d3_board_soft_deletes_absent_account_at_board if {
	got := acts(t.acase(two_schools, [], [], []), t.board)
	t.has(got, {"kind": "soft_delete", "rule": "D3", "school": "", "state": "planned"})
	not t.has(got, {"kind": "unlink_school"})
}

test_d3_not_when_every_school_offers if {
	got := acts(t.acase(two_schools, [t.las({}), t.las({"school": "34CD"})], [], []), t.board)
	count(got) == 0
}

test_d3_not_when_a_link_cannot_be_checked if {
	a := object.union(two_schools, {"links": [{"source": "las", "source_id": "1001"}, {"source": "sis", "source_id": "9"}]})
	got := acts(t.acase(a, [t.las({})], [], []), t.board)
	not t.has(got, {"kind": "unlink_school"})
}

test_d3_board_soft_delete_skipped_when_any_school_is_off if {
	tn := t.with_sync(t.board, "34CD", {"automatic": false})
	got := acts(t.acase(two_schools, [], [], []), tn)
	t.has(got, {"kind": "soft_delete", "rule": "D3", "state": "skipped", "skipped_by": "V1"})
}

# --- D4 -------------------------------------------------------------------

test_d4_multi_domain_removes_school_no_longer_offered if {
	got := acts(t.acase(two_schools, [t.las({"school": "34CD"})], [], []), t.multi)
	t.has(got, {"kind": "unlink_school", "rule": "D4", "school": "12AB"})
	not t.has(got, {"kind": "soft_delete"})
}

test_d4_multi_domain_absent_soft_deleted_at_last_school if {
	got := acts(t.acase(two_schools, [], [], []), t.multi)
	t.has(got, {"kind": "unlink_school", "rule": "D4", "school": "12AB"})
	t.has(got, {"kind": "soft_delete", "rule": "D4", "school": "34CD"})
	not t.has(got, {"kind": "unlink_school", "school": "34CD"})
}

test_d4_not_when_offered_everywhere if {
	got := acts(t.acase(two_schools, [t.las({}), t.las({"school": "34CD"})], [], []), t.multi)
	count(got) == 0
}

test_d4_not_on_single_school if {
	got := acts(t.acase(t.account({}), [], [], []), t.single)
	not t.has(got, {"rule": "D4"})
}

# --- D5 -------------------------------------------------------------------

test_d5_single_school_keeps_and_changes_nothing if {
	got := acts(t.acase(two_schools, [], [t.entry({})], []), t.single)
	t.has(got, {"kind": "keep_by_exception", "rule": "D5", "state": "planned"})
	count(got) == 1
}

test_d5_board_keeps_but_unlinks_schools if {
	got := acts(t.acase(two_schools, [], [t.entry({})], []), t.board)
	t.has(got, {"kind": "keep_by_exception", "rule": "D5"})
	t.has(got, {"kind": "unlink_school", "rule": "D5", "school": "12AB"})
	t.has(got, {"kind": "unlink_school", "rule": "D5", "school": "34CD"})
	not t.has(got, {"kind": "soft_delete"})
}

test_d5_multi_domain_keeps_the_last_relation if {
	got := acts(t.acase(two_schools, [], [t.entry({})], []), t.multi)
	t.has(got, {"kind": "keep_by_exception", "rule": "D5", "school": "34CD"})
	t.has(got, {"kind": "unlink_school", "rule": "D5", "school": "12AB"})
	not t.has(got, {"kind": "unlink_school", "school": "34CD"})
	not t.has(got, {"kind": "soft_delete"})
}

test_d5_not_for_a_present_account if {
	got := acts(t.acase(t.account({}), [t.las({})], [t.entry({})], []), t.board)
	not t.has(got, {"rule": "D5"})
}

test_d5_reason_names_the_entry if {
	got := acts(t.acase(t.account({}), [], [t.entry({})], []), t.single)
	some x in got
	x.rule == "D5"
	x.evidence.exception_reason == "interim director"
	x.args.added_at == "2026-10-01"
}

# --- D6 -------------------------------------------------------------------

licensed := t.account({"m365": true, "m365_license": true, "google": true})

test_d6_soft_delete_frees_every_licence if {
	got := acts(t.acase(licensed, [], [], []), t.single)
	t.has(got, {"kind": "suspend_m365", "rule": "D6", "state": "planned", "school": "12AB"})
	t.has(got, {"kind": "release_license", "rule": "D6"})
	t.has(got, {"kind": "suspend_google", "rule": "D6"})
}

test_d6_only_the_flags_it_has if {
	got := acts(t.acase(t.account({"m365": true}), [], [], []), t.single)
	t.has(got, {"kind": "suspend_m365"})
	not t.has(got, {"kind": "release_license"})
	not t.has(got, {"kind": "suspend_google"})
}

test_d6_follows_the_state_of_the_soft_delete if {
	tn := t.with_sync(t.single, "12AB", {"automatic": false})
	got := acts(t.acase(licensed, [], [], []), tn)
	t.has(got, {"kind": "release_license", "state": "skipped", "skipped_by": "V1"})
}

test_d6_not_when_kept_or_present if {
	kept := acts(t.acase(licensed, [], [t.entry({})], []), t.single)
	not t.has(kept, {"rule": "D6"})
	present := acts(t.acase(licensed, [t.las({})], [], []), t.single)
	count(present) == 0
}

# --- D7 -------------------------------------------------------------------

deleted(at) := t.account({"status": "soft_deleted", "deleted_at": at})

test_d7_purge_candidate_after_retention if {
	got := acts(t.acase(deleted("2026-10-01"), [], [], []), t.board)
	t.has(got, {"kind": "purge_candidate", "rule": "D7", "state": "planned"})
	some x in got
	x.evidence.days == "53"
}

test_d7_not_within_retention if {
	got := acts(t.acase(deleted("2026-11-01"), [], [], []), t.board)
	count(got) == 0
}

test_d7_retention_from_tenant_policy if {
	tn := t.with_policy(t.board, {"purge_after_days": 10})
	got := acts(t.acase(deleted("2026-11-01"), [], [], []), tn)
	t.has(got, {"kind": "purge_candidate", "rule": "D7"})
}

# --- D8 -------------------------------------------------------------------

test_d8_restored_account_without_link if {
	a := t.account({"restored_at": "2026-09-01", "links": []})
	got := finds(t.acase(a, [], [], []), t.board)
	t.has(got, {"rule": "D8", "severity": "info", "account": "A1"})
}

test_d8_not_for_a_linked_restored_account if {
	a := t.account({"restored_at": "2026-09-01"})
	got := finds(t.acase(a, [t.las({})], [], []), t.board)
	not t.has(got, {"rule": "D8"})
}

# --- D9 -------------------------------------------------------------------

tfinds(counts, tn) := finds(t.tcase(counts, {}), tn)

test_d9_more_than_max_count if {
	got := tfinds({"planned_soft_deletes": 501, "active_accounts": 100000}, t.board)
	t.has(got, {"rule": "D9", "severity": "deny", "account": ""})
}

test_d9_more_than_max_percent if {
	got := tfinds({"planned_soft_deletes": 11, "active_accounts": 100}, t.board)
	t.has(got, {"rule": "D9", "severity": "deny"})
}

test_d9_not_below_min_count if {
	# 9 of 50 is 18 %, but fewer than 10 deletions is no mass deletion
	got := tfinds({"planned_soft_deletes": 9, "active_accounts": 50}, t.board)
	not t.has(got, {"rule": "D9"})
}

test_d9_not_within_limits if {
	got := tfinds({"planned_soft_deletes": 10, "active_accounts": 100}, t.board)
	not t.has(got, {"rule": "D9"})
}

test_d9_limits_from_tenant_policy if {
	tn := t.with_policy(t.board, {"mass_delete": {"max_count": 5}})
	got := tfinds({"planned_soft_deletes": 6, "active_accounts": 100000}, tn)
	t.has(got, {"rule": "D9"})

	# the other limits keep their defaults
	not t.has(tfinds({"planned_soft_deletes": 5, "active_accounts": 100000}, tn), {"rule": "D9"})
}

test_d9_counts_every_destructive_action if {
	# 3 soft deletes, but 12 of 100 accounts lose a school, a link or themselves
	got := tfinds({"planned_soft_deletes": 3, "destructive_accounts": 12, "active_accounts": 100}, t.board)
	t.has(got, {"rule": "D9", "severity": "deny", "account": ""})
}

test_d9_not_for_few_destructive_actions if {
	got := tfinds({"planned_soft_deletes": 3, "destructive_accounts": 10, "active_accounts": 100}, t.board)
	not t.has(got, {"rule": "D9"})
}

# One school of a board missing from the exports: 5 % of the tenant, 100 % of the school.
one_school_gone := {
	"planned_soft_deletes": 20, "destructive_accounts": 20, "active_accounts": 400,
	"schools": {"12AB": {"active_accounts": 20, "destructive_accounts": 20}, "34CD": {"active_accounts": 380, "destructive_accounts": 0}},
}

test_d9_per_school if {
	got := tfinds(one_school_gone, t.board)
	t.has(got, {"rule": "D9", "severity": "deny", "school": "12AB", "message_id": "D9.school"})
	not t.has(got, {"rule": "D9", "school": "34CD"})
	not t.has(got, {"rule": "D9", "school": ""}) # 5 % of the tenant: not tenant-wide
}

test_d9_per_school_args if {
	some f in tfinds(one_school_gone, t.board)
	f.school == "12AB"
	f.args == {"school": "12AB", "n": 20, "active": 20, "max_percent": 10, "min_count": 10}
}

test_d9_per_school_not_below_min_count if {
	c := object.union(one_school_gone, {"schools": {"12AB": {"active_accounts": 9, "destructive_accounts": 9}}})
	not t.has(tfinds(c, t.board), {"rule": "D9"})
}

test_d9_per_school_not_within_the_share if {
	c := object.union(one_school_gone, {"schools": {"12AB": {"active_accounts": 200, "destructive_accounts": 20}}})
	not t.has(tfinds(c, t.board), {"rule": "D9"})
}

test_d9_per_school_not_on_a_single_school if {
	# one school: the tenant-wide count says it all
	c := object.union(one_school_gone, {"schools": {"12AB": {"active_accounts": 400, "destructive_accounts": 20}}})
	not t.has(tfinds(c, t.single), {"rule": "D9", "school": "12AB"})
}

test_d9_per_school_switched_off if {
	tn := t.with_policy(t.board, {"disabled_rules": ["D9"]})
	not t.has(tfinds(one_school_gone, tn), {"rule": "D9"})
}

# --- D10 ------------------------------------------------------------------

# The LAS export holds records, but none at 12AB, where 30 LAS-linked accounts live
# that it offers nowhere (the school missing, or its code written 12ab).
school_missing := {"sources": {"las": {
	"records": 50, "eligible": 50, "linked_accounts": 80,
	"schools": {
		"12AB": {"records": 0, "eligible": 0, "linked_accounts": 30, "absent_accounts": 30},
		"34CD": {"records": 50, "eligible": 50, "linked_accounts": 50, "absent_accounts": 1},
	},
}}}

test_d10_per_school_and_source if {
	got := tfinds(school_missing, t.board)
	t.has(got, {"rule": "D10", "severity": "deny", "source": "las", "school": "12AB", "message_id": "D10.school"})
	not t.has(got, {"rule": "D10", "school": "34CD"})
	not t.has(got, {"rule": "D10", "source": "hr"})
}

test_d10_not_when_the_school_is_in_the_export if {
	# one record at 12AB, not eligible (say an HR contract ended): the source speaks about the school
	c := {"sources": {"las": object.union(school_missing.sources.las, {"schools": {"12AB": {"records": 1}}})}}
	not t.has(tfinds(c, t.board), {"rule": "D10"})
}

test_d10_not_when_the_accounts_are_offered_elsewhere if {
	# the accounts of 12AB that link to las are offered by it at another school
	c := {"sources": {"las": object.union(school_missing.sources.las, {"schools": {"12AB": {"absent_accounts": 0}}})}}
	not t.has(tfinds(c, t.board), {"rule": "D10"})
}

test_d10_empty_source_file if {
	got := tfinds({"sources": {"las": {"records": 0, "eligible": 0, "linked_accounts": 70}}}, t.board)
	t.has(got, {"rule": "D10", "severity": "deny", "source": "las"})
	not t.has(got, {"rule": "D10", "source": "hr"})
}

test_d10_not_when_nobody_links_the_source if {
	got := tfinds({"sources": {"las": {"records": 0, "eligible": 0, "linked_accounts": 0}}}, t.board)
	not t.has(got, {"rule": "D10"})
}

# --- D11 ------------------------------------------------------------------

test_d11_soft_deleted_account_offered_again if {
	got := finds(t.acase(deleted("2026-11-01"), [t.las({})], [], []), t.board)
	t.has(got, {"rule": "D11", "severity": "warn", "source": "las", "source_id": "1001"})
}

test_d11_not_when_not_offered if {
	got := finds(t.acase(deleted("2026-11-01"), [no_group], [], []), t.board)
	not t.has(got, {"rule": "D11"})
}

test_d11_not_for_an_active_account if {
	got := finds(t.acase(t.account({}), [t.las({})], [], []), t.board)
	count(got) == 0
}

test_d2_not_when_only_an_unchecked_link_remains if {
	# the hr export is missing from the snapshot: the account counts as present (S1)
	a := t.account({"links": [{"source": "las", "source_id": "1001"}, {"source": "sis", "source_id": "9"}]})
	got := acts(t.acase(a, [], [], []), t.single)
	not t.has(got, {"kind": "soft_delete"})
	t.has(got, {"kind": "unlink_source", "rule": "D1", "source": "las"})
}

test_d2_kind_from_the_record_when_the_account_has_none if {
	a := t.account({"kind": ""})
	"student" == data.syncaudit.lib.account_kind with input as t.acase(a, [t.las({"kind": "student", "groups": []})], [], []) with data.tenant as t.single
	"staff" == data.syncaudit.lib.account_kind with input as t.acase(t.account({}), [], [], []) with data.tenant as t.single
}
