# Package syncaudit.rules.exceptions holds the E rules: what an entry of the
# exception list (Importuitzonderingen) must carry (E1, E4), which entries are
# invalid (E2, E3), and the staleness a reviewer looks at (E5–E8, E10); E9 turns
# the decisions of a review (input.review) into actions.
package syncaudit.rules.exceptions

import data.syncaudit.lib

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

# who(a) names an account in messages.
who(a) := sprintf("%s (%s)", [lib.full_name(a), a.username])

# entry_finding(rule, severity, e, message, fix) is a finding about entry e of the case's account.
entry_finding(rule, severity, e, message, fix) := {
	"rule": rule,
	"severity": severity,
	"account": e.account_id,
	"message": message,
	"fix": fix,
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
	some e in input.exceptions
	missing := [k | some k in ["added_by", "added_at"]; e[k] == ""]
	count(missing) > 0
	lib.enabled("E1")
	f := entry_finding(
		"E1", "info", e, sprintf(
			"the exception entry for %s (line %d) does not say %s",
			[who(input.account), line(e), concat(" or ", [{"added_by": "who added it", "added_at": "when it was added"}[k] | some k in missing])],
		),
		"Record who added the entry and when (at the next review), so the list can be checked.",
	)
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
	not lib.linked
	some e in input.exceptions
	lib.enabled("E2")
	f := entry_finding(
		"E2", "deny", e, sprintf(
			"%s is on the exception list (line %d) but has no source link: only a source-managed account can be on the list",
			[who(input.account), line(e)],
		),
		"Remove the entry: a manual account is never deleted by a source, so it needs no protection.",
	)
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
	f := entry_finding(
		"E3", "deny", e, sprintf(
			"the exception entry on line %d names account %s, which is not in the target export",
			[line(e), e.account_id],
		),
		"Remove the entry: the account was deleted from the target, so the entry should have left the list.",
	)
}

# E3, continued: the account is soft-deleted.
findings contains f if {
	input.case == "account"
	lib.soft_deleted
	some e in input.exceptions
	lib.enabled("E3")
	f := entry_finding(
		"E3", "deny", e, sprintf(
			"%s is on the exception list (line %d) but soft-deleted on %s",
			[who(input.account), line(e), lib.or_none(input.account.deleted_at)],
		),
		"Remove the entry, or restore the account if the person still needs it (a restored account is not on the list; see D8).",
	)
}

# E3, continued: the account was restored after the entry was added.
findings contains f if {
	input.case == "account"
	input.account.restored_at != ""
	some e in input.exceptions
	e.added_at != ""
	input.account.restored_at > e.added_at
	lib.enabled("E3")
	f := entry_finding(
		"E3", "deny", e, sprintf(
			"%s was restored on %s, after its exception entry was added on %s (line %d): a restore takes the account off the list",
			[who(input.account), input.account.restored_at, e.added_at, line(e)],
		),
		"Remove the entry; add the account again only if it has a source link and still needs protection.",
	)
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
	some e in input.exceptions
	trim_space(e.reason) == ""
	lib.enabled("E4")
	f := entry_finding(
		"E4", "deny", e, sprintf(
			"the exception entry for %s (line %d, added %s by %s) has no reason",
			[who(input.account), line(e), lib.or_none(e.added_at), lib.or_none(e.added_by)],
		),
		"Write down why the account is protected, or remove the entry if nobody knows.",
	)
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
	lib.active
	some e in input.exceptions
	last := lib.later(e.added_at, e.reviewed_at)
	last != ""
	days := lib.days_since(last)
	days > lib.params.exception_review_days
	lib.enabled("E5")
	f := object.union(
		entry_finding(
			"E5", "warn", e, sprintf(
				"the exception entry for %s (line %d, reason %q) was last added or reviewed on %s, %d days ago (review every %d days)",
				[who(input.account), line(e), e.reason, last, days, lib.params.exception_review_days],
			),
			"Review the entry: keep it with a current reason, remove it, or delete the account if the person has left.",
		),
		{"evidence": object.union(entry_evidence(e), {"days": format_int(days, 10)})},
	)
}

