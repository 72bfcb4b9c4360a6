# Package syncaudit.rules.deletion holds the D rules: what the next sync does to
# an account that a source no longer offers, per tenant structure (D1–D5), the
# licences freed by a soft delete (D6), purge candidates (D7), restored accounts
# (D8), the guards that refuse a whole run (D9, D10) and soft-deleted accounts
# offered again (D11).
package syncaudit.rules.deletion

import data.syncaudit.lib

# ---------------------------------------------------------------------------
# Helpers of this family
# ---------------------------------------------------------------------------

# deleting: an active, source-managed account that no source offers and that
# the exception list does not protect. D2–D4 soft-delete it.
deleting if {
	input.account.status == "active"
	lib.absent
	not lib.excepted
}

# protected: the same, but on the exception list (D5).
protected if {
	input.account.status == "active"
	lib.absent
	lib.excepted
}

# delete_rule names the soft-delete rule of the tenant's structure.
delete_rule := {"single_school": "D2", "board": "D3", "multi_domain": "D4"}

# delete_school is where the soft delete happens: the school of a single-school
# account, "" (the board) on a board, the last school on a multi-domain tenant.
delete_school := min(input.account.schools) if {
	data.tenant.structure == "single_school"
	count(input.account.schools) > 0
} else := "" if {
	lib.structure != "multi_domain"
} else := lib.last_school

# delete_hold is the switch that holds the soft delete back ("" when none):
# V1 at the school of the delete, or at any of the account's schools for a
# delete at the board.
delete_hold := lib.hold([delete_school], lib.account_sources, lib.account_kind) if delete_school != ""

else := lib.hold(input.account.schools, lib.account_sources, lib.account_kind)

# soft_delete(rule) is the soft_delete action of rule D2, D3 or D4.
soft_delete(rule) := lib.action(
	lib.account_action(
		"soft_delete", delete_school, rule, sprintf(
			"%s (%s) is absent from every source: %s; it moves to deleted users and can no longer log in",
			[lib.full_name(input.account), input.account.username, lib.absence_words],
		),
		{"links": lib.links_words, "structure": lib.structure, "username": input.account.username},
	),
	delete_hold,
)

# unlink_school(s, rule, why) is the unlink_school action at school s.
unlink_school(s, rule, why) := lib.action(
	lib.account_action(
		"unlink_school", s, rule, sprintf(
			"%s (%s) loses its relation with school %s: %s",
			[lib.full_name(input.account), input.account.username, s, why],
		),
		{"school": s, "offered_at": lib.joined(lib.offered_schools), "structure": lib.structure},
	),
	lib.hold([s], lib.account_sources, lib.account_kind),
)

# not_offered_schools are the account's schools where no source offers it any more.
not_offered_schools contains s if {
	lib.checkable
	some s in input.account.schools
	not lib.offered_schools[s]
}

# METADATA
# title: A link the source no longer offers is removed
# description: >-
#   An active account that is still offered by some source, but one of whose
#   links has no eligible record any more (the record is gone from the export or
#   fails S2/S3), loses that link (unlink_source). A source without an export in
#   the snapshot is never judged (S1). An account absent from every source keeps
#   its links and is handled by D2–D5.
# custom:
#   id: D1
#   severity: info
#   seed: 001_6a3032766e23bdfa.txt
actions contains a if {
	input.case == "account"
	input.account.status == "active"
	lib.present
	some l in input.account.links
	l.source in data.tenant.sources
	not lib.offered_link(l)
	lib.enabled("D1")
	a := lib.action(
		object.union(
			lib.account_action(
				"unlink_source", "", "D1", sprintf(
					"%s no longer offers %s (%s): %s; the account stays, offered by %s",
					[l.source, lib.full_name(input.account), lib.link_text(l), lib.why_not_offered(l), lib.joined(lib.offered_sources)],
				),
				{"source": l.source, "source_id": l.source_id, "why": lib.why_not_offered(l)},
			),
			{"source": l.source, "source_id": l.source_id},
		),
		lib.hold(input.account.schools, {l.source}, lib.account_kind),
	)
}

# METADATA
# title: Single school - an absent account is soft-deleted
# description: >-
#   On a single-school tenant (eenpitter) an active, source-managed account that
#   no source offers any more, and that is not on the exception list, is
#   soft-deleted at its school.
# custom:
#   id: D2
#   severity: info
#   seed: 001_6a3032766e23bdfa.txt
actions contains a if {
	input.case == "account"
	data.tenant.structure == "single_school"
	deleting
	lib.enabled("D2")
	a := soft_delete("D2")
}

