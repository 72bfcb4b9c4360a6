// Command testsum reads the events of go test -json on its standard input
// and prints what a person reads: one line per package as go test prints
// it, the output of every failed test, and a closing total line,
// "total: N passed, N failed, N skipped", counting tests and subtests. It
// exits 1 when a test or a package failed (a build failure included), so
// make test fails loudly. See the Makefile's test target.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
)

// event is one line of go test -json (cmd/test2json).
type event struct {
	Action  string
	Package string
	Test    string
	Elapsed float64
	Output  string
	// ImportPath names the package of a build-output or build-fail event.
	ImportPath string
}

// totals counts the outcomes of a run.
type totals struct {
	passed, failed, skipped int
	failedPackages          []string
}

func main() {
	t, err := summarise(os.Stdin, os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "testsum:", err)
		os.Exit(2)
	}
	if t.failed > 0 || len(t.failedPackages) > 0 {
		os.Exit(1)
	}
}

// summarise reads the events from r and writes the summary to w.
func summarise(r io.Reader, w io.Writer) (totals, error) {
	var t totals
	output := map[string][]string{} // package + "\x00" + test -> its output
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		line := sc.Bytes()
		var e event
		if err := json.Unmarshal(line, &e); err != nil || e.Action == "" {
			fmt.Fprintln(w, string(line)) // not an event (go vet, a build message): pass it on
			continue
		}
		key := e.Package + "\x00" + e.Test
		switch e.Action {
		case "build-output":
			output[e.ImportPath+"\x00"] = append(output[e.ImportPath+"\x00"], e.Output)
		case "build-fail":
			fmt.Fprint(w, strings.Join(output[e.ImportPath+"\x00"], ""))
		case "output":
			output[key] = append(output[key], e.Output)
		case "pass", "fail", "skip":
			if e.Test == "" {
				t.packageDone(w, e, output[key])
				delete(output, key)
				continue
			}
			switch e.Action {
			case "pass":
				t.passed++
			case "skip":
				t.skipped++
			case "fail":
				t.failed++
				fmt.Fprint(w, strings.Join(output[key], ""))
			}
			delete(output, key)
		}
	}
	if err := sc.Err(); err != nil {
		return t, err
	}
	if len(t.failedPackages) > 0 {
		fmt.Fprintf(w, "failed packages: %s\n", strings.Join(t.failedPackages, " "))
	}
	fmt.Fprintf(w, "total: %d passed, %d failed, %d skipped\n", t.passed, t.failed, t.skipped)
	return t, nil
}

// packageDone prints a package's line as go test does: ok, FAIL, or no test files.
func (t *totals) packageDone(w io.Writer, e event, out []string) {
	switch {
	case e.Action == "fail":
		t.failedPackages = append(t.failedPackages, e.Package)
		// Output outside any test (a panic in TestMain, a build error) says why.
		for _, l := range out {
			if !strings.HasPrefix(l, "FAIL") && !strings.HasPrefix(l, "ok ") {
				fmt.Fprint(w, l)
			}
		}
		fmt.Fprintf(w, "FAIL\t%s\t%.3fs\n", e.Package, e.Elapsed)
	case e.Action == "skip":
		fmt.Fprintf(w, "?   \t%s\t[no test files]\n", e.Package)
	default:
		cached := ""
		for _, l := range out {
			if strings.Contains(l, "(cached)") {
				cached = " (cached)"
			}
		}
		fmt.Fprintf(w, "ok  \t%s\t%.3fs%s\n", e.Package, e.Elapsed, cached)
	}
}
