// Command tool is the helper of bench/run.sh: it times one phase of a check
// (reading a snapshot, evaluating the rule book, writing the reports) in its
// own process and prints one JSON line with the seconds and the peak RSS, and
// exports a snapshot's cases for the opa CLI. It is not part of syncaudit.
//
//	go run ./bench/tool read SNAPSHOT
//	go run ./bench/tool eval SNAPSHOT
//	go run ./bench/tool write SNAPSHOT REPORT.json OUTDIR
//	go run ./bench/tool dump SNAPSHOT OUTDIR   (writes OUTDIR/data.json and OUTDIR/input.json)
//
// BENCH_CPUPROFILE=FILE writes a CPU profile of the whole run; with eval,
// BENCH_MEMPROFILE=FILE writes a heap profile of what is live after the check.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"syscall"
	"time"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/ingest"
	"github.com/syncaudit/syncaudit/internal/gctune"
	"github.com/syncaudit/syncaudit/policies"
	"github.com/syncaudit/syncaudit/report"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "bench tool:", err)
		os.Exit(2)
	}
}

// result is what one phase measured.
type result struct {
	Phase   string  `json:"phase"`
	Seconds float64 `json:"seconds"`
	Cases   int     `json:"cases,omitempty"`
	MaxRSS  int64   `json:"max_rss_bytes"`
	// LiveHeap is the heap still in use after the phase and a collection:
	// what a run of this size must hold, whatever GOGC says.
	LiveHeap uint64 `json:"live_heap_bytes"`
	// CPU and GCCPU are the CPU seconds the process used in all and in the
	// garbage collector (runtime/metrics): less noisy than wall time on a
	// shared machine.
	CPU   float64 `json:"cpu_seconds"`
	GCCPU float64 `json:"gc_cpu_seconds"`
}

func run(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) < 2 {
		return fmt.Errorf("usage: tool read|eval|write|dump SNAPSHOT [...]")
	}
	phase, dir := args[0], args[1]
	gctune.ForLargeRun() // as check does
	if path := os.Getenv("BENCH_CPUPROFILE"); path != "" {
		f, err := os.Create(path)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	var start time.Time
	res := result{Phase: phase}
	switch phase {
	case "read":
		start = time.Now()
		snap, err := ingest.ReadSnapshot(ctx, dir)
		if err != nil {
			return err
		}
		res.Cases = len(snap.Accounts)
		res.Seconds = time.Since(start).Seconds()
		res.LiveHeap = liveHeap()
		if path := os.Getenv("BENCH_MEMPROFILE"); path != "" {
			if err := writeHeapProfile(path); err != nil {
				return err
			}
		}
		runtime.KeepAlive(snap)
	case "eval":
		snap, err := ingest.ReadSnapshot(ctx, dir)
		if err != nil {
			return err
		}
		engine, err := policies.Load(ctx, policies.Options{})
		if err != nil {
			return err
		}
		cases := policies.CountCases(snap)
		start = time.Now()
		rep, err := engine.Check(ctx, snap, policies.CheckOptions{})
		if err != nil {
			return err
		}
		res.Cases = cases
		res.Seconds = time.Since(start).Seconds()
		res.LiveHeap = liveHeap()
		if path := os.Getenv("BENCH_MEMPROFILE"); path != "" {
			if err := writeHeapProfile(path); err != nil {
				return err
			}
		}
		runtime.KeepAlive(snap)
		runtime.KeepAlive(rep)
	case "write":
		if len(args) != 4 {
			return fmt.Errorf("usage: tool write SNAPSHOT REPORT.json OUTDIR")
		}
		b, err := os.ReadFile(args[2])
		if err != nil {
			return err
		}
		var rep syncaudit.Report
		if err := json.Unmarshal(b, &rep); err != nil {
			return err
		}
		b = nil
		start = time.Now()
		if err := writeReports(args[3], &rep); err != nil {
			return err
		}
		res.Cases = rep.Summary.Accounts
	case "dump":
		if len(args) != 3 {
			return fmt.Errorf("usage: tool dump SNAPSHOT OUTDIR")
		}
		snap, err := ingest.ReadSnapshot(ctx, dir)
		if err != nil {
			return err
		}
		start = time.Now()
		if err := os.MkdirAll(args[2], 0o755); err != nil {
			return err
		}
		data, err := os.Create(filepath.Join(args[2], "data.json"))
		if err != nil {
			return err
		}
		defer data.Close()
		input, err := os.Create(filepath.Join(args[2], "input.json"))
		if err != nil {
			return err
		}
		defer input.Close()
		if res.Cases, err = policies.WriteCases(ctx, snap, "", data, input); err != nil {
			return err
		}
		if err := data.Close(); err != nil {
			return err
		}
		if err := input.Close(); err != nil {
			return err
		}
	default:
		return fmt.Errorf("unknown phase %q: use read, eval, write or dump", phase)
	}
	if res.Seconds == 0 {
		res.Seconds = time.Since(start).Seconds()
	}
	samples := []metrics.Sample{{Name: "/cpu/classes/total:cpu-seconds"}, {Name: "/cpu/classes/gc/total:cpu-seconds"}, {Name: "/cpu/classes/idle:cpu-seconds"}}
	metrics.Read(samples)
	res.CPU = samples[0].Value.Float64() - samples[2].Value.Float64()
	res.GCCPU = samples[1].Value.Float64()
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err == nil {
		res.MaxRSS = ru.Maxrss * 1024 // kilobytes on Linux
	}
	return json.NewEncoder(stdout).Encode(res)
}

// liveHeap collects garbage and returns the bytes of heap still in use; with
// BENCH_MEMPROFILE set it writes the heap profile there too.
func liveHeap() uint64 {
	runtime.GC()
	if path := os.Getenv("BENCH_MEMPROFILE"); path != "" {
		if f, err := os.Create(path); err == nil {
			pprof.Lookup("heap").WriteTo(f, 0)
			f.Close()
		}
	}
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// writeReports writes what check writes: report.json and actions.csv.
// writeHeapProfile writes what is live now (after a collection) to path.
func writeHeapProfile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	runtime.GC()
	if err := pprof.WriteHeapProfile(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func writeReports(dir string, rep *syncaudit.Report) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	write := func(name string, fn func(io.Writer) error) error {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			return err
		}
		if err := fn(f); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	}
	if err := write("report.json", func(w io.Writer) error { return report.WriteJSON(w, rep) }); err != nil {
		return err
	}
	return write("actions.csv", func(w io.Writer) error { return report.CSV{}.Write(w, rep) })
}
