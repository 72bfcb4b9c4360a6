package syncaudit.rules.locks_test

import data.syncaudit.rules.locks
import data.syncaudit.testing as t

acts(c, tn) := xs if {
	xs := locks.actions with input as c with data.tenant as tn
}

finds(c, tn) := xs if {
	xs := locks.findings with input as c with data.tenant as tn
}

two_links := t.account({"links": [{"source": "las", "source_id": "1001"}, {"source": "hr", "source_id": "E-42"}]})

# --- L1 -------------------------------------------------------------------

test_l1_lock_on_an_unknown_field if {
	tn := t.with_policy(t.board, {"locks": {"las": ["firstname"]}})
	got := finds(t.tcase({}, {}), tn)
	t.has(got, {"rule": "L1", "severity": "warn", "source": "las"})
}

test_l1_not_for_the_default_locks if {
	got := finds(t.tcase({}, {}), t.board)
	count(got) == 0
}

test_l1_locks_override_per_source_keeps_the_others if {
	# las locks no name prefix any more; hr keeps its default locks (email)
	tn := t.with_policy(t.board, {"locks": {"las": ["first_name", "last_name"]}})
	a := object.union(two_links, {"name_prefix": "van", "email": "old@delinde.nl"})
	got := acts(t.acase(a, [t.las({}), t.hr({"name_prefix": "van"})], [], []), tn)
	t.has(got, {"kind": "update", "field": "email", "source": "hr"})
	not t.has(got, {"field": "name_prefix"})
}

# --- L2 -------------------------------------------------------------------

test_l2_locked_field_drift_is_overwritten if {
	a := t.account({"last_name": "Jansen"})
	got := acts(t.acase(a, [t.las({"last_name": "Janssen"})], [], []), t.board)
	t.has(got, {"kind": "update", "rule": "L2", "field": "last_name", "from": "Jansen", "to": "Janssen", "source": "las", "state": "planned"})
}

test_l2_drift_is_a_finding_too if {
	a := t.account({"last_name": "Jansen"})
	got := finds(t.acase(a, [t.las({"last_name": "Janssen"})], [], []), t.board)
	t.has(got, {"rule": "L2", "severity": "info", "message_id": "L2.drift", "source": "las", "evidence": {"field": "last_name", "target_value": "Jansen", "source_value": "Janssen", "source": "las", "source_id": "1001"}})
}

test_l2_no_finding_when_equal if {
	got := finds(t.acase(t.account({}), [t.las({})], [], []), t.board)
	not t.has(got, {"rule": "L2"})
}

test_l2_no_finding_when_switched_off if {
	a := t.account({"last_name": "Jansen"})
	tn := t.with_policy(t.board, {"disabled_rules": ["L2"]})
	not t.has(finds(t.acase(a, [t.las({"last_name": "Janssen"})], [], []), tn), {"rule": "L2"})
}

test_l2_not_when_equal if {
	got := acts(t.acase(t.account({}), [t.las({})], [], []), t.board)
	count(got) == 0
}

test_l2_not_for_an_unlocked_field if {
	# the LAS does not lock the e-mail address
	got := acts(t.acase(t.account({"email": "other@delinde.nl"}), [t.las({"email": "jan@delinde.nl"})], [], []), t.board)
	count(got) == 0
}

test_l2_email_compares_without_case if {
	got := acts(t.acase(two_links, [t.las({}), t.hr({"email": "Jan.Jansen@DeLinde.nl"})], [], []), t.board)
	count(got) == 0
}

test_l2_empty_source_email_gives_none if {
	got := acts(t.acase(two_links, [t.las({}), t.hr({"email": ""})], [], []), t.board)
	count(got) == 0
}

test_l2_hr_leads_by_default if {
	a := object.union(two_links, {"last_name": "Jansen"})
	got := acts(t.acase(a, [t.las({"last_name": "Janssen"}), t.hr({"last_name": "Jansma"})], [], []), t.board)
	t.has(got, {"kind": "update", "field": "last_name", "to": "Jansma", "source": "hr"})
	not t.has(got, {"to": "Janssen"})
}

