package policies

import (
	"testing"

	"github.com/syncaudit/syncaudit/samples/gen"
)

// BenchmarkFindTwins measures the M5/U2 look-up that join does once per
// snapshot, on 100,000 generated accounts without twins (the usual case).
func BenchmarkFindTwins(b *testing.B) {
	o := gen.DefaultOptions()
	o.Accounts = 100_000
	snap := gen.Generate(o)
	b.ResetTimer()
	for b.Loop() {
		if findTwins(snap) != nil {
			b.Fatal("twins in a generated snapshot")
		}
	}
}
