# Package syncaudit.rules.locks holds the L rules: which fields a source locks
# (L1), the updates the next sync makes to locked fields (L2), conflicts between
# sources (L3), hand deletions of source-managed accounts (L4), accounts the
# target owns while the exception list protects them (L5), and the mass-update
# guard (L6).
package syncaudit.rules.locks

import data.syncaudit.lib

# METADATA
# title: Locked fields - the configured locks name real fields
# description: >-
#   A source-managed account's locked fields are owned by the source (defaults:
#   las first_name, name_prefix, last_name; hr the same and email; sis
#   first_name, last_name, and email where V8 forces it; policy.locks overrides
#   per source). A lock on a field the target does not have locks nothing:
#   reported once per run, usually a typo in tenant.yaml.
# custom:
#   id: L1
#   severity: warn
#   seed: 001_6a3032766e23bdfa.txt
findings contains f if {
	input.case == "tenant"
	some source, fields in lib.params.locks
	some field in fields
	not field in lib.lockable_fields
	lib.enabled("L1")
	f := {
		"rule": "L1",
		"severity": "warn",
		"account": "",
		"source": source,
		"message_id": "L1.unknown_field",
		"args": {"fields": lib.lockable_fields},
		"evidence": {"source": source, "field": field},
	}
}

# METADATA
# title: A locked field that differs from the leading source is overwritten
# description: >-
#   When a locked field of an active account differs from the value of the
#   leading source (S4: the first source of policy.precedence among those that
#   offer the account and lock the field), the next sync overwrites it (update).
#   E-mail addresses compare without case; a source without an e-mail gives none.
#   A field locked only by V8 is updated under V8. The drift is reported as a
#   finding (info) beside the update: someone edited a locked field, or the
#   target export is out of date.
# custom:
#   id: L2
#   severity: info
#   seed: 001_6a3032766e23bdfa.txt
actions contains a if {
	some f, r in l2_drift
	a := lib.update(f, r, "L2")
}

# L2, continued: the drift as a finding, beside its update.
findings contains f if {
	some field, r in l2_drift
	f := {
		"rule": "L2",
		"severity": "info",
		"account": input.account.account_id,
		"school": r.school,
		"source": r.source,
		"source_id": r.source_id,
		"message_id": "L2.drift",
		"args": object.union(lib.who, {"field_name": lib.field_phrase(field), "source_name": lib.source_phrase(r.source)}),
		"evidence": {"field": field, "target_value": lib.from_value(field), "source_value": r[field], "source": r.source, "source_id": r.source_id},
	}
}

# l2_drift[field] is the leading record whose locked value the account's field
# differs from (L1 locks only; V8's are V8's).
l2_drift[f] := r if {
	input.case == "account"
	input.account.status == "active"
	lib.drift
	some f, r in lib.lead
	not lib.same_value(f, lib.from_value(f), r[f])
	lib.lock_via(r, f) == "L1"
	lib.enabled("L2")
}

# METADATA
# title: Two sources of one account disagree on a locked field
# description: >-
#   When two sources that offer an account and lock the same field give
#   different values, the conflict is reported with the source that wins by
#   policy.precedence (S4) and the one whose value is ignored.
# custom:
#   id: L3
#   severity: info
#   seed: 001_6a3032766e23bdfa.txt
findings contains f if {
	input.case == "account"
	input.account.status == "active"
	lib.drift
	some field, rs in lib.locking_records
	count(rs) > 1
	winner := rs[0]
	some loser in rs
	loser.source != winner.source
	not lib.same_value(field, winner[field], loser[field])
	lib.enabled("L3")
	f := {
		"rule": "L3",
		"severity": "info",
		"account": input.account.account_id,
		"school": loser.school,
		"source": loser.source,
		"source_id": loser.source_id,
		"message_id": "L3.conflict",
		"args": object.union(lib.who, {
			"field_name": lib.field_phrase(field),
			"winner_source": lib.source_phrase(winner.source),
			"loser_source": lib.source_phrase(loser.source),
			"precedence": concat(" > ", lib.offered_order),
		}),
		"evidence": {
			"field": field,
			"winner": winner.source,
			"winner_value": winner[field],
			"loser": loser.source,
			"loser_value": loser[field],
		},
	}
}

