package policies_test

import (
	"context"
	"os"
	"testing"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/policies"
	"github.com/syncaudit/syncaudit/samples/gen"
)

// benchCheck measures Check on a generated snapshot of n accounts and
// reports cases (accounts) per second. BENCH_NO_FAST_PATH=1 in the
// environment turns the fast path off (CheckOptions.NoFastPath), to compare.
// Profile it with
//
//	go test -run XXX -bench CheckGenerated/board-20k -cpuprofile cpu.prof ./policies/
//	go tool pprof -top policies.test cpu.prof
func benchCheck(b *testing.B, structure syncaudit.Structure, n int) {
	o := gen.DefaultOptions()
	o.Structure, o.Accounts = structure, n
	snap := gen.Generate(o)
	engine, err := policies.Load(context.Background(), policies.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := engine.Check(context.Background(), snap, policies.CheckOptions{NoFastPath: os.Getenv("BENCH_NO_FAST_PATH") != ""}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "accounts/s")
}

func BenchmarkCheckGenerated(b *testing.B) {
	b.Run("board-20k", func(b *testing.B) { benchCheck(b, syncaudit.Board, 20000) })
	b.Run("multi_domain-20k", func(b *testing.B) { benchCheck(b, syncaudit.MultiDomain, 20000) })
	b.Run("board-5k", func(b *testing.B) { benchCheck(b, syncaudit.Board, 5000) })
	b.Run("board-100k", func(b *testing.B) { benchCheck(b, syncaudit.Board, 100000) })
}
