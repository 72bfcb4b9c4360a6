# Package syncaudit.rules.exceptions holds the E rules: what an entry of the
# exception list (Importuitzonderingen) must carry (E1, E4), which entries are
# invalid (E2, E3), and the staleness a reviewer looks at (E5–E8, E10); E9 turns
# the decisions of a review (input.review) into actions.
package syncaudit.rules.exceptions

import data.syncaudit.lib

# Every rule about an account's entries tests `input.exceptions[0]` (the
# account has an entry) next to `input.case`. OPA's rule index skips a rule
# whose literal reference is undefined, so the 98 % of accounts without an entry
# never enter these rules; `some e in input.exceptions` alone is not indexed.

# entry_evidence(e) is the evidence every entry finding carries.
entry_evidence(e) := {
	"reason": e.reason,
	"added_by": e.added_by,
	"added_at": e.added_at,
	"reviewed_at": e.reviewed_at,
	"expires_at": e.expires_at,
	"line": format_int(line(e), 10),
}

# line(e) is the entry's line in target/exceptions (0 when not known).
line(e) := object.get(e, "line", 0)

# entry_finding(rule, severity, e, id, args) is a finding about entry e of
# the case's account, with message id and arguments (name, username and the
# entry's evidence are there for every message).
entry_finding(rule, severity, e, id, args) := {
	"rule": rule,
	"severity": severity,
	"account": e.account_id,
	"message_id": id,
	"args": object.union(lib.who, args),
	"evidence": entry_evidence(e),
}

# METADATA
# title: An entry records who added it and when
# description: >-
#   An entry names an account and a reason; it also records who added it and
#   when (choice), so its review clock (E5) can start. Reported (info) for an
#   entry without added_by or added_at.
# custom:
#   id: E1
#   severity: info
#   seed: 002_bbff84e606e01c2b.txt
findings contains f if {
	input.case == "account"
	input.exceptions[0] # has an entry (indexed)
	some e in input.exceptions
	missing := [k | some k in ["added_by", "added_at"]; e[k] == ""]
	count(missing) > 0
	lib.enabled("E1")
	f := entry_finding("E1", "info", e, concat(".", ["E1.missing", concat("_", missing)]), {})
}

# METADATA
# title: Only a source-managed account can be on the list
# description: >-
#   The exception list protects accounts against deletion by a source. An entry
#   for an account with no source link (a manual account, or one a source
#   deleted and a person restored) is invalid.
# custom:
#   id: E2
#   severity: deny
#   seed: 002_bbff84e606e01c2b.txt
findings contains f if {
	input.case == "account"
	input.exceptions[0] # has an entry (indexed)
	not lib.linked
	some e in input.exceptions
	lib.enabled("E2")
	f := entry_finding("E2", "deny", e, "E2.manual", {})
}

# METADATA
# title: An entry for a missing, soft-deleted or restored account
# description: >-
#   An entry leaves the list when the account is deleted from the target and
#   when a soft-deleted account is restored (D8). An entry for an account that
#   is missing from the target export, soft-deleted, or restored after the entry
#   was added is invalid.
# custom:
#   id: E3
#   severity: deny
#   seed: 002_bbff84e606e01c2b.txt
findings contains f if {
	input.case == "exception"
	e := input.exception
	lib.enabled("E3")
	f := {
		"rule": "E3",
		"severity": "deny",
		"account": e.account_id,
		"message_id": "E3.missing",
		"args": {"account": e.account_id},
		"evidence": entry_evidence(e),
	}
}

# E3, continued: the account is soft-deleted.
findings contains f if {
	input.case == "account"
	input.exceptions[0] # has an entry (indexed)
	input.account.status == "soft_deleted"
	some e in input.exceptions
	lib.enabled("E3")
	f := entry_finding("E3", "deny", e, "E3.soft_deleted", {"deleted_at": lib.none_or(input.account.deleted_at)})
}

# E3, continued: the account was restored after the entry was added.
findings contains f if {
	input.case == "account"
	input.exceptions[0] # has an entry (indexed)
	input.account.restored_at != ""
	some e in input.exceptions
	e.added_at != ""
	input.account.restored_at > e.added_at
	lib.enabled("E3")
	f := entry_finding("E3", "deny", e, "E3.restored", {"restored_at": input.account.restored_at})
}

# METADATA
# title: An entry without a reason
# description: >-
#   The reason is there for reference: it tells colleagues why the account is
#   protected. An entry without one is invalid.
# custom:
#   id: E4
#   severity: deny
#   seed: 002_bbff84e606e01c2b.txt
findings contains f if {
	input.case == "account"
	input.exceptions[0] # has an entry (indexed)
	some e in input.exceptions
	trim_space(e.reason) == ""
	lib.enabled("E4")
	f := entry_finding("E4", "deny", e, "E4.no_reason", {"added_at": lib.none_or(e.added_at), "added_by": lib.none_or(e.added_by)})
}

