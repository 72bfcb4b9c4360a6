package ingest

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/syncaudit/syncaudit"
)

func TestTableFilesAreFoundWhateverTheirCase(t *testing.T) {
	dir := sample(t)
	if err := os.Rename(filepath.Join(dir, "sources", "las.csv"), filepath.Join(dir, "sources", "LAS.CSV")); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(filepath.Join(dir, "target", "accounts.csv"), filepath.Join(dir, "target", "Accounts.Csv")); err != nil {
		t.Fatal(err)
	}
	snap, err := readDir(t, dir)
	if err != nil {
		t.Fatal(err)
	}
	if !snap.HasSource(syncaudit.LAS) {
		t.Fatal("sources/LAS.CSV was not taken as the LAS export")
	}
	clean, err := readDir(t, sample(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Records) != len(clean.Records) || len(snap.Accounts) != len(clean.Accounts) {
		t.Errorf("%d records, %d accounts; want %d, %d", len(snap.Records), len(snap.Accounts), len(clean.Records), len(clean.Accounts))
	}
	for _, in := range snap.Inputs {
		switch in.File {
		case "sources/las.csv":
			if in.Path != "sources/LAS.CSV" || in.PathInSnapshot() != "sources/LAS.CSV" || in.Format != "csv" {
				t.Errorf("LAS input %+v", in)
			}
		case "target/accounts.csv":
			if in.Path != "target/Accounts.Csv" {
				t.Errorf("accounts input %+v", in)
			}
		}
	}
}

func TestOnlyRegularFilesInsideTheSnapshotAreRead(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "las.csv")
	if err := os.WriteFile(outside, []byte(plainLAS), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		setup func(t *testing.T, dir string)
		want  string
	}{
		{"las.csv and LAS.CSV", func(t *testing.T, dir string) {
			copyFile(t, filepath.Join(dir, "sources", "las.csv"), filepath.Join(dir, "sources", "LAS.CSV"))
		}, "sources/LAS.CSV: the snapshot holds this table twice: sources/LAS.CSV and sources/las.csv; keep one of them"},
		{"las.csv and las.json", func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, "sources", "las.json"), "[]")
		}, "sources/las.csv: the snapshot holds this table twice: sources/las.csv and sources/las.json; keep one of them"},
		{"a folder named las.csv", func(t *testing.T, dir string) {
			remove(t, filepath.Join(dir, "sources", "las.csv"))
			if err := os.Mkdir(filepath.Join(dir, "sources", "las.csv"), 0o755); err != nil {
				t.Fatal(err)
			}
		}, "sources/las.csv: a folder stands where the table's file should be; put the export itself at sources/las.csv (a folder cannot be read as an export, and it is not the same as no export)"},
		{"a symlink to /dev/zero", func(t *testing.T, dir string) {
			symlink(t, "/dev/zero", filepath.Join(dir, "target", "exceptions.csv"))
		}, "target/exceptions.csv: the file is a symlink to /dev/zero, outside the snapshot folder"},
		{"a named pipe", func(t *testing.T, dir string) {
			remove(t, filepath.Join(dir, "sources", "hr.csv"))
			if err := syscall.Mkfifo(filepath.Join(dir, "sources", "hr.csv"), 0o644); err != nil {
				t.Skip("no named pipes here:", err)
			}
		}, "sources/hr.csv: the file is a named pipe (FIFO), not a regular file; copy the export itself into the snapshot as a file"},
		{"a symlink to a named pipe inside the snapshot", func(t *testing.T, dir string) {
			if err := syscall.Mkfifo(filepath.Join(dir, "pipe"), 0o644); err != nil {
				t.Skip("no named pipes here:", err)
			}
			remove(t, filepath.Join(dir, "sources", "hr.csv"))
			symlink(t, filepath.Join("..", "pipe"), filepath.Join(dir, "sources", "hr.csv"))
		}, "sources/hr.csv: the file is a symlink to a named pipe (FIFO), not a regular file"},
		{"a symlink to a file outside the snapshot", func(t *testing.T, dir string) {
			remove(t, filepath.Join(dir, "sources", "las.csv"))
			symlink(t, outside, filepath.Join(dir, "sources", "las.csv"))
		}, "sources/las.csv: the file is a symlink to " + outside + ", outside the snapshot folder; copy the export into the snapshot"},
		{"a symlink that leads nowhere", func(t *testing.T, dir string) {
			symlink(t, filepath.Join(dir, "nothing.csv"), filepath.Join(dir, "target", "exceptions.csv"))
		}, "target/exceptions.csv: the file is a symlink that leads nowhere"},
		{"a symlink to a folder", func(t *testing.T, dir string) {
			remove(t, filepath.Join(dir, "sources", "las.csv"))
			symlink(t, filepath.Join("..", "target"), filepath.Join(dir, "sources", "las.csv"))
		}, "sources/las.csv: a folder stands where the table's file should be"},
		{"a symlinked tenant.yaml outside", func(t *testing.T, dir string) {
			out := filepath.Join(t.TempDir(), "tenant.yaml")
			copyFile(t, filepath.Join(dir, "tenant.yaml"), out)
			remove(t, filepath.Join(dir, "tenant.yaml"))
			symlink(t, out, filepath.Join(dir, "tenant.yaml"))
		}, "tenant.yaml: the file is a symlink to "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := sample(t)
			tt.setup(t, dir)
			_, err := readDir(t, dir)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v\nwant %s", err, tt.want)
			}
			checkInputError(t, err)
		})
	}
	t.Run("a symlink to a file inside the snapshot is read", func(t *testing.T) {
		dir := sample(t)
		if err := os.Rename(filepath.Join(dir, "sources", "las.csv"), filepath.Join(dir, "las-2026-11-23.csv")); err != nil {
			t.Fatal(err)
		}
		symlink(t, filepath.Join("..", "las-2026-11-23.csv"), filepath.Join(dir, "sources", "las.csv"))
		if _, err := readDir(t, dir); err != nil {
			t.Fatal(err)
		}
	})
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, to, string(data))
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func remove(t *testing.T, path string) {
	t.Helper()
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
}

func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Skip("no symlinks here:", err)
	}
}
