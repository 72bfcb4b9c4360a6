# Package syncaudit.testing holds the fixtures every family's tests build
# cases from: tenants of the three structures, an account, source records of
# each source, an exception entry, and the four case shapes of docs/policies.md.
# Each builder takes an object of overrides (object.union: lists are replaced).
package syncaudit.testing

sync_on := {
	"automatic": true, "students": true, "staff": true, "guardians": true,
	"guardians_from": "", "subjects": true, "subject_members": true,
	"classes": true, "class_teachers": true,
	"force_email": {"students": false, "staff": false, "guardians": false},
	"manual_course_members": true,
}

school(id, domain) := {"id": id, "name": concat(" ", ["School", id]), "domain": domain, "sync": sync_on}

# tenant(structure) is a tenant with two schools, LAS and HR exports, and a memberships export.
tenant(structure) := {
	"id": "de-linde", "name": "Stichting De Linde", "structure": structure,
	"domain": "delinde.nl", "run_date": "2026-11-23",
	"sources": ["las", "hr"],
	"schools": {"12AB": school("12AB", "regenboog.nl"), "34CD": school("34CD", "klimop.nl")},
	"policy": {}, "memberships": true,
}

board := tenant("board")

multi := tenant("multi_domain")

# single is a single school: one school and no board domain.
single := object.union(object.remove(tenant("single_school"), ["schools"]), {"domain": "", "schools": {"12AB": school("12AB", "regenboog.nl")}})

# register(structure) is a Swedish tenant fed by a student register (sis).
register(structure) := object.union(tenant(structure), {"sources": ["sis"]})

# with_sync(t, school, switches) sets switches of one school of tenant t.
with_sync(t, id, switches) := object.union(t, {"schools": {id: {"sync": switches}}})

# with_policy(t, p) sets tenant t's policy block.
with_policy(t, p) := object.union(t, {"policy": p})

account(o) := object.union(
	{
		"account_id": "A1", "username": "jan.jansen@delinde.nl",
		"first_name": "Jan", "name_prefix": "", "last_name": "Jansen", "email": "jan.jansen@delinde.nl",
		"kind": "staff", "status": "active", "deleted_at": "", "restored_at": "", "last_login": "2026-11-20",
		"schools": ["12AB"], "links": [{"source": "las", "source_id": "1001"}],
		"m365": false, "m365_license": false, "google": false,
	},
	o,
)

record(o) := object.union(
	{
		"source": "las", "source_id": "1001", "school": "12AB", "kind": "staff", "role": "",
		"first_name": "Jan", "name_prefix": "", "last_name": "Jansen", "email": "",
		"groups": ["7A"], "courses": [], "programs": [],
		"start_date": "", "end_date": "", "line": 2,
	},
	o,
)

las(o) := record(o)

hr(o) := record(object.union({"source": "hr", "source_id": "E-42", "role": "leerkracht", "email": "jan.jansen@delinde.nl", "groups": []}, o))

sis(o) := record(object.union({"source": "sis", "source_id": "S-7", "email": "jan@skola.se", "groups": ["7A"]}, o))

entry(o) := object.union(
	{
		"account_id": "A1", "reason": "interim director", "added_by": "p.devries",
		"added_at": "2026-10-01", "reviewed_at": "", "expires_at": "", "line": 2,
	},
	o,
)

# acase(a, records, exceptions, memberships) is an account case.
acase(a, records, exceptions, memberships) := {
	"case": "account", "account": a, "records": records,
	"exceptions": exceptions, "memberships": memberships,
}

# rcase(records, manual) is a record case for the first record's person.
rcase(records, manual) := {
	"case": "record", "source": records[0].source, "source_id": records[0].source_id,
	"records": records, "manual_matches": manual, "linked_matches": [],
}

# tcase(counts, duplicates) is the tenant case.
tcase(counts, duplicates) := {"case": "tenant", "counts": object.union(clean_counts, counts), "duplicate_exceptions": duplicates}

clean_counts := {
	"accounts": 100, "active_accounts": 100, "linked_accounts": 90,
	"planned_soft_deletes": 0, "updated_accounts": 0,
	"sources": {"las": {"records": 80, "eligible": 78, "linked_accounts": 70}, "hr": {"records": 30, "eligible": 30, "linked_accounts": 25}},
}

# rules_of(xs) is the set of rule ids of a set of actions or findings.
rules_of(xs) := {x.rule | some x in xs}

# has(xs, o) is true when some action or finding in xs carries every key of o
# with o's value.
has(xs, o) if {
	some x in xs
	every k, v in o {
		x[k] == v
	}
}

# count_of(xs, o) counts the actions or findings in xs that carry every key of o.
count_of(xs, o) := count([x |
	some x in xs
	every k, v in o {
		x[k] == v
	}
])
