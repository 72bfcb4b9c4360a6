# Package syncaudit.rules.programs holds the P rules: a Basispoort program is
# visible only to an account with a Basispoort (LAS) link (P1), so programs the
# LAS assigns to a person with a manual account stay invisible (P2).
package syncaudit.rules.programs

import data.syncaudit.lib

# METADATA
# title: Programs need an offered Basispoort link
# description: >-
#   A Basispoort program is visible only when it is assigned in Basispoort and
#   the account has a Basispoort link; programs cannot be assigned by hand.
#   Reported when the LAS assigns programs to a linked account's record that is
#   not offered (e.g. a teacher without a group): the account loses its LAS link
#   and the programs with it.
# custom:
#   id: P1
#   severity: warn
#   seed: 000_89e65dcab1d05afe.txt
findings contains f if {
	input.case == "account"
	lib.active
	some r in input.records
	r.source == "las"
	count(r.programs) > 0
	not lib.eligible(r)
	not offered_las(r.source_id)
	lib.enabled("P1")
	f := {
		"rule": "P1",
		"severity": "warn",
		"account": input.account.account_id,
		"school": r.school,
		"source": "las",
		"source_id": r.source_id,
		"message": sprintf(
			"the LAS assigns %s to %s (%s) at school %s, but %s: without an offered Basispoort link the programs are not visible",
			[lib.joined(r.programs), lib.full_name(input.account), input.account.username, r.school, lib.ineligible_why(r)],
		),
		"fix": "Link the person to a group in the LAS; the Basispoort link and the programs follow after the next nightly sync.",
		"evidence": {"programs": lib.joined(r.programs), "source_id": r.source_id, "school": r.school},
	}
}

# offered_las(id) is true when las:id is offered at some school.
offered_las(id) if {
	some r in lib.offered_records
	r.source == "las"
	r.source_id == id
}

# METADATA
# title: Programs assigned to a person with a manual account
# description: >-
#   A person whom the LAS assigns programs but whose target account is manual
#   (no link) will not see them. Reported with the fix: enter the person in the
#   LAS with a group, delete the manual account, and the linked account appears
#   the next day.
# custom:
#   id: P2
#   severity: warn
#   seed: 000_89e65dcab1d05afe.txt
findings contains f if {
	input.case == "record"
	input.source == "las"
	count(input.manual_matches) > 0
	some r in input.records
	count(r.programs) > 0
	some a in input.manual_matches
	lib.enabled("P2")
	f := {
		"rule": "P2",
		"severity": "warn",
		"account": a.account_id,
		"school": r.school,
		"source": "las",
		"source_id": r.source_id,
		"message": sprintf(
			"the LAS assigns %s to %s (las:%s) at school %s, but the person's account %s (%s) is manual: it has no Basispoort link, so the programs are not visible",
			[lib.joined(r.programs), lib.full_name(r), r.source_id, r.school, a.account_id, a.username],
		),
		"fix": sprintf("Make sure the person is in the LAS with a group, then delete manual account %s; the linked account with the programs appears the next day.", [a.account_id]),
		"evidence": {"programs": lib.joined(r.programs), "manual_account": a.account_id, "source_id": r.source_id},
	}
}
