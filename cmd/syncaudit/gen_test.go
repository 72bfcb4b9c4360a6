package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestGen writes a snapshot, refuses to write over a folder without --force
// (or over one that is not a snapshot at all), and check can read what it wrote.
func TestGen(t *testing.T) {
	root := t.TempDir()
	snap := filepath.Join(root, "snap")
	notSnap := writeFiles(t, map[string]string{"notes.txt": "keep me"})
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantOut  string
	}{
		{"writes", []string{"gen", "--accounts", "500", "--structure", "bestuur", "--seed", "3", "--out", snap}, 0, "500 accounts"},
		{"refuses an existing folder", []string{"gen", "--accounts", "500", "--out", snap}, 2, "add --force"},
		{"replaces with --force", []string{"gen", "--accounts", "600", "--structure", "multi_domain", "--out", snap, "--force"}, 0, "600 accounts"},
		{"never replaces a folder that is not a snapshot", []string{"gen", "--out", notSnap, "--force"}, 2, "not a snapshot folder"},
		{"bad rate", []string{"gen", "--out", filepath.Join(root, "x"), "--leavers", "2"}, 2, "leavers rate"},
		{"bad structure", []string{"gen", "--out", filepath.Join(root, "x"), "--structure", "campus"}, 2, "unknown structure"},
		{"check reads it", []string{"check", "--snapshot", snap, "--out", filepath.Join(root, "out"), "--fail-on", "never", "--format", "json"}, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, tt.args...)
			if code != tt.wantCode {
				t.Fatalf("exit code = %d, want %d (stderr %q)", code, tt.wantCode, stderr)
			}
			if !strings.Contains(stdout+stderr, tt.wantOut) {
				t.Errorf("output = %q, want it to contain %q", stdout+stderr, tt.wantOut)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(snap, "sources", "sis.csv")); err != nil {
		t.Errorf("after --force with multi_domain: %v, want sources/sis.csv", err)
	}
	if _, err := os.Stat(filepath.Join(notSnap, "notes.txt")); err != nil {
		t.Errorf("the folder that is not a snapshot lost its file: %v", err)
	}
}
