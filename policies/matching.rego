# Package syncaudit.rules.matching holds the M rules: accounts match source
# records by link, never by name (M1); a manual account blocks the account the
# LAS would create (M2); an account on the exception list is matched again when
# offered (M3); an unlinked eligible record leads to a new account (M4).
package syncaudit.rules.matching

import data.syncaudit.lib

# offered_rows are the eligible rows of an unlinked source record (record case).
offered_rows := [r | some r in input.records; lib.eligible(r)]

# blocked: the LAS offers a person for whom a manual account exists (M2).
blocked if {
	input.source == "las"
	count(input.manual_matches) > 0
}

# match_basis(a, r) says why account a matches record r: "email" (the same
# e-mail address) or "name_school" (the same first name, last name and
# school); M.basis.* in matching.messages.yaml says it in words.
match_basis(a, r) := "email" if {
	r.email != ""
	lower(a.email) == lower(r.email)
} else := "name_school"

# METADATA
# title: Matched by link, never by name
# description: >-
#   An account is matched to source records by its links only. Reported when a
#   source offers an unlinked person (who will get a new account, M4) while an
#   account linked elsewhere has the same e-mail or the same first name, last
#   name and school (input.linked_matches): usually the person's id in the
#   source changed, and a duplicate account follows.
# custom:
#   id: M1
#   severity: warn
#   seed: choice
findings contains f if {
	input.case == "record"
	count(offered_rows) > 0
	some a in input.linked_matches
	lib.enabled("M1")
	r := offered_rows[0]
	f := {
		"rule": "M1",
		"severity": "warn",
		"account": a.account_id,
		"school": r.school,
		"source": input.source,
		"source_id": input.source_id,
		"message_id": "M1.by_link",
		"args": {
			"source": lib.source_phrase(input.source),
			"source_code": input.source,
			"name": lib.full_name(r),
			"account": a.account_id,
			"username": a.username,
			"basis": lib.phrase(concat(".", ["M.basis", match_basis(a, r)])),
		},
		"evidence": {
			"source_id": input.source_id,
			"account_links": lib.joined([lib.link_text(l) | some l in a.links]),
			"match": match_basis(a, r),
		},
	}
}

# METADATA
# title: A manual account blocks the account the LAS would create
# description: >-
#   A manual account cannot carry a Basispoort link. When the LAS offers a
#   person for whom a manual account exists (same e-mail, case-insensitive, or
#   same first name, last name and school), the account Basispoort would create
#   is blocked until the manual account is deleted.
# custom:
#   id: M2
#   severity: deny
#   seed: 000_89e65dcab1d05afe.txt
findings contains f if {
	input.case == "record"
	blocked
	count(offered_rows) > 0
	some a in input.manual_matches
	lib.enabled("M2")
	r := offered_rows[0]
	f := {
		"rule": "M2",
		"severity": "deny",
		"account": a.account_id,
		"school": r.school,
		"source": "las",
		"source_id": input.source_id,
		"message_id": "M2.blocked",
		"args": {
			"name": lib.full_name(r),
			"account": a.account_id,
			"username": a.username,
			"basis": lib.phrase(concat(".", ["M.basis", match_basis(a, r)])),
		},
		"evidence": {"source_id": input.source_id, "manual_account": a.account_id, "match": match_basis(a, r)},
	}
}

# METADATA
# title: An account on the exception list is matched again when offered
# description: >-
#   When a source offers again an account on the exception list, the two are
#   matched: the source drives changes again (L2 updates resume) and the account
#   keeps its place on the list. Reported (info) per such account.
# custom:
#   id: M3
#   severity: info
#   seed: 002_bbff84e606e01c2b.txt
findings contains f if {
	input.case == "account"
	input.account.status == "active"
	input.exceptions[0] # on the exception list (indexed, see exceptions.rego)
	count(lib.offered_records) > 0
	lib.enabled("M3")
	f := {
		"rule": "M3",
		"severity": "info",
		"account": input.account.account_id,
		"message_id": "M3.matched_again",
		"args": object.union(lib.who, {"sources": [lib.source_phrase(x) | some x in sort(lib.offered_sources)]}),
		"evidence": {"offered_by": lib.joined(lib.offered_sources), "schools": lib.joined(lib.offered_schools)},
	}
}

# METADATA
# title: An eligible record without an account leads to a new account
# description: >-
#   An eligible source record that no account links to, and that M2 does not
#   block, leads to a new account (create), one action per school the record
#   offers the person at; switches may hold it back (V1, V3, V4).
# custom:
#   id: M4
#   severity: info
#   seed: choice
actions contains a if {
	input.case == "record"
	not blocked
	some r in offered_rows
	lib.enabled("M4")
	a := lib.action(
		{
			"kind": "create",
			"account": "",
			"source": r.source,
			"source_id": r.source_id,
			"school": r.school,
			"rule": "M4",
			"message_id": "M4.create",
			"args": {"source": lib.source_phrase(r.source), "person": lib.kind_phrase(r.kind), "link": lib.link_text(r)},
			"evidence": {"source": r.source, "source_id": r.source_id, "kind": r.kind, "name": lib.full_name(r), "email": r.email},
		},
		lib.hold([r.school], {r.source}, r.kind),
	)
}

# twin_ids(ts) lists the account ids of a group of twin accounts, sorted.
twin_ids(ts) := sort([t.account_id | some t in ts])

# first_of(ts): the case's account has the lowest id of its group, so that a
# group of accounts is reported once, on its first account.
first_of(ts) if every t in ts {
	input.account.account_id < t.account_id
}

# METADATA
# title: Two accounts carry the same link
# description: >-
#   Two target accounts that carry the same link (source:source_id) cannot both
#   be that person. Reported once per link, on the account with the lowest id,
#   naming every account that carries it: the sync's outcome for that person is
#   undecided until one is removed.
# custom:
#   id: M5
#   severity: warn
#   seed: choice
findings contains f if {
	input.case == "account"
	some twin in input.same_link
	first_of(twin.accounts)
	lib.enabled("M5")
	ids := array.concat([input.account.account_id], twin_ids(twin.accounts))
	f := {
		"rule": "M5",
		"severity": "warn",
		"account": input.account.account_id,
		"message_id": "M5.same_link",
		"args": {
			"link": lib.link_text(twin.link),
			"accounts": ids,
			"count": count(ids),
		},
		"evidence": {
			"link": lib.link_text(twin.link),
			"accounts": concat(", ", ids),
			"usernames": concat(", ", array.concat([input.account.username], [t.username | some t in twin.accounts])),
			"statuses": concat(", ", array.concat([input.account.status], [t.status | some t in twin.accounts])),
		},
	}
}
