package testtree

import (
	"os"
	"path/filepath"
	"testing"
)

func TestWrite(t *testing.T) {
	files := map[string]string{"tenant.yaml": "id: x\n", "target/accounts.csv": "account_id\n", "sources/empty.csv": ""}
	dir := Write(t, t.TempDir(), files)
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if string(got) != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
}

func TestRepoRoot(t *testing.T) {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	got, err := repoRoot()
	if want := filepath.Dir(filepath.Dir(wd)); err != nil || got != want {
		t.Errorf("repoRoot() = %q, %v; want %q (two folders above internal/testtree)", got, err, want)
	}
}
