package syncaudit.rules.exceptions_test

import data.syncaudit.rules.exceptions
import data.syncaudit.testing as t

acts(c, tn) := xs if {
	xs := exceptions.actions with input as c with data.tenant as tn
}

finds(c, tn) := xs if {
	xs := exceptions.findings with input as c with data.tenant as tn
}

# absent(e) is an absent account protected by entry e (protection in use).
absent(e) := t.acase(t.account({}), [], [e], [])

# offered(e) is an offered account on the list.
offered(e) := t.acase(t.account({}), [t.las({})], [e], [])

# --- E1 -------------------------------------------------------------------

test_e1_entry_without_who_or_when if {
	got := finds(offered(t.entry({"added_by": "", "added_at": ""})), t.board)
	some f in got
	f.rule == "E1"
	f.severity == "info"
	f.message_id == "E1.missing.added_by_added_at"
}

test_e1_not_for_a_complete_entry if {
	got := finds(offered(t.entry({})), t.board)
	not t.has(got, {"rule": "E1"})
}

# --- E2 -------------------------------------------------------------------

test_e2_entry_for_a_manual_account if {
	c := t.acase(t.account({"links": []}), [], [t.entry({})], [])
	t.has(finds(c, t.board), {"rule": "E2", "severity": "deny", "account": "A1"})
}

test_e2_not_for_a_linked_account if {
	not t.has(finds(absent(t.entry({})), t.board), {"rule": "E2"})
}

# --- E3 -------------------------------------------------------------------

test_e3_entry_for_a_missing_account if {
	got := finds({"case": "exception", "exception": t.entry({"account_id": "A99", "line": 7})}, t.board)
	some f in got
	f.rule == "E3"
	f.severity == "deny"
	f.account == "A99"
	f.message_id == "E3.missing"
	f.evidence.line == "7"
}

test_e3_entry_for_a_soft_deleted_account if {
	c := t.acase(t.account({"status": "soft_deleted", "deleted_at": "2026-11-01"}), [], [t.entry({})], [])
	t.has(finds(c, t.board), {"rule": "E3", "severity": "deny"})
}

test_e3_entry_older_than_the_restore if {
	c := t.acase(t.account({"restored_at": "2026-11-01"}), [t.las({})], [t.entry({"added_at": "2026-10-01"})], [])
	t.has(finds(c, t.board), {"rule": "E3"})
}

test_e3_not_for_an_entry_added_after_the_restore if {
	c := t.acase(t.account({"restored_at": "2026-09-01"}), [t.las({})], [t.entry({"added_at": "2026-10-01"})], [])
	not t.has(finds(c, t.board), {"rule": "E3"})
}

test_e3_not_for_an_active_account if {
	not t.has(finds(absent(t.entry({})), t.board), {"rule": "E3"})
}

# --- E4 -------------------------------------------------------------------

test_e4_entry_without_reason if {
	t.has(finds(absent(t.entry({"reason": "  "})), t.board), {"rule": "E4", "severity": "deny"})
}

test_e4_not_with_a_reason if {
	not t.has(finds(absent(t.entry({})), t.board), {"rule": "E4"})
}

# --- E5 -------------------------------------------------------------------

test_e5_due_for_review if {
	got := finds(offered(t.entry({"added_at": "2026-08-01"})), t.board)
	some f in got
	f.rule == "E5"
	f.severity == "warn"
	f.evidence.days == "114"
}

test_e5_review_resets_the_clock if {
	got := finds(offered(t.entry({"added_at": "2025-01-01", "reviewed_at": "2026-11-01"})), t.board)
	not t.has(got, {"rule": "E5"})
}

test_e5_never_dated if {
	got := finds(offered(t.entry({"added_at": "", "reviewed_at": ""})), t.board)
	t.has(got, {"rule": "E5", "severity": "warn"})
}

