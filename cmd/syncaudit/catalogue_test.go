package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/syncaudit/syncaudit/internal/testtree"
)

// TestBadInputCatalogueCLI runs check on every case of the bad-input
// catalogue (ingest/testdata/bad-inputs: the base snapshot with the case's
// files laid over it, and the line longer than the row limit, generated
// here): exit 2, the case's message word for word on stderr, nothing
// printed, and the output folder untouched.
func TestBadInputCatalogueCLI(t *testing.T) {
	root := filepath.Join("..", "..", "ingest", "testdata", "bad-inputs")
	cases, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	type badCase struct {
		name     string
		build    func(dir string)
		wantFile string
	}
	var all []badCase
	for _, c := range cases {
		if !c.IsDir() || c.Name() == "_base" {
			continue
		}
		all = append(all, badCase{c.Name(), func(dir string) {
			testtree.Copy(t, filepath.Join(root, "_base"), dir)
			testtree.Copy(t, filepath.Join(root, c.Name()), dir)
			os.Remove(filepath.Join(dir, "want.txt"))
		}, filepath.Join(root, c.Name(), "want.txt")})
	}
	all = append(all, badCase{"line-longer-than-the-row-limit", func(dir string) {
		testtree.Copy(t, filepath.Join(root, "_base"), dir)
		long := "1003;12AB;leerling;" + strings.Repeat("Zoë", 400_000) + ";Berg;7A\n" // generated, never stored
		las, err := os.ReadFile(filepath.Join(dir, "sources", "las.csv"))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "sources", "las.csv"), append(las, long...), 0o644); err != nil {
			t.Fatal(err)
		}
	}, filepath.Join(root, "..", "bad-inputs-generated", "line-longer-than-the-row-limit.txt")})
	if len(all) < 15 {
		t.Fatalf("the catalogue has %d cases, want 15 or more", len(all))
	}

	for _, c := range all {
		t.Run(c.name, func(t *testing.T) {
			snapshot := filepath.Join(t.TempDir(), "snapshot")
			c.build(snapshot)
			want, err := os.ReadFile(c.wantFile)
			if err != nil {
				t.Fatal(err)
			}
			out := writeFiles(t, map[string]string{"report.json": "previous report"})
			code, stdout, stderr := runCLI(t, "check", "--snapshot", snapshot, "--out", out)
			if code != 2 {
				t.Errorf("exit code %d, want 2", code)
			}
			if wantErr := "syncaudit: " + string(want); stderr != wantErr {
				t.Errorf("stderr:\n%s\nwant:\n%s", stderr, wantErr)
			}
			if stdout != "" {
				t.Errorf("printed %q", stdout)
			}
			assertUntouched(t, out)
		})
	}
}
