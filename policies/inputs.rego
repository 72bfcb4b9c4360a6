# Package syncaudit.rules.inputs holds rule S7: a column of an export that
# nearly matches an accepted header is most likely that column misspelt, and
# its values are not read (docs/reading.md, "Columns").
package syncaudit.rules.inputs

import data.syncaudit.lib

# METADATA
# title: A column nearly matches an accepted header
# description: >-
#   An export column that no contract column has is kept in the file and not
#   read (run.inputs[].ignored_columns). When its header nearly matches an
#   accepted spelling (one or two letters off, or holding it as a part), it
#   is most likely that column misspelt: its values are lost (every role, an
#   end date), so it is reported with the spelling it resembles.
# custom:
#   id: S7
#   severity: warn
#   seed: choice
findings contains f if {
	input.case == "tenant"
	some file in data.tenant.inputs
	some h in file.column_hints
	lib.enabled("S7")
	f := {
		"rule": "S7",
		"severity": "warn",
		"account": "",
		"message_id": "S7.near_miss",
		"args": {"file": file.file, "column": h.column, "resembles": h.resembles, "means": h.means},
		"evidence": {"file": file.file, "column": h.column, "resembles": h.resembles, "means": h.means},
	}
}