test_e5_review_days_from_tenant_policy if {
	tn := t.with_policy(t.board, {"exception_review_days": 30})
	t.has(finds(offered(t.entry({"added_at": "2026-10-01"})), tn), {"rule": "E5"})
	not t.has(finds(offered(t.entry({"added_at": "2026-10-01"})), t.board), {"rule": "E5"})
}

# --- E6 -------------------------------------------------------------------

test_e6_protection_in_use_recent_login_is_info if {
	got := finds(absent(t.entry({})), t.board)
	some f in got
	f.rule == "E6"
	f.severity == "info"
	f.evidence.last_login == "2026-11-20"
}

test_e6_protected_and_inactive_is_warn if {
	c := t.acase(t.account({"last_login": "2026-08-01"}), [t.hr({"end_date": "2026-07-31"})], [t.entry({})], [])
	tn := object.union(t.board, {"sources": ["las", "hr"]})
	got := finds(object.union(c, {"account": {"links": [{"source": "hr", "source_id": "E-42"}]}}), tn)
	some f in got
	f.rule == "E6"
	f.severity == "warn"
	f.evidence.hr_end_date == "2026-07-31"
	f.evidence.inactive_days == "114"
	f.message_id == "E6.protected_inactive"
	f.args.hr_end_date == "2026-07-31"
}

test_e6_never_logged_in_is_warn if {
	c := t.acase(t.account({"last_login": ""}), [], [t.entry({})], [])
	t.has(finds(c, t.board), {"rule": "E6", "severity": "warn"})
}

test_e6_inactive_days_from_tenant_policy if {
	tn := t.with_policy(t.board, {"inactive_login_days": 2})
	t.has(finds(absent(t.entry({})), tn), {"rule": "E6", "severity": "warn"})
}

test_e6_not_when_offered if {
	not t.has(finds(offered(t.entry({})), t.board), {"rule": "E6"})
}

# --- E7 -------------------------------------------------------------------

test_e7_idle_entry if {
	t.has(finds(offered(t.entry({})), t.board), {"rule": "E7", "severity": "warn"})
}

test_e7_not_while_protecting if {
	not t.has(finds(absent(t.entry({})), t.board), {"rule": "E7"})
}

# --- E8 -------------------------------------------------------------------

test_e8_duplicate_entries if {
	got := finds(t.tcase({}, {"A17": 2}), t.board)
	t.has(got, {"rule": "E8", "severity": "warn", "account": "A17"})
}

test_e8_not_without_duplicates if {
	count(finds(t.tcase({}, {}), t.board)) == 0
}

# --- E9 -------------------------------------------------------------------

review(c, r) := object.union(c, {"review": r})

test_e9_keep_with_a_reason if {
	got := acts(review(offered(t.entry({})), {"decision": "keep", "reason": "invalpool", "expires_at": "2027-06-30"}), t.board)
	t.has(got, {"kind": "set_exception_reason", "rule": "E9", "expires_at": "2027-06-30", "state": "planned"})
}

test_e9_keep_without_a_reason if {
	c := review(offered(t.entry({})), {"decision": "keep", "reason": ""})
	count(acts(c, t.board)) == 0
	t.has(finds(c, t.board), {"rule": "E9", "severity": "warn"})
}

test_e9_remove if {
	got := acts(review(offered(t.entry({})), {"decision": "remove"}), t.board)
	t.has(got, {"kind": "remove_exception", "rule": "E9"})
}

test_e9_delete_where_the_target_owns_it if {
	got := acts(review(absent(t.entry({})), {"decision": "delete"}), t.board)
	t.has(got, {"kind": "delete_account", "rule": "E9", "account": "A1"})
}

test_e9_no_delete_of_an_offered_account if {
	got := acts(review(offered(t.entry({})), {"decision": "delete"}), t.board)
	count(got) == 0
}

test_e9_keep_names_the_old_and_new_reason if {
	got := acts(review(offered(t.entry({"reason": "ziek"})), {"decision": "keep", "reason": "langdurig ziek"}), t.board)
	t.has(got, {"kind": "set_exception_reason", "field": "reason", "from": "ziek", "to": "langdurig ziek"})
}