# METADATA
# title: A source-managed account cannot be deleted by hand
# description: >-
#   A review decision (input.review, from `syncaudit review import`) to delete a
#   source-managed account by hand is refused unless the target owns it (L5: on
#   the exception list and absent). Remove the person from the source instead,
#   or for the LAS unlink the teacher from all groups.
# custom:
#   id: L4
#   severity: deny
#   seed: 001_6a3032766e23bdfa.txt
findings contains f if {
	input.case == "account"
	input.review.decision == "delete"
	lib.linked
	not target_owned
	lib.enabled("L4")
	f := {
		"rule": "L4",
		"severity": "deny",
		"account": input.account.account_id,
		"message_id": "L4.managed",
		"args": lib.who,
		"evidence": {"decision": "delete", "links": lib.links_words},
	}
}

# target_owned: on the exception list and absent, so the target owns the account (L5).
target_owned if {
	lib.excepted
	lib.absent
}

# METADATA
# title: The target owns an absent account on the exception list
# description: >-
#   While an account on the exception list is absent, the target owns it: its
#   fields can be edited and it can be deleted there. Reported (info) per such
#   account; when a source offers it again (M3) the locks return and L2 updates
#   resume.
# custom:
#   id: L5
#   severity: info
#   seed: 002_bbff84e606e01c2b.txt
findings contains f if {
	input.case == "account"
	input.account.status == "active"
	input.exceptions[0] # on the exception list (indexed, see exceptions.rego)
	target_owned
	lib.enabled("L5")
	f := {
		"rule": "L5",
		"severity": "info",
		"account": input.account.account_id,
		"message_id": "L5.target_owned",
		"args": object.union(lib.who, {"absence": lib.absence_phrases}),
		"evidence": {"links": lib.links_words},
	}
}

# METADATA
# title: Mass-update guard
# description: >-
#   A run that would overwrite a locked field on more than
#   mass_update.max_percent (default 50) of the linked accounts, counted from
#   mass_update.min_count (default 20) updated accounts up, is refused as a
#   whole: the usual cause is an export with swapped or mislabelled columns.
#   The share is also counted per source, against the accounts linked to it,
#   so a small HR export with swapped columns is caught beside a large LAS.
# custom:
#   id: L6
#   severity: deny
#   seed: choice
findings contains f if {
	input.case == "tenant"
	n := input.counts.updated_accounts
	mu := lib.params.mass_update
	n >= mu.min_count
	n * 100 > mu.max_percent * input.counts.linked_accounts
	lib.enabled("L6")
	f := {
		"rule": "L6",
		"severity": "deny",
		"account": "",
		"message_id": "L6.mass_update",
		"args": {"n": n, "total": input.counts.linked_accounts, "max_percent": mu.max_percent, "min_count": mu.min_count},
		"evidence": {
			"updated_accounts": format_int(n, 10),
			"linked_accounts": format_int(input.counts.linked_accounts, 10),
			"max_percent": sprintf("%v", [mu.max_percent]),
			"min_count": format_int(mu.min_count, 10),
		},
	}
}

# L6, per source: the accounts whose locked fields one source overwrites,
# against the accounts linked to that source.
findings contains f if {
	input.case == "tenant"
	some source, c in input.counts.sources
	n := object.get(c, "updated_accounts", 0)
	mu := lib.params.mass_update
	n >= mu.min_count
	n * 100 > mu.max_percent * c.linked_accounts
	lib.enabled("L6")
	f := {
		"rule": "L6",
		"severity": "deny",
		"account": "",
		"source": source,
		"message_id": "L6.source",
		"args": {"source_name": lib.source_phrase(source), "n": n, "linked": c.linked_accounts, "max_percent": mu.max_percent, "min_count": mu.min_count},
		"evidence": {
			"source": source,
			"updated_accounts": format_int(n, 10),
			"linked_accounts": format_int(c.linked_accounts, 10),
			"max_percent": sprintf("%v", [mu.max_percent]),
			"min_count": format_int(mu.min_count, 10),
		},
	}
}