# E5, continued: an entry with neither date.
findings contains f if {
	input.case == "account"
	lib.active
	some e in input.exceptions
	e.added_at == ""
	e.reviewed_at == ""
	lib.enabled("E5")
	f := entry_finding(
		"E5", "warn", e, sprintf(
			"the exception entry for %s (line %d, reason %q) has never been dated: no one can tell when it was last reviewed",
			[who(input.account), line(e), e.reason],
		),
		"Review the entry now and record the review date.",
	)
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
	lib.active
	lib.absent
	some e in input.exceptions
	lib.enabled("E6")
	f := {
		"rule": "E6",
		"severity": e6_severity,
		"account": input.account.account_id,
		"message": sprintf(
			"%s is protected by the exception list (reason %q) while no source offers it (%s); HR end date %s, last login %s, entry last added or reviewed %s%s",
			[who(input.account), e.reason, lib.absence_words, lib.or_none(hr_end_date), lib.or_none(input.account.last_login), lib.or_none(lib.later(e.added_at, e.reviewed_at)), inactive_words],
		),
		"fix": "Review the entry: keep it with a reason if the person still works here, otherwise remove it so the sync deletes the account.",
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

inactive_words := sprintf("; no login for over %d days: likely to be deleted at review", [lib.params.inactive_login_days]) if inactive

else := ""

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
	lib.active
	count(lib.offered_records) > 0
	some e in input.exceptions
	lib.enabled("E7")
	f := entry_finding(
		"E7", "warn", e, sprintf(
			"%s is on the exception list (line %d, reason %q) but offered by %s: the entry protects nothing today",
			[who(input.account), line(e), e.reason, lib.joined(lib.offered_sources)],
		),
		"Remove the entry unless the person is expected to drop out of the source again soon (then keep it with that reason).",
	)
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
		"message": sprintf("account %s has %d entries on the exception list", [id, n]),
		"fix": "Keep one entry (with the current reason) and remove the others.",
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
	lib.enabled("E9")
	a := lib.action(
		object.union(
			lib.account_action(
				"set_exception_reason", "", "E9", sprintf(
					"the review keeps %s on the exception list with reason %q (reviewed %s)",
					[who(input.account), input.review.reason, lib.run_date],
				),
				{"reason": input.review.reason, "reviewed_at": lib.run_date, "expires_at": object.get(input.review, "expires_at", "")},
			),
			{"expires_at": object.get(input.review, "expires_at", "")},
		),
		"",
	)
}

# E9, continued: remove the entry.
actions contains a if {
	input.case == "account"
	input.review.decision == "remove"
	lib.enabled("E9")
	a := lib.action(
		lib.account_action(
			"remove_exception", "", "E9", sprintf(
				"the review removes %s from the exception list: from the next sync the sources decide again",
				[who(input.account)],
			),
			{"decision": "remove"},
		),
		"",
	)
}

# E9, continued: delete the account, where the target owns it (L5) or no source manages it.
actions contains a if {
	input.case == "account"
	input.review.decision == "delete"
	may_delete
	lib.enabled("E9")
	a := lib.action(
		lib.account_action(
			"delete_account", "", "E9", sprintf(
				"the review deletes %s: %s",
				[who(input.account), delete_why],
			),
			{"decision": "delete"},
		),
		"",
	)
}

may_delete if not lib.linked

may_delete if {
	lib.excepted
	lib.absent
}

delete_why := "no source manages it" if not lib.linked

else := "it is on the exception list and no source offers it, so the target owns it (L5)"

# E9, continued: a keep without a reason.
findings contains f if {
	input.case == "account"
	input.review.decision == "keep"
	trim_space(object.get(input.review, "reason", "")) == ""
	lib.enabled("E9")
	f := {
		"rule": "E9",
		"severity": "warn",
		"account": input.account.account_id,
		"message": sprintf("the review keeps %s on the exception list without a reason", [who(input.account)]),
		"fix": "Give the reason for keeping the entry in the review workbook and import it again.",
		"evidence": {"decision": "keep"},
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
	lib.active
	some e in input.exceptions
	e.expires_at != ""
	e.expires_at < lib.run_date
	lib.enabled("E10")
	f := entry_finding(
		"E10", "warn", e, sprintf(
			"the exception entry for %s (line %d, reason %q) expired on %s, %d days before %s",
			[who(input.account), line(e), e.reason, e.expires_at, lib.days_since(e.expires_at), lib.run_date],
		),
		"Remove the entry, or keep it at a review with a new expiry date and a current reason.",
	)
}
