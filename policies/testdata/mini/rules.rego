package syncaudit.rules.mini

import data.syncaudit.lib

offered if {
	some r in input.records
	lib.eligible(r)
}

# METADATA
# title: Absent account is soft-deleted
# description: An account absent from every source is soft-deleted.
# custom:
#   id: D2
#   severity: info
#   seed: 001.txt
actions contains {"kind": "soft_delete", "account": a.account_id, "rule": "D2", "state": "planned", "reason": "absent from every source", "evidence": {"records": count(input.records)}} if {
	input.case == "account"
	a := input.account
	a.status == "active"
	count(a.links) > 0
	not offered
}

# METADATA
# title: New account
# description: An eligible record no account links to leads to a new account.
# custom:
#   id: M4
#   severity: info
actions contains {"kind": "create", "account": "", "source": input.source, "source_id": input.source_id, "school": r.school, "rule": "M4"} if {
	input.case == "record"
	count(input.manual_matches) == 0
	some r in input.records
	lib.eligible(r)
}

# METADATA
# title: Blocked by a manual account
# description: A manual account blocks the account Basispoort would create.
# custom:
#   id: M2
#   severity: deny
findings contains {"rule": "M2", "account": m.account_id, "source": input.source, "source_id": input.source_id, "message": sprintf("manual account %s blocks %s:%s", [m.account_id, input.source, input.source_id]), "fix": "delete the manual account"} if {
	input.case == "record"
	some m in input.manual_matches
}

# METADATA
# title: Entry for a missing account
# description: An exception entry names an account that is not in the target.
# custom:
#   id: E3
#   severity: deny
#   seed: [002.txt, 001.txt]
findings contains {"rule": "E3", "severity": "deny", "account": input.exception.account_id, "message": "no such account", "fix": "remove the entry"} if {
	input.case == "exception"
}

# METADATA
# title: Idle exception
# description: An entry whose account is offered again protects nothing.
# custom:
#   id: E7
#   severity: warn
findings contains {"rule": "E7", "account": input.account.account_id, "message": "idle entry", "fix": "review it"} if {
	input.case == "account"
	count(input.exceptions) > 0
	offered
}

# METADATA
# title: Duplicate entry
# description: Two entries for one account.
# custom:
#   id: E8
#   severity: warn
findings contains {"rule": "E8", "account": id, "message": sprintf("%d entries", [n]), "fix": "remove one"} if {
	input.case == "tenant"
	some id, n in input.duplicate_exceptions
}

# METADATA
# title: Mass deletion guard
# description: Too many soft deletes in one run.
# custom:
#   id: D9
#   severity: deny
findings contains {"rule": "D9", "account": "", "message": sprintf("%d of %d active accounts would be soft-deleted", [c.planned_soft_deletes, c.active_accounts]), "fix": "check the source exports", "evidence": {"planned": c.planned_soft_deletes}} if {
	input.case == "tenant"
	c := input.counts
	c.planned_soft_deletes >= lib.params.mass_delete.min_count
}

# METADATA
# title: Source without eligible records
# description: A source file holds no eligible record while accounts link to it.
# custom:
#   id: D10
#   severity: deny
findings contains {"rule": "D10", "account": "", "source": src, "message": sprintf("%s has no eligible record", [src]), "fix": "check the export"} if {
	input.case == "tenant"
	some src, s in input.counts.sources
	s.eligible == 0
	s.linked_accounts > 0
}
