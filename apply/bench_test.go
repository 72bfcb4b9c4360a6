package apply_test

import (
	"context"
	"testing"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/apply"
	"github.com/syncaudit/syncaudit/samples/gen"
)

// BenchmarkPlan applies a plan that touches every account of a generated
// 100k-account board (a create per unlinked record, a membership and a soft
// delete per account), to show that Plan costs per action, not per table.
func BenchmarkPlan(b *testing.B) {
	opts := gen.DefaultOptions()
	opts.Accounts = 100_000
	snap := gen.Generate(opts)
	snap.Inputs = []syncaudit.InputFile{{File: "tenant.yaml", SHA256: "x"}}
	plan := &syncaudit.Report{Schema: syncaudit.ReportSchema, Run: syncaudit.Run{RunDate: opts.RunDate, Inputs: snap.Inputs}}
	linked := map[syncaudit.Link]bool{}
	for _, a := range snap.Accounts {
		for _, l := range a.Links {
			linked[l] = true
		}
		if a.Status == syncaudit.Active && len(a.Schools) > 0 {
			plan.Actions = append(plan.Actions,
				syncaudit.Action{Kind: syncaudit.AddMembership, Account: a.ID, School: a.Schools[0], Group: "bench", Rule: "V7", State: syncaudit.Planned},
				syncaudit.Action{Kind: syncaudit.SoftDelete, Account: a.ID, Rule: "D3", State: syncaudit.Planned})
		}
	}
	for _, r := range snap.Records {
		if !linked[r.Link()] {
			plan.Actions = append(plan.Actions, syncaudit.Action{Kind: syncaudit.Create, Source: string(r.Source), SourceID: r.SourceID, School: r.School, Rule: "M4", State: syncaudit.Planned})
		}
	}
	b.ReportMetric(float64(len(plan.Actions)), "actions")
	b.ResetTimer()
	for range b.N {
		if _, err := apply.Plan(context.Background(), snap, plan, apply.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
