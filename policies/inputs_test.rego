package syncaudit.rules.inputs_test

import data.syncaudit.rules.inputs
import data.syncaudit.testing as t

finds(tn) := xs if {
	xs := inputs.findings with input as t.tcase({}, []) with data.tenant as tn
}

with_inputs(ins) := object.union(t.board, {"inputs": ins})

test_s7_a_misspelt_column if {
	tn := with_inputs([{"file": "sources/hr.csv", "ignored_columns": ["Datum uit dienstt", "Notities"], "column_hints": [{"column": "Datum uit dienstt", "resembles": "datumuitdienst", "means": "end_date"}]}])
	got := finds(tn)
	count(got) == 1
	t.has(got, {"rule": "S7", "severity": "warn", "account": "", "message_id": "S7.near_miss"})
	some f in got
	f.args == {"file": "sources/hr.csv", "column": "Datum uit dienstt", "resembles": "datumuitdienst", "means": "end_date"}
}

test_s7_not_for_columns_that_resemble_nothing if {
	count(finds(with_inputs([{"file": "sources/hr.csv", "ignored_columns": ["Notities"], "column_hints": []}]))) == 0
	count(finds(with_inputs([]))) == 0
}

test_s7_can_be_switched_off if {
	tn := object.union(with_inputs([{"file": "f", "ignored_columns": ["x"], "column_hints": [{"column": "rolle", "resembles": "roll", "means": "role"}]}]), {"policy": {"disabled_rules": ["S7"]}})
	count(finds(tn)) == 0
}
