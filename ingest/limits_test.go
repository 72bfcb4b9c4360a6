package ingest

import (
	"context"
	"strings"
	"testing"
)

func TestLimits(t *testing.T) {
	longName := strings.Repeat("a", 2000) // generated here, never stored
	tests := []struct {
		name   string
		limits Limits
		files  map[string]string
		want   string
	}{
		{"a line longer than the row limit", Limits{MaxRowBytes: 1000},
			map[string]string{"sources/las.csv": plainLAS + "1002,12AB,student," + longName + ",Berg,7A\n"},
			"sources/las.csv:3: the line is 2026 bytes long, more than the limit of 1000"},
		{"a file larger than the file limit", Limits{MaxFileBytes: 300},
			map[string]string{"target/accounts.csv": plainAccounts + strings.Repeat("A9,x@y.nl,A,B,active,12AB,\n", 10)},
			"target/accounts.csv: the file is 381 bytes, more than the limit of 300"},
		{"a JSON array on one line is not held to the row limit", Limits{MaxRowBytes: 80},
			map[string]string{"sources/las.csv": "", "sources/las.json": `[{"source_id":"1001","school":"12AB","kind":"student","first_name":"Zoë","last_name":"Berg","groups":["7A"]}]`},
			""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read(context.Background(), writeSnapshot(t, tt.files), Options{Limits: tt.limits})
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("Read: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("error = %v, want %q", err, tt.want)
			}
		})
	}
}
