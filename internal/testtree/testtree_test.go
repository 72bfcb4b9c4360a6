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

// absentRecorder records how RealData reports a missing export.
type absentRecorder struct {
	testing.TB
	fatal, skip string
}

func (r *absentRecorder) Helper()                        {}
func (r *absentRecorder) Fatalf(format string, a ...any) { r.fatal = format }
func (r *absentRecorder) Skipf(format string, a ...any)  { r.skip = format }

// TestRealDataAbsentFailsInCI: a missing real export skips on a developer's
// machine and fails in CI.
func TestRealDataAbsentFailsInCI(t *testing.T) {
	for _, ci := range []string{"", "true"} {
		t.Setenv("CI", ci)
		r := &absentRecorder{TB: t}
		RealData(r, "no-such-export/anywhere")
		if gotFatal := r.fatal != ""; gotFatal != (ci != "") || (r.skip != "") == (ci != "") {
			t.Errorf("CI=%q: fatal %q, skip %q", ci, r.fatal, r.skip)
		}
	}
}
