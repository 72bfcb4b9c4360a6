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
	object.union(
		lib.account_action("soft_delete", delete_school, rule, "", {"links": lib.links_words, "structure": lib.structure, "username": input.account.username}),
		{"message_id": "D.soft_delete", "args": object.union(lib.who, {"absence": lib.absence_phrases})},
	),
	delete_hold,
)

# unlink_school(s, rule, why) is the unlink_school action at school s; why is a phrase.
unlink_school(s, rule, why) := lib.action(
	object.union(
		lib.account_action("unlink_school", s, rule, "", {"school": s, "offered_at": lib.joined(lib.offered_schools), "structure": lib.structure}),
		{"message_id": "D.unlink_school", "args": object.union(lib.who, {"why": why})},
	),
	lib.hold([s], lib.account_sources, lib.account_kind),
)

# why_code(l) names in the evidence why link l is not offered: the id of
# the phrase that says it (lib.ineligible.*, lib.not_in_export).
why_code(l) := lib.why_not_offered_phrase(l).id

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
			lib.account_action("unlink_source", "", "D1", "", {"source": l.source, "source_id": l.source_id, "why": why_code(l)}),
			{
				"source": l.source, "source_id": l.source_id,
				"message_id": "D1.unlink_source",
				"args": object.union(lib.who, {
					"source_name": lib.source_phrase(l.source),
					"link": lib.link_text(l),
					"why": lib.why_not_offered_phrase(l),
					"offered_by": [lib.source_phrase(x) | some x in sort(lib.offered_sources)],
				}),
			},
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
	a := unlink_school(s, "D3", {"id": "D3.board_stays", "args": {"offered_at": lib.joined(lib.offered_schools)}})
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
	a := unlink_school(s, "D4", {"id": "D4.stays", "args": {"offered_at": lib.joined(lib.offered_schools)}})
}

# D4, continued: the relations before the last go, then the soft delete at the last.
actions contains a if {
	input.case == "account"
	data.tenant.structure == "multi_domain"
	deleting
	lib.enabled("D4")
	some s in input.account.schools
	s != lib.last_school
	a := unlink_school(s, "D4", {"id": "D4.last_school", "args": {"last_school": lib.last_school}})
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
		object.union(
			lib.account_action("keep_by_exception", delete_school, "D5", "", {"exception_reason": e.reason, "added_at": e.added_at, "links": lib.links_words}),
			{"message_id": "D5.keep", "args": object.union(lib.who, {
				"absence": lib.absence_phrases,
				"added_at": lib.none_or(e.added_at),
				"added_by": lib.none_or(e.added_by),
			})},
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
	a := unlink_school(s, "D5", lib.phrase("D5.board_kept"))
}

actions contains a if {
	input.case == "account"
	input.exceptions[0] # on the exception list (indexed, see exceptions.rego)
	protected
	data.tenant.structure == "multi_domain"
	lib.enabled("D5")
	some s in not_offered_schools
	s != lib.last_school
	a := unlink_school(s, "D5", {"id": "D5.last_school_kept", "args": {"last_school": lib.last_school}})
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
		object.union(
			lib.account_action(kind, delete_school, "D6", "", {"username": input.account.username, flag: "true"}),
			{"message_id": concat(".", ["D6", kind]), "args": object.union(lib.who, {"delete_rule": delete_rule[lib.structure]})},
		),
		delete_hold,
	)
}

licence_actions := {"suspend_m365": "m365", "release_license": "m365_license", "suspend_google": "google"}

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
		object.union(
			lib.account_action(
				"purge_candidate", "", "D7", "",
				{
					"deleted_at": input.account.deleted_at,
					"days": format_int(days, 10),
					"purge_after_days": format_int(lib.params.purge_after_days, 10),
				},
			),
			{"message_id": "D7.purge_candidate", "args": object.union(lib.who, {
				"days": days,
				"purge_after_days": lib.params.purge_after_days,
				"run_date": lib.run_date,
			})},
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
		"message_id": "D8.manual",
		"args": lib.who,
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
		"message_id": "D9.mass_delete",
		"args": {
			"n": n, "total": input.counts.active_accounts, "soft_deletes": input.counts.planned_soft_deletes,
			"max_count": md.max_count, "max_percent": md.max_percent, "min_count": md.min_count,
		},
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
		"message_id": "D10.empty_source",
		"args": {"source_name": lib.source_phrase(source), "records": c.records, "linked_accounts": c.linked_accounts},
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
		"args": {"source_name": lib.source_phrase(source), "school": school, "absent": at.absent_accounts, "linked": at.linked_accounts},
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
		"message_id": "D11.offered_again",
		"args": object.union(lib.who, {"deleted_at": lib.none_or(input.account.deleted_at), "source_name": lib.source_phrase(r.source)}),
		"evidence": {"deleted_at": input.account.deleted_at, "source": r.source, "source_id": r.source_id, "school": r.school},
	}
}
