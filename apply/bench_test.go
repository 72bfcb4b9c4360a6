package apply_test

import (
	"context"
	"testing"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/apply"
	"github.com/syncaudit/syncaudit/policies"
	"github.com/syncaudit/syncaudit/samples/gen"
)

// BenchmarkPlan applies the rule book's own plan for a generated
// 20k-account board: Plan evaluates the rule book again (its main cost, about
// one check) and carries out the plan's selection.
func BenchmarkPlan(b *testing.B) {
	opts := gen.DefaultOptions()
	opts.Accounts = 20_000
	snap := gen.Generate(opts)
	snap.Inputs = []syncaudit.InputFile{{File: "tenant.yaml", SHA256: "x"}}
	engine := loadEngine(b)
	plan, err := engine.Check(context.Background(), snap, policies.CheckOptions{})
	if err != nil {
		b.Fatal(err)
	}
	var accept []string
	for _, f := range plan.Findings {
		if f.Severity == syncaudit.Deny {
			accept = append(accept, f.Rule)
		}
	}
	b.ReportMetric(float64(len(plan.Actions)), "actions")
	b.ResetTimer()
	for range b.N {
		if _, err := apply.Plan(context.Background(), snap, plan, apply.Options{Engine: engine, AcceptDeny: accept}); err != nil {
			b.Fatal(err)
		}
	}
}