# METADATA
# title: Board - unlinked from schools that no longer offer it, soft-deleted when absent everywhere
# description: >-
#   On a board tenant an account still offered somewhere is unlinked from each
#   school that no longer offers it (unlink_school) and keeps its board account;
#   an account absent from every source, and not on the exception list, is
#   soft-deleted at the board (school empty).
# custom:
#   id: D3
#   severity: info
#   seed: 001_6a3032766e23bdfa.txt
actions contains a if {
	input.case == "account"
	data.tenant.structure == "board"
	input.account.status == "active"
	lib.present
	some s in not_offered_schools
	lib.enabled("D3")
	a := unlink_school(s, "D3", sprintf("no source offers it there any more; the board account stays, offered at %s", [lib.joined(lib.offered_schools)]))
}

# D3, continued: absent from every source.
actions contains a if {
	input.case == "account"
	data.tenant.structure == "board"
	deleting
	lib.enabled("D3")
	a := soft_delete("D3")
}

# METADATA
# title: Multi-domain - removed at schools that no longer offer it, soft-deleted at the last
# description: >-
#   On a multi-domain tenant an account is removed at each school that no
#   longer offers it (unlink_school). When no school offers it any more (and it
#   is not on the exception list), it is removed at every school but its last
#   (the lexically last school code) and soft-deleted at that last school.
# custom:
#   id: D4
#   severity: info
#   seed: 001_6a3032766e23bdfa.txt
actions contains a if {
	input.case == "account"
	data.tenant.structure == "multi_domain"
	input.account.status == "active"
	lib.present
	some s in not_offered_schools
	lib.enabled("D4")
	a := unlink_school(s, "D4", sprintf("no source offers it there any more; it stays at %s", [lib.joined(lib.offered_schools)]))
}

# D4, continued: the relations before the last go, then the soft delete at the last.
actions contains a if {
	input.case == "account"
	data.tenant.structure == "multi_domain"
	deleting
	lib.enabled("D4")
	some s in input.account.schools
	s != lib.last_school
	a := unlink_school(s, "D4", sprintf("no source offers it anywhere; it is soft-deleted at its last school %s", [lib.last_school]))
}

actions contains a if {
	input.case == "account"
	data.tenant.structure == "multi_domain"
	deleting
	lib.enabled("D4")
	a := soft_delete("D4")
}

# METADATA
# title: The exception list keeps an absent account
# description: >-
#   An absent account on the exception list is never soft-deleted: the sync
#   keeps it (keep_by_exception). On a board its school relations are still
#   unlinked; on a multi-domain tenant every relation but the last (choice); on
#   a single school nothing changes.
# custom:
#   id: D5
#   severity: info
#   seed: 002_bbff84e606e01c2b.txt
actions contains a if {
	input.case == "account"
	input.exceptions[0] # on the exception list (indexed, see exceptions.rego)
	protected
	lib.enabled("D5")
	e := input.exceptions[0]
	a := lib.action(
		lib.account_action(
			"keep_by_exception", delete_school, "D5", sprintf(
				"%s (%s) is absent from every source (%s) but on the exception list (reason %q, added %s by %s): the sync keeps it",
				[lib.full_name(input.account), input.account.username, lib.absence_words, e.reason, lib.or_none(e.added_at), lib.or_none(e.added_by)],
			),
			{"exception_reason": e.reason, "added_at": e.added_at, "links": lib.links_words},
		),
		"",
	)
}

# D5, continued: the school relations that can still be unlinked.
actions contains a if {
	input.case == "account"
	input.exceptions[0] # on the exception list (indexed, see exceptions.rego)
	protected
	data.tenant.structure == "board"
	lib.enabled("D5")
	some s in not_offered_schools
	a := unlink_school(s, "D5", "no source offers it there any more; the exception list keeps the board account")
}

actions contains a if {
	input.case == "account"
	input.exceptions[0] # on the exception list (indexed, see exceptions.rego)
	protected
	data.tenant.structure == "multi_domain"
	lib.enabled("D5")
	some s in not_offered_schools
	s != lib.last_school
	a := unlink_school(s, "D5", sprintf("no source offers it there any more; the exception list keeps it at its last school %s", [lib.last_school]))
}

# METADATA
# title: A soft delete suspends Microsoft 365 and Google and frees the licence
# description: >-
#   For every account being soft-deleted (D2–D4) a linked Microsoft 365 account
#   is suspended (suspend_m365) and its licence released (release_license), and
#   a linked Google account is suspended (suspend_google): one action each, in
#   the state of the soft delete, so a coordinator sees every licence freed.
# custom:
#   id: D6
#   severity: info
#   seed: 001_6a3032766e23bdfa.txt
actions contains a if {
	input.case == "account"
	deleting
	lib.enabled(delete_rule[lib.structure])
	lib.enabled("D6")
	some kind, flag in licence_actions
	input.account[flag] == true
	a := lib.action(
		lib.account_action(
			kind, delete_school, "D6", sprintf(
				"%s (%s) is soft-deleted (%s): %s",
				[lib.full_name(input.account), input.account.username, delete_rule[lib.structure], licence_words[kind]],
			),
			{"username": input.account.username, flag: "true"},
		),
		delete_hold,
	)
}

