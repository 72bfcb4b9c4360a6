package atomicfile

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWriteModes(t *testing.T) {
	for _, mode := range []os.FileMode{Mode, Shared} {
		t.Run(mode.String(), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "sub", "report.json")
			if err := Write(path, mode, func(w io.Writer) error { _, err := io.WriteString(w, "{}"); return err }); err != nil {
				t.Fatal(err)
			}
			info, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if got := info.Mode().Perm(); got != mode {
				t.Errorf("mode %#o, want %#o", got, mode)
			}
		})
	}
}

func TestWriteFailureLeavesTheOldFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "report.json")
	os.WriteFile(path, []byte("old"), 0o600)
	boom := errors.New("boom")
	err := Write(path, Mode, func(w io.Writer) error { io.WriteString(w, "half"); return boom })
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want boom", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "old" {
		t.Errorf("file holds %q, want the old content", b)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("%d entries left, want only the old file", len(entries))
	}
}

func TestSet(t *testing.T) {
	write := func(s *Set, name string) {
		t.Helper()
		if err := s.Write(name, func(w io.Writer) error { _, err := io.WriteString(w, name); return err }); err != nil {
			t.Fatal(err)
		}
	}
	t.Run("discard leaves the folder as it was", func(t *testing.T) {
		parent := t.TempDir()
		out := filepath.Join(parent, "out")
		os.Mkdir(out, 0o755)
		os.WriteFile(filepath.Join(out, "report.json"), []byte("old"), 0o600)
		s, err := NewSet(out, Mode)
		if err != nil {
			t.Fatal(err)
		}
		write(s, "report.json")
		write(s, "actions.csv")
		s.Discard()
		if b, _ := os.ReadFile(filepath.Join(out, "report.json")); string(b) != "old" {
			t.Errorf("report.json = %q, want the old one", b)
		}
		if entries, _ := os.ReadDir(parent); len(entries) != 1 {
			t.Errorf("%d entries beside the folder, want none (staging removed)", len(entries)-1)
		}
	})
	t.Run("commit puts every file in place with the mode", func(t *testing.T) {
		parent := t.TempDir()
		out := filepath.Join(parent, "out")
		s, err := NewSet(out, Shared)
		if err != nil {
			t.Fatal(err)
		}
		write(s, "report.json")
		write(s, "actions.csv")
		if _, err := os.Stat(out); err == nil {
			t.Error("the folder exists before Commit")
		}
		if err := s.Commit(); err != nil {
			t.Fatal(err)
		}
		s.Discard() // safe after Commit
		for _, name := range []string{"report.json", "actions.csv"} {
			info, err := os.Stat(filepath.Join(out, name))
			if err != nil {
				t.Fatal(err)
			}
			if info.Mode().Perm() != Shared {
				t.Errorf("%s: mode %#o, want %#o", name, info.Mode().Perm(), Shared)
			}
		}
		if entries, _ := os.ReadDir(parent); len(entries) != 1 {
			t.Errorf("%d entries in the parent, want only the folder", len(entries))
		}
	})
}

// TestSetLocksItsFolder: while one set on a folder is open, a second waits
// (here: gives up at once, its context being done); once the first is
// committed the second gets the folder, and no lock file is left behind.
func TestSetLocksItsFolder(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "out")
	first, err := NewSet(out, Mode)
	if err != nil {
		t.Fatal(err)
	}
	done, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := NewSetContext(done, out, Mode); err == nil || !strings.Contains(err.Error(), "wait for another run writing into") {
		t.Fatalf("a second set on a locked folder: %v, want a wait that gives up", err)
	}
	other, err := NewSetContext(done, filepath.Join(parent, "other"), Mode)
	if err != nil {
		t.Fatalf("a set on another folder waited: %v", err)
	}
	other.Discard()
	if err := first.Write("report.json", func(w io.Writer) error { _, err := io.WriteString(w, "first"); return err }); err != nil {
		t.Fatal(err)
	}
	if err := first.Commit(); err != nil {
		t.Fatal(err)
	}
	second, err := NewSetContext(done, out, Mode)
	if err != nil {
		t.Fatalf("the folder is still locked after the first set's commit: %v", err)
	}
	second.Discard()
	second.Discard() // twice is harmless
	if entries, _ := os.ReadDir(parent); len(entries) != 1 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("beside the folder: %v, want only out", names)
	}
}
