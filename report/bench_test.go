package report_test

import (
	"context"
	"io"
	"os"
	"strconv"
	"testing"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/policies"
	"github.com/syncaudit/syncaudit/report"
	"github.com/syncaudit/syncaudit/samples/gen"
)

// BenchmarkWriters writes each report of a checked, generated board
// (BENCH_ACCOUNTS accounts, default 20,000) to io.Discard: what each output
// costs on its own, for docs/scale.md's floors. Profile one with
//
//	go test ./report -run '^$' -bench 'Writers/xlsx' -benchtime 2x -cpuprofile cpu.prof
func BenchmarkWriters(b *testing.B) {
	n := 20000
	if v, err := strconv.Atoi(os.Getenv("BENCH_ACCOUNTS")); err == nil && v > 0 {
		n = v
	}
	ctx := context.Background()
	o := gen.DefaultOptions()
	o.Structure, o.Accounts = syncaudit.Board, n
	snap := gen.Generate(o)
	engine, err := policies.Load(ctx, policies.Options{})
	if err != nil {
		b.Fatal(err)
	}
	rep, err := engine.Check(ctx, snap, policies.CheckOptions{})
	if err != nil {
		b.Fatal(err)
	}
	writers := []struct {
		name  string
		write func(io.Writer) error
	}{
		{"json", func(w io.Writer) error { return report.WriteJSON(w, rep) }},
		{"csv", func(w io.Writer) error { return report.CSV{}.Write(w, rep) }},
		{"xlsx", func(w io.Writer) error { return report.XLSX{}.Write(ctx, w, rep, snap) }},
		{"pdf", func(w io.Writer) error { return report.WritePDF(w, rep, report.PDFOptions{}) }},
	}
	for _, wr := range writers {
		b.Run(wr.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := wr.write(io.Discard); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "accounts/s")
		})
	}
}