licence_actions := {"suspend_m365": "m365", "release_license": "m365_license", "suspend_google": "google"}

licence_words := {
	"suspend_m365": "its Microsoft 365 account is suspended",
	"release_license": "its Microsoft 365 licence is released for another user",
	"suspend_google": "its Google account is suspended",
}

# METADATA
# title: Soft-deleted longer than the retention setting - purge candidate
# description: >-
#   An account soft-deleted more than purge_after_days (default 30) days before
#   the run date is a purge candidate (purge_candidate). Purging is irreversible
#   and always a person's decision; linked Microsoft 365 and Google accounts go
#   into their retention period.
# custom:
#   id: D7
#   severity: info
#   seed: 001_6a3032766e23bdfa.txt
actions contains a if {
	input.case == "account"
	input.account.status == "soft_deleted"
	input.account.deleted_at != ""
	days := lib.days_since(input.account.deleted_at)
	days > lib.params.purge_after_days
	lib.enabled("D7")
	a := lib.action(
		lib.account_action(
			"purge_candidate", "", "D7", sprintf(
				"%s (%s) was soft-deleted on %s, %d days before %s (retention %d days): restore it or purge it; purging cannot be undone",
				[lib.full_name(input.account), input.account.username, input.account.deleted_at, days, lib.run_date, lib.params.purge_after_days],
			),
			{
				"deleted_at": input.account.deleted_at,
				"days": format_int(days, 10),
				"purge_after_days": format_int(lib.params.purge_after_days, 10),
			},
		),
		"",
	)
}

# METADATA
# title: A restored account has lost its source link
# description: >-
#   An active account that was restored from deleted users and has no source
#   link is a manual account now: the sync no longer manages it and it cannot be
#   put on the exception list. Reported so nobody counts on the sync for it.
# custom:
#   id: D8
#   severity: info
#   seed: 002_bbff84e606e01c2b.txt
findings contains f if {
	input.case == "account"
	input.account.restored_at != ""
	input.account.status == "active"
	not lib.linked
	lib.enabled("D8")
	f := {
		"rule": "D8",
		"severity": "info",
		"account": input.account.account_id,
		"message": sprintf(
			"%s (%s) was restored on %s and has no source link: it is a manual account, the sync no longer updates or removes it, and it cannot be put on the exception list",
			[lib.full_name(input.account), input.account.username, input.account.restored_at],
		),
		"fix": "If the person should be managed by a source, delete this account and let the source create a linked one (enter the person in the LAS with a group, or in HR); otherwise remove it by hand when no longer needed.",
		"evidence": {"restored_at": input.account.restored_at, "links": ""},
	}
}

# METADATA
# title: Mass-deletion guard
# description: >-
#   A run whose destructive actions (every planned soft_delete, unlink_school,
#   unlink_source and delete_account, whichever rule planned it, a tenant's own
#   included) reach more than mass_delete.max_count accounts (default 500), or
#   more than mass_delete.max_percent of the active accounts (default 10) while
#   that is at least mass_delete.min_count (default 10), is refused as a whole:
#   the usual cause is a truncated or empty export. The share is also counted per
#   school, against the active accounts related to it, so one school missing from
#   the exports of a large board is refused too. Skipped actions (V1) do not count.
# custom:
#   id: D9
#   severity: deny
#   seed: choice
findings contains f if {
	input.case == "tenant"
	n := destructive_accounts
	mass_delete(n, input.counts.active_accounts)
	lib.enabled("D9")
	md := lib.params.mass_delete
	f := {
		"rule": "D9",
		"severity": "deny",
		"account": "",
		"message": sprintf(
			"this run would soft-delete or unlink %d of %d active accounts (soft deletes: %d; limits: %d accounts, or %v %% from %d accounts up): refused as a whole",
			[n, input.counts.active_accounts, input.counts.planned_soft_deletes, md.max_count, md.max_percent, md.min_count],
		),
		"fix": "Check the source exports for truncation, an empty file or a wrong school code before running again; if the leavers are real, raise policy.mass_delete in tenant.yaml for this run.",
		"evidence": {
			"destructive_accounts": format_int(n, 10),
			"planned_soft_deletes": format_int(input.counts.planned_soft_deletes, 10),
			"active_accounts": format_int(input.counts.active_accounts, 10),
			"max_count": format_int(md.max_count, 10),
			"max_percent": sprintf("%v", [md.max_percent]),
			"min_count": format_int(md.min_count, 10),
		},
	}
}

