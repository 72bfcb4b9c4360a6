package ingest_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/syncaudit/syncaudit/ingest"
)

// TestTenantLanguage: the peek gives the language tenant.yaml names, and
// nothing (never an error) where it cannot tell.
func TestTenantLanguage(t *testing.T) {
	tests := []struct {
		name, file, text, want string
	}{
		{"Dutch", "tenant.yaml", "id: x\nlanguage: nl\n", "nl"},
		{"Swedish, upper case, with BOM", "tenant.yaml", "\uFEFFid: x\nlanguage: SV\n", "sv"},
		{"JSON", "tenant.json", `{"id": "x", "language": "nl"}`, "nl"},
		{"no language", "tenant.yaml", "id: x\n", ""},
		{"broken YAML", "tenant.yaml", "id: [x\nlanguage: nl\n", ""},
		{"no tenant file", "other.yaml", "language: nl\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, tt.file), []byte(tt.text), 0o644); err != nil {
				t.Fatal(err)
			}
			if got := ingest.TenantLanguage(dir); got != tt.want {
				t.Errorf("TenantLanguage = %q, want %q", got, tt.want)
			}
		})
	}
	if got := ingest.TenantLanguage("../samples/vallby-kommun"); got != "sv" {
		t.Errorf("vallby-kommun: %q, want sv", got)
	}
}

// TestHasTenantFile: a tenant file is found as Read finds it, whatever its
// case, so no verb or --snapshots walk leaves a renamed tenant out.
func TestHasTenantFile(t *testing.T) {
	tests := []struct {
		name  string
		files []string
		want  bool
	}{
		{"tenant.yaml", []string{"tenant.yaml"}, true},
		{"upper case", []string{"Tenant.YAML"}, true},
		{"json", []string{"tenant.json"}, true},
		{"two of them: Read says which", []string{"tenant.yaml", "tenant.json"}, true},
		{"none", []string{"other.yaml"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, f := range tt.files {
				if err := os.WriteFile(filepath.Join(dir, f), []byte("id: x\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if got := ingest.HasTenantFile(dir); got != tt.want {
				t.Errorf("HasTenantFile = %v, want %v", got, tt.want)
			}
		})
	}
}
