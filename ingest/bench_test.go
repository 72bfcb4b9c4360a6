package ingest

import (
	"context"
	"os"
	"testing"
)

// BenchmarkReadSnapshot reads the snapshot in $SYNCAUDIT_BENCH_SNAPSHOT
// (e.g. one written by `syncaudit gen`), its tables one at a time and all
// at once (on up to GOMAXPROCS goroutines, as Read does); it is skipped
// when that is unset.
func BenchmarkReadSnapshot(b *testing.B) {
	dir := os.Getenv("SYNCAUDIT_BENCH_SNAPSHOT")
	if dir == "" {
		b.Skip("set SYNCAUDIT_BENCH_SNAPSHOT to a snapshot folder, e.g. .bench/board-100k")
	}
	for _, bb := range []struct {
		name    string
		workers int
	}{{"one-table-at-a-time", 1}, {"tables-at-once", 0}} {
		b.Run(bb.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Read(context.Background(), dir, Options{Limits: DefaultLimits, workers: bb.workers}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