# D9, per school: the share of the accounts related to one school that lose it
# (soft_delete, unlink_school, unlink_source, delete_account), on a tenant of
# more than one school.
findings contains f if {
	input.case == "tenant"
	count(object.get(data.tenant, "schools", {})) > 1
	some school, c in object.get(input.counts, "schools", {})
	school_mass_delete(c.destructive_accounts, c.active_accounts)
	lib.enabled("D9")
	md := lib.params.mass_delete
	f := {
		"rule": "D9",
		"severity": "deny",
		"account": "",
		"school": school,
		"message_id": "D9.school",
		"args": {
			"school": school,
			"n": c.destructive_accounts,
			"active": c.active_accounts,
			"max_percent": md.max_percent,
			"min_count": md.min_count,
		},
		"evidence": {
			"school": school,
			"destructive_accounts": format_int(c.destructive_accounts, 10),
			"active_accounts": format_int(c.active_accounts, 10),
			"max_percent": sprintf("%v", [md.max_percent]),
			"min_count": format_int(md.min_count, 10),
		},
	}
}

# destructive_accounts counts the accounts that lose something this run; a
# tenant case without that count (an older caller) counts the soft deletes.
destructive_accounts := object.get(input.counts, "destructive_accounts", input.counts.planned_soft_deletes)

# mass_delete(n, active) is true when n soft deletes out of active accounts are too many (D9).
mass_delete(n, _) if n > lib.params.mass_delete.max_count

mass_delete(n, active) if school_mass_delete(n, active)

# school_mass_delete(n, active): the share, from the set number up.
school_mass_delete(n, active) if {
	n >= lib.params.mass_delete.min_count
	n * 100 > lib.params.mass_delete.max_percent * active
}

# METADATA
# title: Empty source file guard
# description: >-
#   A source whose export holds no eligible record while accounts link to it is
#   refused as a whole: an empty or wrongly filtered export would otherwise
#   delete every account it feeds. So is a source that offers no record at a
#   listed school where accounts live that it links and offers nowhere: a school
#   missing from the export, or its code written differently.
# custom:
#   id: D10
#   severity: deny
#   seed: choice
findings contains f if {
	input.case == "tenant"
	some source, c in input.counts.sources
	c.eligible == 0
	c.linked_accounts > 0
	lib.enabled("D10")
	f := {
		"rule": "D10",
		"severity": "deny",
		"account": "",
		"source": source,
		"message": sprintf(
			"the %s export holds %d records and none is eligible, while %d accounts link to %s: refused as a whole",
			[source, c.records, c.linked_accounts, source],
		),
		"fix": sprintf("Export %s again and check that the file is complete and filtered on the right schools (and, for HR, on the synced roles) before running again.", [source]),
		"evidence": {
			"source": source,
			"records": format_int(c.records, 10),
			"eligible": "0",
			"linked_accounts": format_int(c.linked_accounts, 10),
		},
	}
}

# D10, per school and source: the export holds records, but none at this
# school, while accounts of the school link to the source and it offers them
# nowhere. (A record there that is not eligible, an HR contract ended, is
# the source speaking about the school: not a school missing from the export.)
findings contains f if {
	input.case == "tenant"
	some source, c in input.counts.sources
	c.eligible > 0
	some school, at in object.get(c, "schools", {})
	at.records == 0
	at.absent_accounts > 0
	lib.enabled("D10")
	f := {
		"rule": "D10",
		"severity": "deny",
		"account": "",
		"school": school,
		"source": source,
		"message_id": "D10.school",
		"args": {"source": source, "school": school, "absent": at.absent_accounts, "linked": at.linked_accounts},
		"evidence": {
			"source": source,
			"school": school,
			"records": "0",
			"linked_accounts": format_int(at.linked_accounts, 10),
			"absent_accounts": format_int(at.absent_accounts, 10),
		},
	}
}

# METADATA
# title: A soft-deleted account is offered again
# description: >-
#   A soft-deleted account whose link a source offers again is reported: restore
#   it from deleted users, or the source will create a duplicate account.
# custom:
#   id: D11
#   severity: warn
#   seed: choice
findings contains f if {
	input.case == "account"
	input.account.status == "soft_deleted"
	count(lib.offered_records) > 0
	lib.enabled("D11")
	r := lib.offered_records[0]
	f := {
		"rule": "D11",
		"severity": "warn",
		"account": input.account.account_id,
		"school": r.school,
		"source": r.source,
		"source_id": r.source_id,
		"message": sprintf(
			"%s (%s) was soft-deleted on %s, but %s offers %s:%s at school %s again",
			[lib.full_name(input.account), input.account.username, lib.or_none(input.account.deleted_at), r.source, r.source, r.source_id, r.school],
		),
		"fix": "Restore the account from deleted users before the next sync, or a duplicate account will be created for the same person.",
		"evidence": {"deleted_at": input.account.deleted_at, "source": r.source, "source_id": r.source_id, "school": r.school},
	}
}