# METADATA
# title: An entry due for review
# description: >-
#   Check the list regularly. An entry not added or reviewed in the last
#   exception_review_days (default 90) days, or with neither date, is due for
#   review.
# custom:
#   id: E5
#   severity: warn
#   seed: 002_bbff84e606e01c2b.txt
findings contains f if {
	input.case == "account"
	input.exceptions[0] # has an entry (indexed)
	input.account.status == "active"
	some e in input.exceptions
	last := lib.later(e.added_at, e.reviewed_at)
	last != ""
	days := lib.days_since(last)
	days > lib.params.exception_review_days
	lib.enabled("E5")
	f := object.union(
		entry_finding("E5", "warn", e, "E5.due", {"last": last, "days": days, "review_days": lib.params.exception_review_days}),
		{"evidence": object.union(entry_evidence(e), {"days": format_int(days, 10)})},
	)
}

# E5, continued: an entry with neither date.
findings contains f if {
	input.case == "account"
	input.exceptions[0] # has an entry (indexed)
	input.account.status == "active"
	some e in input.exceptions
	e.added_at == ""
	e.reviewed_at == ""
	lib.enabled("E5")
	f := entry_finding("E5", "warn", e, "E5.undated", {})
}

# METADATA
# title: Protection in use - the evidence a reviewer needs
# description: >-
#   An entry whose account is absent keeps access alive that the sources would
#   end. Reported with the HR end date where one exists, the last login and the
#   days since the entry was added or reviewed: warn when the account has not
#   logged in for over inactive_login_days (default 60) days or never (likely
#   to be deleted at review), info otherwise.
# custom:
#   id: E6
#   severity: warn
#   seed: 002_bbff84e606e01c2b.txt
findings contains f if {
	input.case == "account"
	input.exceptions[0] # has an entry (indexed)
	input.account.status == "active"
	some e in input.exceptions
	lib.absent
	lib.enabled("E6")
	f := {
		"rule": "E6",
		"severity": e6_severity,
		"account": input.account.account_id,
		"message_id": e6_message,
		"args": object.union(lib.who, {
			"absence": lib.absence_phrases,
			"hr_end_date": lib.none_or(hr_end_date),
			"last_login": lib.none_or(input.account.last_login),
			"last": lib.none_or(lib.later(e.added_at, e.reviewed_at)),
			"inactive_login_days": lib.params.inactive_login_days,
		}),
		"evidence": object.union(entry_evidence(e), {
			"hr_end_date": hr_end_date,
			"last_login": input.account.last_login,
			"inactive_days": inactive_days_text,
		}),
	}
}

# hr_end_date is the latest end date of the account's HR records ("" when none).
hr_end_date := max(ends) if {
	ends := {r.end_date | some r in input.records; r.source == "hr"; r.end_date != ""}
	count(ends) > 0
} else := ""

# inactive: no login for over inactive_login_days days, or never.
inactive if input.account.last_login == ""

inactive if lib.days_since(input.account.last_login) > lib.params.inactive_login_days

e6_severity := "warn" if inactive

else := "info"

inactive_days_text := format_int(lib.days_since(input.account.last_login), 10) if input.account.last_login != ""

else := "never logged in"

e6_message := "E6.protected_inactive" if inactive

else := "E6.protected"

# METADATA
# title: An idle entry - the source offers the account again
# description: >-
#   An entry whose account a source offers again (M3) protects nothing today.
#   Reported so the reviewer can decide to keep or remove it.
# custom:
#   id: E7
#   severity: warn
#   seed: 002_bbff84e606e01c2b.txt
findings contains f if {
	input.case == "account"
	input.exceptions[0] # has an entry (indexed)
	input.account.status == "active"
	some e in input.exceptions
	count(lib.offered_records) > 0
	lib.enabled("E7")
	f := entry_finding("E7", "warn", e, "E7.idle", {"sources": [lib.source_phrase(x) | some x in sort(lib.offered_sources)]})
}

# METADATA
# title: Two entries for one account
# description: An account with more than one entry on the exception list is reported once.
# custom:
#   id: E8
#   severity: warn
#   seed: choice
findings contains f if {
	input.case == "tenant"
	some id, n in input.duplicate_exceptions
	n > 1
	lib.enabled("E8")
	f := {
		"rule": "E8",
		"severity": "warn",
		"account": id,
		"message_id": "E8.duplicate",
		"args": {"account": id, "entries": n},
		"evidence": {"entries": format_int(n, 10)},
	}
}

