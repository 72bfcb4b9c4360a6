package ingest_test

import (
	"context"
	"os"
	"testing"

	"github.com/syncaudit/syncaudit/ingest"
)

// BenchmarkReadSnapshot reads the snapshot in $SYNCAUDIT_BENCH_SNAPSHOT
// (e.g. one written by `syncaudit gen`); it is skipped when that is unset.
func BenchmarkReadSnapshot(b *testing.B) {
	dir := os.Getenv("SYNCAUDIT_BENCH_SNAPSHOT")
	if dir == "" {
		b.Skip("set SYNCAUDIT_BENCH_SNAPSHOT to a snapshot folder, e.g. .bench/board-100k")
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ingest.ReadSnapshot(context.Background(), dir); err != nil {
			b.Fatal(err)
		}
	}
}
