package policies

import (
	"context"

	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage/inmem"

	"github.com/syncaudit/syncaudit"
)

// FastPath reports whether Check takes the fast path with this engine.
func (e *Engine) FastPath() bool { return e.fastPath }

// QuietCases counts the account cases of snap on which
// data.syncaudit.lib.quiet holds, and the account cases in all, so that the
// equivalence test can show the fast path was taken.
func (e *Engine) QuietCases(ctx context.Context, snap *syncaudit.Snapshot) (quiet, accounts int, err error) {
	sources := snapshotSources(snap)
	store := inmem.NewFromObjectWithOpts(
		map[string]any{"tenant": tenantData(snap, snap.Tenant.RunDate, sources)},
		inmem.OptReturnASTValuesOnRead(true),
	)
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
