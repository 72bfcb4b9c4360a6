package ingest

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/syncaudit/syncaudit/internal/testtree"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestBadInputCatalogue reads every case of testdata/bad-inputs — the base
// snapshot with the case's files laid over it — and compares the message a
// user gets with the case's want.txt, word for word. The catalogue is the
// list of bad inputs a coordinator may meet; `go test -update` rewrites it.
func TestBadInputCatalogue(t *testing.T) {
	root := filepath.Join("testdata", "bad-inputs")
	cases, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		if !c.IsDir() || c.Name() == "_base" {
			continue
		}
		t.Run(c.Name(), func(t *testing.T) {
			dir := t.TempDir()
			testtree.Copy(t, filepath.Join(root, "_base"), dir)
			testtree.Copy(t, filepath.Join(root, c.Name()), dir)
			os.Remove(filepath.Join(dir, "want.txt"))
			checkCatalogueMessage(t, dir, filepath.Join(root, c.Name(), "want.txt"), DefaultLimits)
		})
	}
	t.Run("line-longer-than-the-row-limit", func(t *testing.T) {
		dir := t.TempDir()
		testtree.Copy(t, filepath.Join(root, "_base"), dir)
		long := "1003;12AB;leerling;" + strings.Repeat("Zoë", 400_000) + ";Berg;7A\n" // generated, never stored
		las, _ := os.ReadFile(filepath.Join(dir, "sources", "las.csv"))
		if err := os.WriteFile(filepath.Join(dir, "sources", "las.csv"), append(las, long...), 0o644); err != nil {
			t.Fatal(err)
		}
		checkCatalogueMessage(t, dir, filepath.Join("testdata", "bad-inputs-generated", "line-longer-than-the-row-limit.txt"), DefaultLimits)
	})
}

func checkCatalogueMessage(t *testing.T, snapshot, wantFile string, limits Limits) {
	t.Helper()
	_, err := Read(context.Background(), snapshot, Options{Limits: limits})
	if err == nil {
		t.Fatal("the snapshot was read without error")
	}
	checkInputError(t, err)
	got := err.Error() + "\n"
	if *update {
		os.MkdirAll(filepath.Dir(wantFile), 0o755)
		if err := os.WriteFile(wantFile, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(wantFile)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if got != string(want) {
		t.Errorf("message:\n%s\nwant:\n%s", got, want)
	}
}
