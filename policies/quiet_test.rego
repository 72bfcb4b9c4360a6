# Tests of the fast path (lib.quiet): it holds on a clean account, on which
# no rule returns anything, and fails on every kind of account that is not
# clean — for most kinds, one on which some rule does return something.
package syncaudit.quiet_test

import data.syncaudit.lib
import data.syncaudit.testing as t

clean_record := t.las({})

clean_membership := {"school": "12AB", "group": "7A", "kind": "group", "origin": "sync"}

clean := t.acase(t.account({}), [clean_record], [], [clean_membership])

# builtin names the built-in rule packages (not user policies loaded next to
# them, which quiet does not speak for: the engine turns the fast path off
# then). A new built-in package belongs here and in lib.quiet's conditions.
builtin := {"deletion", "exceptions", "locks", "matching", "programs", "switches", "sync", "usernames"}

# outcomes are every action and finding of the built-in rule book on the case.
outcomes := array.concat(
	[a | some p in builtin; some a in data.syncaudit.rules[p].actions],
	[f | some p in builtin; some f in data.syncaudit.rules[p].findings],
)

test_quiet_on_a_clean_account if {
	lib.quiet with input as clean with data.tenant as t.board
	count(outcomes) == 0 with input as clean with data.tenant as t.board
	multi := object.union(clean, {"account": t.account({"username": "jan.jansen@regenboog.nl"})})
	lib.quiet with input as multi with data.tenant as t.multi
	count(outcomes) == 0 with input as multi with data.tenant as t.multi
}

test_quiet_without_memberships_export if {
	tn := object.union(t.board, {"memberships": false})
	c := object.union(clean, {"memberships": []})
	lib.quiet with input as c with data.tenant as tn
	count(outcomes) == 0 with input as c with data.tenant as tn
}

test_quiet_with_a_manual_membership_allowed if {
	c := object.union(clean, {"memberships": [clean_membership, {"school": "12AB", "group": "wiskunde", "kind": "course", "origin": "manual"}]})
	lib.quiet with input as c with data.tenant as t.board
	count(outcomes) == 0 with input as c with data.tenant as t.board
}