test_l2_precedence_from_tenant_policy if {
	tn := t.with_policy(t.board, {"precedence": ["las", "hr"]})
	a := object.union(two_links, {"last_name": "Jansen"})
	got := acts(t.acase(a, [t.las({"last_name": "Janssen"}), t.hr({"last_name": "Jansma"})], [], []), tn)
	t.has(got, {"kind": "update", "field": "last_name", "to": "Janssen", "source": "las"})
	not t.has(got, {"to": "Jansma"})
}

test_l2_not_for_a_soft_deleted_account if {
	a := t.account({"status": "soft_deleted", "deleted_at": "2026-11-01", "last_name": "X"})
	got := acts(t.acase(a, [t.las({})], [], []), t.board)
	count(got) == 0
}

test_l2_skipped_by_master_switch if {
	tn := t.with_sync(t.board, "12AB", {"automatic": false})
	got := acts(t.acase(t.account({"first_name": "J."}), [t.las({})], [], []), tn)
	t.has(got, {"kind": "update", "rule": "L2", "state": "skipped", "skipped_by": "V1"})
}

test_l2_after_m3_names_the_returning_locks if {
	got := acts(t.acase(t.account({"first_name": "J."}), [t.las({})], [t.entry({})], []), t.board)
	some x in got
	x.rule == "L2"
	x.args.cause == {"id": "lib.update.locks_return"}
}

# --- L3 -------------------------------------------------------------------

test_l3_sources_disagree if {
	got := finds(t.acase(two_links, [t.las({"last_name": "Janssen"}), t.hr({})], [], []), t.board)
	some f in got
	f.rule == "L3"
	f.source == "las"
	f.evidence.winner == "hr"
	f.evidence.winner == "hr"
}

test_l3_not_when_sources_agree if {
	got := finds(t.acase(two_links, [t.las({}), t.hr({})], [], []), t.board)
	count(got) == 0
}

test_l3_winner_follows_precedence if {
	tn := t.with_policy(t.board, {"precedence": ["las", "hr"]})
	got := finds(t.acase(two_links, [t.las({"last_name": "Janssen"}), t.hr({})], [], []), tn)
	some f in got
	f.rule == "L3"
	f.evidence.winner == "las"
	f.source == "hr"
}

# --- L4 -------------------------------------------------------------------

with_review(c, decision) := object.union(c, {"review": {"decision": decision, "reason": ""}})

test_l4_hand_deletion_of_source_managed_account if {
	c := with_review(t.acase(t.account({}), [t.las({})], [t.entry({})], []), "delete")
	got := finds(c, t.board)
	t.has(got, {"rule": "L4", "severity": "deny", "account": "A1"})
}

test_l4_not_when_the_target_owns_it if {
	c := with_review(t.acase(t.account({}), [], [t.entry({})], []), "delete")
	got := finds(c, t.board)
	not t.has(got, {"rule": "L4"})
}

test_l4_not_without_a_delete_decision if {
	c := with_review(t.acase(t.account({}), [t.las({})], [t.entry({})], []), "keep")
	got := finds(c, t.board)
	not t.has(got, {"rule": "L4"})
}

# --- L5 -------------------------------------------------------------------

test_l5_target_owns_absent_excepted_account if {
	got := finds(t.acase(t.account({}), [], [t.entry({})], []), t.board)
	t.has(got, {"rule": "L5", "severity": "info", "account": "A1"})
}

test_l5_not_when_offered if {
	got := finds(t.acase(t.account({}), [t.las({})], [t.entry({})], []), t.board)
	not t.has(got, {"rule": "L5"})
}

test_l5_not_without_an_entry if {
	got := finds(t.acase(t.account({}), [], [], []), t.board)
	count(got) == 0
}

# --- L6 -------------------------------------------------------------------

