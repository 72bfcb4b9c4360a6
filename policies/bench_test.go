package policies

import (
	"context"
	"testing"

	"github.com/syncaudit/syncaudit"
)

// BenchmarkCheck runs the built-in rule book on a synthetic board of 20,000
// accounts (gen_test.go) with GOMAXPROCS workers and reports accounts/s.
func BenchmarkCheck(b *testing.B) {
	const accounts = 20000
	e, err := Load(context.Background(), Options{Tool: syncaudit.Tool{Name: "syncaudit", Version: "bench"}})
	if err != nil {
		b.Fatal(err)
	}
	snap := synthetic(accounts)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rep, err := e.Check(context.Background(), snap, CheckOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if len(rep.Actions) == 0 {
			b.Fatal("no actions: the synthetic snapshot no longer exercises the rules")
		}
	}
	b.ReportMetric(float64(accounts*b.N)/b.Elapsed().Seconds(), "accounts/s")
}