test_e9_keep_a_manual_account_is_refused if {
	c := review(t.acase(t.account({"links": []}), [], [t.entry({})], []), {"decision": "keep", "reason": "x"})
	count(acts(c, t.board)) == 0
	t.has(finds(c, t.board), {"rule": "E9", "severity": "warn", "message_id": "E9.keep_manual", "evidence": {"decision": "keep", "refused_by": "E2"}})
}

test_e9_keep_a_soft_deleted_account_is_refused if {
	c := review(t.acase(t.account({"status": "soft_deleted", "deleted_at": "2026-09-01"}), [], [t.entry({})], []), {"decision": "keep", "reason": "x"})
	count(acts(c, t.board)) == 0
	t.has(finds(c, t.board), {"rule": "E9", "message_id": "E9.keep_soft_deleted", "evidence": {"decision": "keep", "refused_by": "E3"}})
}

test_e9_delete_a_soft_deleted_account_is_refused if {
	c := review(t.acase(t.account({"status": "soft_deleted", "deleted_at": "2026-09-01"}), [], [t.entry({})], []), {"decision": "delete"})
	not t.has(acts(c, t.board), {"kind": "delete_account"})
	t.has(finds(c, t.board), {"rule": "E9", "message_id": "E9.delete_soft_deleted", "evidence": {"decision": "delete", "refused_by": "D7"}})
}

test_e9_no_refusal_of_a_valid_keep if {
	c := review(offered(t.entry({})), {"decision": "keep", "reason": "invalpool"})
	not t.has(finds(c, t.board), {"rule": "E9"})
}

# An entry whose account is gone from the target (E3): remove clears it,
# keep and delete are refused.
missing(r) := {"case": "exception", "exception": t.entry({"account_id": "A1877", "line": 7}), "review": r}

test_e9_remove_an_entry_whose_account_is_gone if {
	got := acts(missing({"decision": "remove"}), t.board)
	t.has(got, {"kind": "remove_exception", "rule": "E9", "account": "A1877", "message_id": "E9.remove_missing", "state": "planned"})
}

test_e9_keep_or_delete_an_entry_whose_account_is_gone if {
	count(acts(missing({"decision": "keep", "reason": "x"}), t.board)) == 0
	t.has(finds(missing({"decision": "keep", "reason": "x"}), t.board), {"rule": "E9", "message_id": "E9.keep_missing", "account": "A1877"})
	count(acts(missing({"decision": "delete"}), t.board)) == 0
	t.has(finds(missing({"decision": "delete"}), t.board), {"rule": "E9", "message_id": "E9.delete_missing", "account": "A1877"})
}

test_e9_nothing_for_a_gone_account_without_a_review if {
	c := {"case": "exception", "exception": t.entry({"account_id": "A1877", "line": 7})}
	count(acts(c, t.board)) == 0
	not t.has(finds(c, t.board), {"rule": "E9"})
}

test_e9_nothing_without_a_review if {
	count(acts(offered(t.entry({})), t.board)) == 0
}

# --- E10 ------------------------------------------------------------------

test_e10_expired_entry if {
	got := finds(absent(t.entry({"expires_at": "2026-11-01"})), t.board)
	some f in got
	f.rule == "E10"
	f.message_id == "E10.expired"
	f.args.days == 22
}

test_e10_not_before_expiry if {
	not t.has(finds(absent(t.entry({"expires_at": "2026-11-23"})), t.board), {"rule": "E10"})
	not t.has(finds(absent(t.entry({})), t.board), {"rule": "E10"})
}

test_e9_delete_a_manual_account if {
	c := t.acase(t.account({"links": []}), [], [t.entry({})], [])
	got := acts(review(c, {"decision": "delete"}), t.board)
	some x in got
	x.kind == "delete_account"
	x.message_id == "E9.delete"
	x.args.why == {"id": "E9.delete.manual"}
}
