# Package syncaudit.rules.usernames holds the U rules: the username's domain
# follows the tenant structure (U1); a login name names one account (U2).
package syncaudit.rules.usernames

import data.syncaudit.lib

# allowed_domains are the domains an active account's username may use (U1):
# the school's domain on a single school, the board domain on a board, the
# domain of one of the account's schools on a multi-domain tenant.
allowed_domains contains d if {
	data.tenant.structure == "single_school"
	some s in school_codes
	d := lower(data.tenant.schools[s].domain)
	d != ""
}

allowed_domains contains d if {
	data.tenant.structure == "multi_domain"
	some s in school_codes
	d := lower(data.tenant.schools[s].domain)
	d != ""
}

allowed_domains contains lower(data.tenant.domain) if {
	data.tenant.structure == "board"
	data.tenant.domain != ""
}

# school_codes are the account's schools, or on a single school the tenant's one school.
school_codes := input.account.schools if count(input.account.schools) > 0

else := object.keys(data.tenant.schools)

# username_domain is the part after the last @ of the username ("" when none).
username_domain := lower(parts[count(parts) - 1]) if {
	parts := split(input.account.username, "@")
	count(parts) > 1
} else := ""

# fits: the username ends in @ an allowed domain, or in a subdomain of one
# (jan@leerling.regenboog.nl fits regenboog.nl). Two string tests per domain.
fits if {
	u := lower(input.account.username)
	some d in allowed_domains
	endswith(u, concat("", ["@", d]))
}

fits if {
	u := lower(input.account.username)
	contains(u, "@")
	some d in allowed_domains
	endswith(username_domain, concat("", [".", d]))
}

# METADATA
# title: The username's domain fits the tenant structure
# description: >-
#   Single school name@schooldomain; board name@boarddomain; multi-domain
#   name@schooldomain of one of the account's schools (a subdomain fits too). An
#   active account whose username's domain does not fit is reported, when the
#   tenant knows the expected domains.
# custom:
#   id: U1
#   severity: warn
#   seed: 001_6a3032766e23bdfa.txt
findings contains f if {
	input.case == "account"
	input.account.status == "active"
	not fits
	count(allowed_domains) > 0
	lib.enabled("U1")
	f := {
		"rule": "U1",
		"severity": "warn",
		"account": input.account.account_id,
		"message_id": "U1.domain",
		"args": {
			"name": lib.full_name(input.account),
			"structure": lib.structure_phrase,
			"pattern": lib.phrase(concat(".", ["U1.pattern", lib.structure])),
		},
		"evidence": {"username": input.account.username, "domain": username_domain, "expected": lib.joined(allowed_domains)},
	}
}

# METADATA
# title: Two accounts have the same username
# description: >-
#   A login name names one person: two target accounts with the same username
#   (ignoring case), of any status, are reported once, on the account with the
#   lowest id, naming every account that has it.
# custom:
#   id: U2
#   severity: warn
#   seed: choice
findings contains f if {
	input.case == "account"
	count(input.same_username) > 0
	every t in input.same_username {
		input.account.account_id < t.account_id
	}
	lib.enabled("U2")
	ids := array.concat([input.account.account_id], sort([t.account_id | some t in input.same_username]))
	f := {
		"rule": "U2",
		"severity": "warn",
		"account": input.account.account_id,
		"message_id": "U2.same_username",
		"args": {
			"username": lower(input.account.username),
			"accounts": ids,
			"count": count(ids),
		},
		"evidence": {
			"username": input.account.username,
			"accounts": concat(", ", ids),
			"usernames": concat(", ", array.concat([input.account.username], [t.username | some t in input.same_username])),
			"statuses": concat(", ", array.concat([input.account.status], [t.status | some t in input.same_username])),
		},
	}
}
