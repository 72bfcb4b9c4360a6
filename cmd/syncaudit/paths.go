package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/ingest"
)

// The paths a verb is given are checked before anything is read, so that a
// mistyped folder, a file where a folder belongs or the other way round gets
// the project's input-error form (what was expected, what was found, what to
// do) rather than a Go error from deep inside (stat .../tenant.yaml/tenant.yaml:
// not a directory).

// expectDir checks that path, given as label (a flag such as --snapshot),
// is an existing folder; what says what kind ("a snapshot folder").
func expectDir(label, path, what string) error {
	info, err := os.Stat(path)
	switch {
	case err != nil:
		return missingPath(label, path, what, err)
	case !info.IsDir():
		fix := "give " + label + " a folder"
		if snap := snapshotOf(path); snap != "" {
			fix = "give the snapshot folder it is in: " + label + " " + snap
		} else if dir := filepath.Dir(path); dir != "." {
			fix = "give " + label + " a folder, such as the one it is in (" + dir + ")"
		}
		return &syncaudit.InputError{File: path, Problem: label + " expects " + what + ", but this is a file", Fix: fix}
	}
	return nil
}

// expectSnapshot checks a snapshot folder: a folder with tenant.yaml (or
// tenant.yml, tenant.json).
func expectSnapshot(label, path string) error {
	if err := expectDir(label, path, "a snapshot folder (tenant.yaml, sources/, target/)"); err != nil {
		return err
	}
	if !ingest.HasTenantFile(path) {
		fix := "give " + label + " the folder that holds tenant.yaml, sources/ and target/"
		if inner := innerSnapshots(path); len(inner) == 1 {
			fix = "did you mean " + label + " " + inner[0] + "?"
		} else if len(inner) > 1 && label == "--snapshot" {
			fix = "it holds " + orList(inner) + ": give one of them, or check them all with --snapshots " + path
		}
		return &syncaudit.InputError{File: path, Problem: label + " expects a snapshot folder, but this folder has no tenant.yaml", Fix: fix}
	}
	return nil
}

// expectFile checks that path, given as label, is an existing file; what
// says what kind ("a report.json").
func expectFile(label, path, what string) error {
	info, err := os.Stat(path)
	switch {
	case err != nil:
		return missingPath(label, path, what, err)
	case info.IsDir():
		fix := "give " + label + " a file"
		for _, inside := range []string{"report.json", "plan.json"} {
			if st, err := os.Stat(filepath.Join(path, inside)); err == nil && !st.IsDir() && strings.Contains(what, ".json") {
				fix = "give the one inside it: " + label + " " + filepath.Join(path, inside)
				break
			}
		}
		return &syncaudit.InputError{File: path, Problem: label + " expects " + what + ", but this is a folder", Fix: fix}
	}
	return nil
}

// expectOutDir checks a folder to write into: absent (it is made) or a
// folder; what says what goes in ("the reports"), fix what to do instead.
func expectOutDir(label, path, what, fix string) error {
	info, err := os.Stat(path)
	if err == nil && !info.IsDir() {
		return &syncaudit.InputError{File: path, Problem: label + " expects a folder to write " + what + " into, but this is a file", Fix: fix}
	}
	return parentWritable(label, path)
}

// expectOutFile checks a file to write: absent or a file, never a folder.
func expectOutFile(label, path, what string) error {
	info, err := os.Stat(path)
	if err == nil && info.IsDir() {
		return &syncaudit.InputError{File: path, Problem: label + " expects " + what + " to write, but this is a folder",
			Fix: "give a file name, such as " + filepath.Join(path, filepath.Base(exampleName(what)))}
	}
	return parentWritable(label, path)
}

// parentWritable refuses an output whose parent path runs through a file.
func parentWritable(label, path string) error {
	for dir := filepath.Dir(filepath.Clean(path)); ; dir = filepath.Dir(dir) {
		info, err := os.Stat(dir)
		if err == nil {
			if !info.IsDir() {
				return &syncaudit.InputError{File: path, Problem: label + " goes through " + dir + ", which is a file, not a folder",
					Fix: "choose another " + label}
			}
			return nil
		}
		if next := filepath.Dir(dir); next == dir {
			return nil
		}
	}
}

// exampleName is the file name a message proposes for what ("a workbook
// (.xlsx)" gives review.xlsx).
func exampleName(what string) string {
	switch {
	case strings.Contains(what, ".xlsx"):
		return "review.xlsx"
	case strings.Contains(what, "index"):
		return "index.json"
	case strings.Contains(what, "plan"):
		return "plan.json"
	case strings.Contains(what, "table"):
		return "hr.csv"
	}
	return "out.csv"
}

// outsideSnapshot refuses an output folder that is the snapshot or inside
// it: the reports would land among the exports, and the next run would read
// a snapshot the tool itself changed (apply refuses the same).
func outsideSnapshot(outLabel, out, snapLabel, snap string) error {
	if within(out, snap) {
		return &syncaudit.UsageError{Msg: outLabel + " " + out + " is inside the snapshot (" + snapLabel + " " + snap + "): write the reports outside it, e.g. " + outLabel + " out"}
	}
	return nil
}

// within reports whether path is dir or below it, comparing absolute paths
// with symbolic links resolved as far as they exist.
func within(path, dir string) bool {
	p, d := resolved(path), resolved(dir)
	if p == "" || d == "" {
		return false
	}
	rel, err := filepath.Rel(d, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// resolved is path made absolute, with the symbolic links of its longest
// existing prefix resolved.
func resolved(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return ""
	}
	rest := ""
	for p := abs; ; p = filepath.Dir(p) {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			return filepath.Join(real, rest)
		}
		if filepath.Dir(p) == p {
			return abs
		}
		rest = filepath.Join(filepath.Base(p), rest)
	}
}

// missingPath is the error for a path that cannot be found: with a near
// name in the same folder when there is one (a typing slip).
func missingPath(label, path, what string, err error) error {
	if !errors.Is(err, fs.ErrNotExist) {
		return &syncaudit.InputError{File: path, Problem: label + " expects " + what + ", but it cannot be read: " + pathProblem(err), Fix: "check the path and its permissions"}
	}
	fix := "check the path"
	if near := nearPath(path); near != "" {
		fix = "did you mean " + near + "?"
	}
	return &syncaudit.InputError{File: path, Problem: label + " expects " + what + ", but it does not exist", Fix: fix}
}

// nearPath returns an existing path whose last element is a slip away from
// path's, or "".
func nearPath(path string) string {
	dir, base := filepath.Split(filepath.Clean(path))
	entries, err := os.ReadDir(or(dir, "."))
	if err != nil {
		return ""
	}
	var names []string
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), ".") {
			names = append(names, e.Name())
		}
	}
	if s := suggest(base, names); s != "" {
		return filepath.Join(dir, s)
	}
	return ""
}

// snapshotOf returns the snapshot folder a file lies in (tenant.yaml,
// sources/las.csv), or "".
func snapshotOf(file string) string {
	dir := filepath.Dir(file)
	for i := 0; i < 2; i++ {
		if ingest.HasTenantFile(dir) {
			return dir
		}
		dir = filepath.Dir(dir)
	}
	return ""
}

// innerSnapshots lists the snapshot folders directly inside dir.
func innerSnapshots(dir string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		if e.IsDir() && ingest.HasTenantFile(filepath.Join(dir, e.Name())) {
			out = append(out, filepath.Join(dir, e.Name()))
		}
	}
	return out
}
