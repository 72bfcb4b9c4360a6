// Package testtree lays out files for tests: a folder from a map of paths to
// contents, and the path of the real public exports kept beside the
// repository (../shared/realdata), which tests read in place and never copy.
package testtree

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// Write writes files (slash-separated path -> content) under dir, creating
// folders as needed, and returns dir. An empty content writes an empty file.
func Write(tb testing.TB, dir string, files map[string]string) string {
	tb.Helper()
	for name, content := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}

// RealData returns the path of rel (slash-separated) in ../shared/realdata,
// seen from the repository root. When it is absent the test is skipped on a
// developer's machine, and fails in CI (the environment variable CI set, as
// CI runners set it): there ../shared is part of the run, and a silent skip
// would hide that the real exports were never read.
func RealData(tb testing.TB, rel string) string {
	tb.Helper()
	absent := tb.Skipf
	if os.Getenv("CI") != "" {
		absent = tb.Fatalf
	}
	root, err := repoRoot()
	if err != nil {
		absent("real export %s: cannot find the repository root: %v", rel, err)
		return ""
	}
	path := filepath.Join(root, "..", "shared", "realdata", filepath.FromSlash(rel))
	if _, err := os.Stat(path); err != nil {
		absent("real export %s is absent (expected in ../shared/realdata beside the repository): %v", rel, err)
	}
	return path
}

// repoRoot returns the folder of go.mod, looking up from the working
// directory (a test runs in its package's folder).
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", os.ErrNotExist
		}
		dir = parent
	}
}

// Copy copies the files under from into to, creating folders as needed; a
// file already in to is overwritten, so a second Copy lays files over a
// first (a bad-input case over its base snapshot).
func Copy(tb testing.TB, from, to string) {
	tb.Helper()
	err := filepath.WalkDir(from, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), data, 0o644)
	})
	if err != nil {
		tb.Fatal(err)
	}
}
