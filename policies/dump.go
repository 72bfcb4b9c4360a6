package policies

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/syncaudit/syncaudit"
)

// WriteCases writes the cases Check would evaluate for snap, for running the
// same rule book elsewhere (the benchmark compares against the opa CLI):
// data receives {"tenant": ...}, the document Check puts in data.tenant, and
// input receives {"cases": [...]}, one input document per case, in Check's
// order. The tenant case is left out: Check builds it from the other cases'
// results. With the rule book in policies/, the opa CLI evaluates them with
//
//	opa eval -d policies -d data.json -i input.json \
//	  '[r | some c in input.cases; r := {"actions": [a | some a in data.syncaudit.rules[_].actions], "findings": [f | some f in data.syncaudit.rules[_].findings]} with input as c]'
//
// It returns the number of cases written.
func WriteCases(ctx context.Context, snap *syncaudit.Snapshot, runDate syncaudit.Date, data, input io.Writer) (int, error) {
	if runDate.IsZero() {
		runDate = snap.Tenant.RunDate
	}
	if runDate.IsZero() {
		return 0, errors.New("write cases: no run date")
	}
	if err := json.NewEncoder(data).Encode(map[string]any{"tenant": tenantData(snap, runDate, snapshotSources(snap))}); err != nil {
		return 0, fmt.Errorf("write cases: %w", err)
	}
	bw := bufio.NewWriterSize(input, 1<<20)
	bw.WriteString(`{"cases": [`)
	cases := join(snap)
	for i := range cases {
		if i%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return 0, err
			}
		}
		v, err := ast.JSON(cases[i].value(snap))
		if err != nil {
			return 0, fmt.Errorf("write cases: %s: %w", cases[i].describe(snap), err)
		}
		b, err := json.Marshal(v)
		if err != nil {
			return 0, fmt.Errorf("write cases: %s: %w", cases[i].describe(snap), err)
		}
		if i > 0 {
			bw.WriteString(",\n")
		}
		bw.Write(b)
	}
	bw.WriteString("]}\n")
	if err := bw.Flush(); err != nil {
		return 0, fmt.Errorf("write cases: %w", err)
	}
	return len(cases), nil
}

// CountCases returns the number of cases Check evaluates for snap: one per
// account, per unlinked source person and per entry whose account is
// missing, and the tenant case.
func CountCases(snap *syncaudit.Snapshot) int { return len(join(snap)) + 1 }