# METADATA
# title: A review decides per entry - keep, remove or delete the account
# description: >-
#   A review (input.review, from `syncaudit review import`) ends in a decision
#   per entry: keep with a reason (set_exception_reason, resets the review
#   clock, optionally a new expiry date), remove from the list
#   (remove_exception), or delete the account (delete_account, only where L5
#   lets the target own it, else L4 refuses). A keep without a reason is
#   reported.
# custom:
#   id: E9
#   severity: info
#   seed: 002_bbff84e606e01c2b.txt
actions contains a if {
	input.case == "account"
	input.review.decision == "keep"
	trim_space(object.get(input.review, "reason", "")) != ""
	may_keep
	lib.enabled("E9")
	a := lib.action(
		object.union(
			lib.account_action(
				"set_exception_reason", "", "E9", "",
				{"reason": input.review.reason, "reviewed_at": lib.run_date, "expires_at": object.get(input.review, "expires_at", "")},
			),
			{"field": "reason", "from": old_reason, "to": input.review.reason, "expires_at": object.get(input.review, "expires_at", ""), "message_id": "E9.keep", "args": lib.who},
		),
		"",
	)
}

# may_keep: only an active, source-managed account can stay on the list (E2, E3).
may_keep if {
	input.account.status == "active"
	lib.linked
}

# old_reason is the reason of the account's (first) entry, before the review.
old_reason := input.exceptions[0].reason if count(input.exceptions) > 0

else := ""

# E9, continued: remove the entry.
actions contains a if {
	input.case == "account"
	input.review.decision == "remove"
	lib.enabled("E9")
	a := lib.action(
		object.union(
			lib.account_action("remove_exception", "", "E9", "", {"decision": "remove"}),
			{"message_id": "E9.remove", "args": lib.who},
		),
		"",
	)
}

# E9, continued: remove an entry whose account is not in the target (E3): the
# review clears what should not exist.
actions contains a if {
	input.case == "exception"
	input.review.decision == "remove"
	lib.enabled("E9")
	a := lib.action(
		{
			"kind": "remove_exception", "account": input.exception.account_id, "school": "", "rule": "E9",
			"message_id": "E9.remove_missing", "args": {"account": input.exception.account_id},
			"evidence": {"decision": "remove", "account_missing": "true"},
		},
		"",
	)
}

# E9, continued: delete the account, where the target owns it (L5) or no source manages it.
actions contains a if {
	input.case == "account"
	input.review.decision == "delete"
	input.account.status == "active"
	may_delete
	lib.enabled("E9")
	a := lib.action(
		object.union(
			lib.account_action("delete_account", "", "E9", "", {"decision": "delete"}),
			{"message_id": "E9.delete", "args": object.union(lib.who, {"why": delete_why})},
		),
		"",
	)
}

may_delete if not lib.linked

may_delete if {
	lib.excepted
	lib.absent
}

delete_why := lib.phrase("E9.delete.manual") if not lib.linked

else := lib.phrase("E9.delete.owned")

# E9, continued: the decisions the rule book refuses, each a finding naming
# the rule that refuses it (evidence refused_by), so that review import reports
# them with the row they came from. (A delete of a source-managed account that
# a source still offers is L4's.)
findings contains f if {
	some id, by in review_refused
	f := {
		"rule": "E9",
		"severity": "warn",
		"account": review_account,
		"message_id": id,
		"args": {"account": review_account},
		"evidence": {"decision": input.review.decision, "refused_by": by},
	}
}

review_account := input.account.account_id if input.case == "account"

else := input.exception.account_id

review_refused["E9.keep_soft_deleted"] := "E3" if {
	input.case == "account"
	input.review.decision == "keep"
	input.account.status != "active"
	lib.enabled("E9")
}

review_refused["E9.keep_manual"] := "E2" if {
	input.case == "account"
	input.review.decision == "keep"
	input.account.status == "active"
	not lib.linked
	lib.enabled("E9")
}

review_refused["E9.delete_soft_deleted"] := "D7" if {
	input.case == "account"
	input.review.decision == "delete"
	input.account.status != "active"
	lib.enabled("E9")
}

review_refused["E9.keep_missing"] := "E3" if {
	input.case == "exception"
	input.review.decision == "keep"
	lib.enabled("E9")
}

review_refused["E9.delete_missing"] := "E3" if {
	input.case == "exception"
	input.review.decision == "delete"
	lib.enabled("E9")
}

# E9, continued: a keep without a reason (E4), of an account that may stay on the list.
findings contains f if {
	input.case == "account"
	input.review.decision == "keep"
	trim_space(object.get(input.review, "reason", "")) == ""
	may_keep
	lib.enabled("E9")
	f := {
		"rule": "E9",
		"severity": "warn",
		"account": input.account.account_id,
		"message_id": "E9.keep_without_reason",
		"args": lib.who,
		"evidence": {"decision": "keep", "refused_by": "E4"},
	}
}

# METADATA
# title: An expired entry
# description: >-
#   An entry may carry an expiry date. Past that date the entry is reported as
#   expired, so protection ends on purpose rather than by forgetting.
# custom:
#   id: E10
#   severity: warn
#   seed: choice
findings contains f if {
	input.case == "account"
	input.exceptions[0] # has an entry (indexed)
	input.account.status == "active"
	some e in input.exceptions
	e.expires_at != ""
	e.expires_at < lib.run_date
	lib.enabled("E10")
	f := entry_finding("E10", "warn", e, "E10.expired", {"days": lib.days_since(e.expires_at), "run_date": lib.run_date})
}
