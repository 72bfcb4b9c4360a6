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
	input.account.status == "active"
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
		"message_id": "P1.not_offered",
		"args": object.union(lib.who, {"why": lib.ineligible_phrase(r)}),
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
		"message_id": "P2.manual",
		"args": {"name": lib.full_name(r), "username": a.username},
		"evidence": {"programs": lib.joined(r.programs), "manual_account": a.account_id, "source_id": r.source_id},
	}
}

# ---------------------------------------------------------------------------
# P3: the program library in the target
# ---------------------------------------------------------------------------

# libraries_known is true when the target export shows the accounts' program
# libraries (the optional programs column of target/accounts): without it an
# empty library says nothing, and P3 stays silent.
libraries_known if data.tenant.program_libraries == true

# program_key(p) is how program names compare: without case and surrounding spaces.
program_key(p) := lower(trim_space(p))

# assigned_keys are the programs Basispoort assigns to the account: those of
# its offered LAS records (P1: only an offered Basispoort link carries them).
assigned_keys contains program_key(p) if {
	some r in lib.offered_records
	r.source == "las"
	some p in r.programs
}

# library_keys are the programs in the account's library in the target.
library_keys contains program_key(p) if some p in object.get(input.account, "programs", [])

# assigned_names and library_names write programs as the sources spell them.
assigned_names(keys) := {p |
	some r in lib.offered_records
	r.source == "las"
	some p in r.programs
	program_key(p) in keys
}

library_names(keys) := {p | some p in object.get(input.account, "programs", []); program_key(p) in keys}

# missing_keys are assigned programs the library lacks; extra_keys are library
# programs Basispoort does not assign.
missing_keys := assigned_keys - library_keys

extra_keys := library_keys - assigned_keys

# las_offered is true when the account has an offered LAS record (its
# Basispoort link is in use).
las_offered if {
	some r in lib.offered_records
	r.source == "las"
}

# METADATA
# title: An assigned program is missing from the account's program library
# description: >-
#   When the target export shows the program libraries (programs column of
#   target/accounts), a program that Basispoort assigns to a linked, offered
#   account and that is missing from its library is reported (warn) with the
#   seed's steps: check the assignment in the school library and in the
#   educational method, and contact the servicedesk. A program in the library
#   that Basispoort does not assign is reported too (info): programs cannot be
#   assigned by hand in the target.
# custom:
#   id: P3
#   severity: warn
#   seed: 000_89e65dcab1d05afe.txt
findings contains f if {
	input.case == "account"
	input.account.status == "active"
	libraries_known
	las_offered
	count(missing_keys) > 0
	lib.enabled("P3")
	missing := lib.joined(assigned_names(missing_keys))
	f := {
		"rule": "P3",
		"severity": "warn",
		"account": input.account.account_id,
		"source": "las",
		"message_id": "P3.missing",
		"args": {"name": lib.full_name(input.account), "username": input.account.username, "library": library_arg},
		"evidence": {"programs": missing, "library": library_text, "assigned": lib.joined(assigned_names(assigned_keys))},
	}
}

# P3, continued: a program in the library that Basispoort does not assign.
findings contains f if {
	input.case == "account"
	input.account.status == "active"
	libraries_known
	las_offered
	count(extra_keys) > 0
	lib.enabled("P3")
	f := {
		"rule": "P3",
		"severity": "info",
		"account": input.account.account_id,
		"source": "las",
		"message_id": "P3.extra",
		"args": {"name": lib.full_name(input.account), "username": input.account.username},
		"evidence": {"programs": lib.joined(library_names(extra_keys)), "library": library_text, "assigned": lib.joined(assigned_names(assigned_keys))},
	}
}

# library_arg is the library for a message: its programs, or the word "none".
library_arg := library_text if library_text != ""

else := lib.phrase("P3.none")

# library_text writes the account's library as "Gynzy, Rekentuin" ("" when empty).
library_text := lib.joined(object.get(input.account, "programs", []))
