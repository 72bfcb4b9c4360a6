package policies

import (
	"context"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/samples/gen"
)

// BenchmarkEvalCase evaluates the rule book's case query on the cases of a
// generated board of 5,000 accounts (samples/gen), one after the other on
// one goroutine, without joining, converting or sorting: the cost of the
// Rego alone, per case (reported as µs/case).
//
//	go test ./policies -run '^$' -bench EvalCase -cpuprofile cpu.prof
func BenchmarkEvalCase(b *testing.B) {
	ctx := context.Background()
	snap, pq := prepareOnBoard(b, func(e *Engine) string { return e.query() })
	cases := join(snap)
	values := make([]ast.Value, len(cases))
	for i := range cases {
		values[i] = cases[i].value(snap)
	}
	b.ReportAllocs()
	b.ResetTimer()
	n := 0
	for b.Loop() {
		for _, v := range values {
			if _, err := eval(ctx, pq, v); err != nil {
				b.Fatal(err)
			}
			n++
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n)/1000, "µs/case")
}

// BenchmarkEvalQuiet evaluates the rule book's statement of the fast path
// (data.syncaudit.lib.quiet) through OPA on the account cases of the same
// generated board, one goroutine: what the fast path cost an account case
// (µs/case) when the engine asked OPA, before it ran the conditions in Go
// (BenchmarkQuiet), and the share of cases that skip the full query.
func BenchmarkEvalQuiet(b *testing.B) {
	ctx := context.Background()
	snap, pq := prepareOnBoard(b, func(*Engine) string { return quietQuery })
	var values []ast.Value
	for _, k := range join(snap) {
		if k.kind == accountCase {
			values = append(values, k.value(snap))
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	n, quiet := 0, 0
	for b.Loop() {
		for _, v := range values {
			ok, err := isTrue(ctx, pq, v)
			if err != nil {
				b.Fatal(err)
			}
			if ok {
				quiet++
			}
			n++
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n)/1000, "µs/case")
	b.ReportMetric(100*float64(quiet)/float64(n), "%quiet")
}

// board generates the benchmarks' board of 5,000 accounts and loads the
// built-in rule book, with the store its queries read data.tenant from.
func board(b *testing.B) (*Engine, *syncaudit.Snapshot, storage.Store) {
	b.Helper()
	e, err := Load(context.Background(), Options{})
	if err != nil {
		b.Fatal(err)
	}
	o := gen.DefaultOptions()
	o.Structure, o.Accounts = syncaudit.Board, 5000
	snap := gen.Generate(o)
	return e, snap, tenantStore(snap, snap.Tenant.RunDate, snapshotSources(snap))
}

// prepareOnBoard generates the benchmarks' board and prepares the query that
// query names against the built-in rule book.
func prepareOnBoard(b *testing.B, query func(*Engine) string) (*syncaudit.Snapshot, rego.PreparedEvalQuery) {
	b.Helper()
	e, snap, store := board(b)
	pq, err := rego.New(rego.Compiler(e.compiler), rego.Store(store), rego.Query(query(e))).PrepareForEval(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	return snap, pq
}

// BenchmarkQuiet runs the fast path's Go conditions (quiet.go) on the
// account cases of the same generated board: what the fast path costs an
// account case now (ns/case), against BenchmarkEvalQuiet's OPA query.
func BenchmarkQuiet(b *testing.B) {
	e, snap, store := board(b)
	q, err := e.newQuietTenant(context.Background(), snap, store, snap.Tenant.RunDate, snapshotSources(snap))
	if err != nil {
		b.Fatal(err)
	}
	var cases []kase
	for _, k := range join(snap) {
		if k.kind == accountCase {
			cases = append(cases, k)
		}
	}
	b.ReportAllocs()
	n, quiet := 0, 0
	for b.Loop() {
		for i := range cases {
			if q.quiet(snap, &cases[i]) {
				quiet++
			}
			n++
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n), "ns/case")
	b.ReportMetric(100*float64(quiet)/float64(n), "%quiet")
}
