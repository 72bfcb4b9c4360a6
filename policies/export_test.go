package policies

import (
	"context"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/syncaudit/syncaudit"
)

// FastPath reports whether Check takes the fast path with this engine.
func (e *Engine) FastPath() bool { return e.fastPath }

// QuietCases counts the account cases of snap on which the rule book's
// data.syncaudit.lib.quiet holds, and the account cases in all, so that the
// equivalence test can show the fast path was taken.
func (e *Engine) QuietCases(ctx context.Context, snap *syncaudit.Snapshot) (quiet, accounts int, err error) {
	sources := snapshotSources(snap)
	store := tenantStore(snap, snap.Tenant.RunDate, sources)
	pq, err := rego.New(rego.Compiler(e.compiler), rego.Store(store), rego.Query(quietQuery)).PrepareForEval(ctx)
	if err != nil {
		return 0, 0, err
	}
	for _, k := range join(snap) {
		if k.kind != accountCase {
			continue
		}
		accounts++
		ok, err := isTrue(ctx, pq, k.value(snap))
		if err != nil {
			return 0, 0, err
		}
		if ok {
			quiet++
		}
	}
	return quiet, accounts, nil
}

// quietQuery is the fast path's condition as the rule book states it; the
// engine runs its Go mirror (quiet.go).
const quietQuery = "data.syncaudit.lib.quiet"

// isTrue evaluates a prepared boolean query on one input: true only when it
// is defined and true.
func isTrue(ctx context.Context, pq rego.PreparedEvalQuery, input ast.Value) (bool, error) {
	rs, err := pq.Eval(ctx, rego.EvalParsedInput(input))
	if err != nil {
		return false, err
	}
	return len(rs) > 0 && len(rs[0].Expressions) > 0 && rs[0].Expressions[0].Value == true, nil
}
