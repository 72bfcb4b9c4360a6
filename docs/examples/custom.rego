# An example user policy for syncaudit: two house rules of a school board,
# added to the built-in rule book with
#
#   syncaudit check --snapshot DIR --out OUT --policies docs/examples
#
# A user policy lives in a package under syncaudit.rules and adds to the
# partial sets actions and findings; it sees the same cases and data as the
# built-in rules (docs/policies.md) and may use the shared helpers of
# data.syncaudit.lib.
package syncaudit.rules.custom_delinde

import data.syncaudit.lib

# METADATA
# title: Staff account without a Microsoft 365 licence
# description: Every active staff account that a source offers needs a Microsoft 365 licence for Teams and mail.
# custom:
#   id: X1
#   severity: warn
#   seed: house rule of Stichting De Linde
findings contains {
	"rule": "X1",
	"severity": "warn",
	"account": a.account_id,
	"message": sprintf("staff member %s (%s) is offered by %s but holds no Microsoft 365 licence", [lib.full_name(a), a.username, concat(", ", sources)]),
	"fix": "Assign a Microsoft 365 licence to the account in the admin centre.",
	"evidence": {"m365": sprintf("%v", [a.m365]), "m365_license": "false"},
} if {
	input.case == "account"
	a := input.account
	a.status == "active"
	a.kind == "staff"
	not a.m365_license
	sources := {r.source | some r in input.records; lib.eligible(r)}
	count(sources) > 0
}

# X1 writes its message and fix as plain text; X2 names a message id that
# custom.messages.yaml, beside this file, renders in English, Dutch and
# Swedish (docs/policies.md, "Messages").

# METADATA
# title: Private e-mail address on a pupil's account
# description: A pupil's account should not carry a private e-mail address (gmail, hotmail, outlook); the school address is the one to use.
# custom:
#   id: X2
#   severity: info
#   seed: house rule of Stichting De Linde
findings contains {
	"rule": "X2",
	"severity": "info",
	"account": a.account_id,
	"message_id": "X2.private_email",
	"args": {"name": lib.full_name(a)},
	"evidence": {"email": a.email},
} if {
	input.case == "account"
	a := input.account
	a.kind == "student"
	some domain in private_domains
	endswith(lower(a.email), concat("", ["@", domain]))
}

private_domains := {"gmail.com", "hotmail.com", "outlook.com", "live.nl"}
