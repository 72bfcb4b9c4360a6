package ingest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/internal/testtree"
	"github.com/syncaudit/syncaudit/samples/gen"
)

// generated writes a generated multi-domain snapshot (every table, more
// rows than one chunk in the large ones) with its tables in format, and
// returns the folder.
func generated(tb testing.TB, accounts int, format TableFormat) string {
	tb.Helper()
	o := gen.DefaultOptions()
	o.Accounts, o.Structure, o.Seed = accounts, syncaudit.MultiDomain, 7
	snap := gen.Generate(o)
	for _, base := range []string{"sources/las", "sources/hr", "sources/sis", "target/accounts", "target/exceptions", "target/memberships"} {
		snap.Inputs = append(snap.Inputs, syncaudit.InputFile{File: base + "." + format.Ext(), Format: format.Format, Delimiter: format.Delimiter})
	}
	dir := tb.TempDir()
	if err := WriteSnapshot(dir, snap); err != nil {
		tb.Fatal(err)
	}
	return dir
}

// rowsRead is the number of rows a snapshot's tables held.
func rowsRead(s *syncaudit.Snapshot) int {
	n := len(s.Records) + len(s.Accounts) + len(s.Exceptions) + len(s.Memberships)
	for _, u := range s.Unoffered {
		n += u
	}
	return n
}

func TestReadReportsProgress(t *testing.T) {
	tests := []struct {
		name      string
		format    TableFormat
		workers   int
		knowTotal bool // the line counts give the rows to come
	}{
		{"csv, one table at a time", CSV, 1, true},
		{"csv, four at once", CSV, 4, true},
		{"json lines", TableFormat{Format: "jsonl"}, 2, true},
		{"a JSON array: no total", TableFormat{Format: "json"}, 2, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := generated(t, 6000, tt.format)
			type call struct{ read, total int }
			var calls []call
			snap, err := Read(context.Background(), dir, Options{Limits: DefaultLimits, workers: tt.workers,
				Progress: func(read, total int) { calls = append(calls, call{read, total}) }})
			if err != nil {
				t.Fatal(err)
			}
			rows := rowsRead(snap)
			if len(calls) < 4 {
				t.Fatalf("Progress was called %d times (%v), want one before the first row, one a chunk and one at the end", len(calls), calls)
			}
			if last := calls[len(calls)-1]; last != (call{rows, rows}) {
				t.Errorf("last call = %+v, want %d rows of %d: the rows read", last, rows, rows)
			}
			if calls[0].read != 0 {
				t.Errorf("first call = %+v, want 0 rows read", calls[0])
			}
			wantTotal := 0
			if tt.knowTotal {
				wantTotal = rows // no blank lines or line breaks in quotes: the line counts are exact
			}
			for i, c := range calls[:len(calls)-1] {
				if c.total != wantTotal {
					t.Errorf("call %d = %+v, want a total of %d", i, c, wantTotal)
				}
				if i > 0 && c.read < calls[i-1].read {
					t.Errorf("call %d = %+v after %+v: the count went back", i, c, calls[i-1])
				}
			}
		})
	}
}