# unclean lists accounts that are not quiet, each with its tenant and
# whether some rule fires on it ("fires": false where quiet is merely
# conservative).
unclean := {
	"soft-deleted (D11)": {"tenant": t.board, "fires": true, "input": object.union(clean, {"account": t.account({"status": "soft_deleted", "deleted_at": "2026-11-20"})})},
	"exception entry (E7, M3)": {"tenant": t.board, "fires": true, "input": object.union(clean, {"exceptions": [t.entry({})]})},
	"review decision (E9)": {"tenant": t.board, "fires": true, "input": object.union(clean, {"review": {"decision": "keep", "reason": "still needed", "expires_at": ""}})},
	"manual, restored (D8)": {"tenant": t.board, "fires": true, "input": t.acase(t.account({"links": [], "restored_at": "2026-11-01"}), [], [], [])},
	"manual": {"tenant": t.board, "fires": false, "input": t.acase(t.account({"links": [], "schools": []}), [], [], [])},
	"unchecked link (S1)": {"tenant": t.board, "fires": true, "input": object.union(clean, {"account": t.account({"links": [{"source": "las", "source_id": "1001"}, {"source": "sis", "source_id": "S-7"}]})})},
	"ineligible record (S6)": {"tenant": t.board, "fires": true, "input": object.union(clean, {
		"account": t.account({"links": [{"source": "las", "source_id": "1001"}, {"source": "hr", "source_id": "E-42"}]}),
		"records": [t.las({"groups": []}), t.hr({})],
	})},
	"ineligible HR record (S3)": {"tenant": t.board, "fires": true, "input": object.union(clean, {
		"account": t.account({"links": [{"source": "las", "source_id": "1001"}, {"source": "hr", "source_id": "E-42"}]}),
		"records": [clean_record, t.hr({"end_date": "2026-01-01"})],
	})},
	# The engine counts every record of a quiet case as eligible (D10's counts).
	"a second row of the same person, not eligible": {"tenant": t.board, "fires": false, "input": object.union(clean, {"records": [clean_record, t.las({"groups": [], "line": 3})]})},
	"link not offered (D1)": {"tenant": t.board, "fires": true, "input": object.union(clean, {"account": t.account({"links": [{"source": "las", "source_id": "1001"}, {"source": "hr", "source_id": "E-42"}]})})},
	"absent (D3)": {"tenant": t.board, "fires": true, "input": object.union(clean, {"records": []})},
	"school not offered (D3)": {"tenant": t.board, "fires": true, "input": object.union(clean, {"account": t.account({"schools": ["12AB", "34CD"]})})},
	"school not offered (D4)": {"tenant": t.multi, "fires": true, "input": object.union(clean, {"account": t.account({"schools": ["12AB", "34CD"], "username": "jan.jansen@regenboog.nl"})})},
	"new school (S2)": {"tenant": t.board, "fires": true, "input": object.union(clean, {
		"records": [clean_record, t.las({"school": "34CD"})],
		"memberships": [clean_membership, object.union(clean_membership, {"school": "34CD"})],
	})},
	"name drift (L2)": {"tenant": t.board, "fires": true, "input": object.union(clean, {"records": [t.las({"last_name": "Jansen-Bakker"})]})},
	"e-mail drift": {"tenant": t.board, "fires": true, "input": object.union(clean, {
		"account": t.account({"links": [{"source": "las", "source_id": "1001"}, {"source": "hr", "source_id": "E-42"}]}),
		"records": [clean_record, t.hr({"email": "j.jansen@delinde.nl"})],
	})},
	"source conflict (L3)": {"tenant": t.board, "fires": true, "input": object.union(clean, {
		"account": t.account({"links": [{"source": "las", "source_id": "1001"}, {"source": "hr", "source_id": "E-42"}]}),
		"records": [clean_record, t.hr({"last_name": "Janssen"})],
	})},
	"membership missing (V7)": {"tenant": t.board, "fires": true, "input": object.union(clean, {"memberships": []})},
	"synced membership not offered (V7)": {"tenant": t.board, "fires": true, "input": object.union(clean, {"memberships": [clean_membership, object.union(clean_membership, {"group": "8B"})]})},
	"manual course member where forbidden (V9)": {"tenant": t.with_sync(t.board, "12AB", {"manual_course_members": false}), "fires": false, "input": object.union(clean, {"memberships": [clean_membership, {"school": "12AB", "group": "wiskunde", "kind": "course", "origin": "manual"}]})},
	"username outside the domain (U1)": {"tenant": t.board, "fires": true, "input": object.union(clean, {"account": t.account({"username": "jan.jansen@gmail.com"})})},
	"record case": {"tenant": t.board, "fires": true, "input": t.rcase([t.las({"source_id": "2002"})], [])},
	"assigned program missing from the library (P3)": {"tenant": libraries, "fires": true, "input": object.union(clean, {"records": [t.las({"programs": ["Rekentuin"]})]})},
	"library program not assigned (P3)": {"tenant": libraries, "fires": true, "input": object.union(clean, {"account": t.account({"programs": ["Squla"]})})},
}

# libraries is a tenant whose target export shows the program libraries (P3).
libraries := object.union(t.board, {"program_libraries": true})

test_quiet_when_the_library_matches if {
	c := object.union(clean, {
		"account": t.account({"programs": ["rekentuin ", "Taalzee"]}),
		"records": [t.las({"programs": ["Rekentuin", "Taalzee"]})],
	})
	lib.quiet with input as c with data.tenant as libraries
	count(outcomes) == 0 with input as c with data.tenant as libraries
}

test_quiet_without_libraries_whatever_the_programs if {
	c := object.union(clean, {"records": [t.las({"programs": ["Rekentuin"]})]})
	lib.quiet with input as c with data.tenant as t.board
	count(outcomes) == 0 with input as c with data.tenant as t.board
}

test_not_quiet_on_unclean_accounts if {
	wrong := {name |
		some name, c in unclean
		lib.quiet with input as c.input with data.tenant as c.tenant
	}
	print("quiet on:", wrong)
	count(wrong) == 0
}

test_rules_fire_on_unclean_accounts if {
	silent := {name |
		some name, c in unclean
		c.fires
		o := outcomes with input as c.input with data.tenant as c.tenant
		count(o) == 0
	}
	print("no rule fires on:", silent)
	count(silent) == 0
}