test_l6_mass_update if {
	got := finds(t.tcase({"updated_accounts": 46, "linked_accounts": 90}, {}), t.board)
	t.has(got, {"rule": "L6", "severity": "deny", "account": ""})
}

test_l6_not_at_half if {
	got := finds(t.tcase({"updated_accounts": 45, "linked_accounts": 90}, {}), t.board)
	not t.has(got, {"rule": "L6"})
}

test_l6_not_below_min_count if {
	got := finds(t.tcase({"updated_accounts": 19, "linked_accounts": 20}, {}), t.board)
	not t.has(got, {"rule": "L6"})
}

# A small HR export with swapped columns beside a large LAS: 29 of 36 HR
# accounts rewritten is 81 % of HR, 20 % of all linked accounts.
swapped_hr := {"updated_accounts": 29, "linked_accounts": 145, "sources": {
	"las": {"records": 120, "eligible": 118, "linked_accounts": 120, "updated_accounts": 0},
	"hr": {"records": 36, "eligible": 36, "linked_accounts": 36, "updated_accounts": 29},
}}

test_l6_per_source if {
	got := finds(t.tcase(swapped_hr, {}), t.board)
	t.has(got, {"rule": "L6", "severity": "deny", "source": "hr", "message_id": "L6.source"})
	not t.has(got, {"rule": "L6", "source": "las"})
	not t.has(got, {"rule": "L6", "source": ""}) # 20 % of all: not tenant-wide
}

test_l6_per_source_not_at_half if {
	c := object.union(swapped_hr, {"sources": {"hr": {"updated_accounts": 18}}})
	not t.has(finds(t.tcase(c, {}), t.board), {"rule": "L6"})
}

test_l6_per_source_not_below_min_count if {
	c := object.union(swapped_hr, {"sources": {"hr": {"linked_accounts": 19, "updated_accounts": 19}}})
	not t.has(finds(t.tcase(c, {}), t.board), {"rule": "L6"})
}

test_l6_limits_from_tenant_policy if {
	tn := t.with_policy(t.board, {"mass_update": {"max_percent": 20}})
	got := finds(t.tcase({"updated_accounts": 20, "linked_accounts": 90}, {}), tn)
	t.has(got, {"rule": "L6"})
}

# --- M5 holds the sync's actions -------------------------------------------

# twinned(c, others) is account case c whose las:1001 link the accounts others carry too (M5).
twinned(c, link, others) := object.union(c, {"same_link": [{"link": link, "accounts": others}], "same_username": []})

twin_of(id, username, status) := {"account_id": id, "username": username, "status": status, "first_name": "Jan", "name_prefix": "", "last_name": "Jansen"}

las1001 := {"source": "las", "source_id": "1001"}

# A drifted last name gives an update; with a twin on the link it is held back.
drifted := t.acase(t.account({"last_name": "Jansen"}), [t.las({"last_name": "Janssen"})], [], [])

test_m5_holds_the_sync_actions_of_every_account_of_the_group if {
	t.has(acts(drifted, t.board), {"kind": "update", "field": "last_name", "state": "planned"})
	held := acts(twinned(drifted, las1001, [twin_of("A7", "j.jansen@delinde.nl", "active")]), t.board)
	t.has(held, {"kind": "update", "field": "last_name", "state": "skipped", "skipped_by": "M5"})
	not t.has(held, {"kind": "update", "state": "planned"})
	other := acts(twinned(t.acase(t.account({"account_id": "A7", "last_name": "Jansen"}), [t.las({"last_name": "Janssen"})], [], []), las1001, [twin_of("A1", "jan.jansen@delinde.nl", "active")]), t.board)
	t.has(other, {"kind": "update", "account": "A7", "state": "skipped", "skipped_by": "M5"})
}

test_m5_switched_off_holds_nothing if {
	c := twinned(drifted, las1001, [twin_of("A7", "j@delinde.nl", "active")])
	t.has(acts(c, t.with_policy(t.board, {"disabled_rules": ["M5"]})), {"kind": "update", "field": "last_name", "state": "planned"})
}