// TestReadConcurrentlyAsInOrder reads snapshots (good ones, and ones with
// errors in several tables) one table at a time and several at once: the
// snapshot and the error are the same, and the error is the first table's
// in the order tenant, las, hr, sis, accounts, exceptions, memberships.
func TestReadConcurrentlyAsInOrder(t *testing.T) {
	base := generated(t, 6000, CSV)
	type edit = lineEdit
	tests := []struct {
		name   string
		edits  []edit
		remove []string
		copies [][2]string // from, to
		want   string      // the start of the error; "" = none
	}{
		{name: "good"},
		{name: "las and accounts wrong", edits: []edit{{"sources/las.csv", ",student,", ",studnt,", 2500}, {"target/accounts.csv", ",active,", ",actve,", 2}},
			want: "sources/las.csv:"},
		{name: "hr late, accounts early", edits: []edit{{"sources/hr.csv", ",staff,", ",stf,", 0}, {"target/accounts.csv", ",active,", ",actve,", 2}},
			want: "sources/hr.csv:"},
		{name: "accounts and memberships wrong", edits: []edit{{"target/memberships.csv", ",group,", ",grop,", 2}, {"target/accounts.csv", ",active,", ",actve,", 5000}},
			want: "target/accounts.csv:"},
		{name: "exceptions and memberships wrong", edits: []edit{{"target/memberships.csv", ",group,", ",grop,", 2}, {"target/exceptions.csv", ",20", ",30", 2}},
			want: "target/exceptions.csv:"},
		{name: "sis wrong, accounts missing", edits: []edit{{"sources/sis.csv", ",student,", ",stu,", 2}}, remove: []string{"target/accounts.csv"},
			want: "sources/sis.csv:"},
		{name: "accounts missing", remove: []string{"target/accounts.csv"},
			want: "target/accounts.csv: a required file is missing"},
		{name: "accounts wrong, memberships twice", edits: []edit{{"target/accounts.csv", ",active,", ",actve,", 5000}}, copies: [][2]string{{"target/memberships.csv", "target/memberships.jsonl"}},
			want: "target/accounts.csv:"},
		{name: "memberships twice", copies: [][2]string{{"target/memberships.csv", "target/memberships.jsonl"}},
			want: "target/memberships.csv: the snapshot holds this table twice"},
		{name: "accounts broken after a chunk of row errors", edits: append(rowErrors("target/accounts.csv", 60), edit{"target/accounts.csv", ",active,", `,"act"x,`, 4500}),
			want: "target/accounts.csv:10:"},
		{name: "accounts broken before the end of a chunk of row errors", edits: append(rowErrors("target/accounts.csv", 60), edit{"target/accounts.csv", ",active,", `,"act"x,`, 500}),
			want: "target/accounts.csv:500:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			testtree.Copy(t, base, dir)
			for _, e := range tt.edits {
				editLine(t, filepath.Join(dir, e.file), e.line, e.old, e.new)
			}
			for _, name := range tt.remove {
				os.Remove(filepath.Join(dir, name))
			}
			for _, c := range tt.copies {
				data, _ := os.ReadFile(filepath.Join(dir, c[0]))
				os.WriteFile(filepath.Join(dir, c[1]), data, 0o644)
			}
			one, oneErr := Read(context.Background(), dir, Options{Limits: DefaultLimits, workers: 1})
			for _, workers := range []int{2, 8} {
				many, manyErr := Read(context.Background(), dir, Options{Limits: DefaultLimits, workers: workers})
				if errText(manyErr) != errText(oneErr) {
					t.Errorf("%d at once: error\n%v\none at a time:\n%v", workers, manyErr, oneErr)
				}
				if !reflect.DeepEqual(many, one) {
					t.Errorf("%d at once: the snapshot differs from the one read one table at a time", workers)
				}
			}
			switch {
			case tt.want == "" && oneErr != nil:
				t.Fatalf("Read: %v", oneErr)
			case tt.want != "" && (oneErr == nil || !strings.HasPrefix(oneErr.Error(), tt.want)):
				t.Fatalf("error = %v, want it to start %q", oneErr, tt.want)
			}
		})
	}
}

// A lineEdit replaces old by new on the first line of file at or after line
// (1-based; 0 = the last line holding old).
type lineEdit struct {
	file, old, new string
	line           int
}

// rowErrors makes n rows of the accounts wrong (an unknown status), from line 10 on.
func rowErrors(file string, n int) []lineEdit {
	var out []lineEdit
	for i := range n {
		out = append(out, lineEdit{file, ",active,", ",actve,", 10 + 2*i})
	}
	return out
}

// editLine replaces old by new on the first line at or after line (1-based;
// 0 = the last line) that holds old.
func editLine(tb testing.TB, path string, line int, old, new string) {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	i := line - 1
	if line == 0 {
		i = len(lines) - 2 // the file ends with a line break
		for i > 0 && !strings.Contains(lines[i], old) {
			i--
		}
	}
	for i < len(lines) && !strings.Contains(lines[i], old) {
		i++
	}
	if i >= len(lines) {
		tb.Fatalf("%s: no line from %d holds %q", path, line, old)
	}
	lines[i] = strings.Replace(lines[i], old, new, 1)
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		tb.Fatal(err)
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func TestReadStopsWhenCancelled(t *testing.T) {
	dir := generated(t, 6000, CSV)
	t.Run("before reading", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := Read(ctx, dir, Options{Limits: DefaultLimits}); !errors.Is(err, context.Canceled) {
			t.Errorf("error = %v, want %v", err, context.Canceled)
		}
	})
	t.Run("while reading", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		var calls int
		_, err := Read(ctx, dir, Options{Limits: DefaultLimits, workers: 2, Progress: func(read, total int) {
			calls++
			if read > 0 {
				cancel() // after the first chunk
			}
		}})
		if !errors.Is(err, context.Canceled) {
			t.Errorf("error = %v, want %v", err, context.Canceled)
		}
		if calls > 3 { // the first, the one that cancels, and the other worker's chunk
			t.Errorf("Progress was called %d times: reading went on after the cancel", calls)
		}
	})
}
