package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestSummarise(t *testing.T) {
	tests := []struct {
		name     string
		events   string
		want     []string // lines the summary must hold, in order
		failed   int
		failPkgs int
	}{
		{"all pass", `{"Action":"run","Package":"p","Test":"TestA"}
{"Action":"output","Package":"p","Test":"TestA","Output":"=== RUN   TestA\n"}
{"Action":"pass","Package":"p","Test":"TestA","Elapsed":0.01}
{"Action":"skip","Package":"p","Test":"TestB"}
{"Action":"pass","Package":"p","Test":"TestC/sub"}
{"Action":"pass","Package":"p","Test":"TestC"}
{"Action":"output","Package":"p","Output":"ok  \tp\t0.02s\n"}
{"Action":"pass","Package":"p","Elapsed":0.02}
{"Action":"skip","Package":"q"}
`, []string{"ok  \tp\t0.020s", "?   \tq\t[no test files]", "total: 3 passed, 0 failed, 1 skipped"}, 0, 0},
		{"a failing test shows its output", `{"Action":"output","Package":"p","Test":"TestA","Output":"    a_test.go:9: got 1, want 2\n"}
{"Action":"fail","Package":"p","Test":"TestA"}
{"Action":"fail","Package":"p","Elapsed":0.5}
`, []string{"a_test.go:9: got 1, want 2", "FAIL\tp\t0.500s", "failed packages: p", "total: 0 passed, 1 failed, 0 skipped"}, 1, 1},
		{"a build failure fails the package", `{"ImportPath":"p [p.test]","Action":"build-output","Output":"p/a_test.go:3:2: undefined: x\n"}
{"ImportPath":"p [p.test]","Action":"build-fail"}
{"Action":"start","Package":"p"}
{"Action":"output","Package":"p","Output":"FAIL\tp [build failed]\n"}
{"Action":"fail","Package":"p","Elapsed":0}
`, []string{"undefined: x", "FAIL\tp", "total: 0 passed, 0 failed, 0 skipped"}, 0, 1},
		{"lines that are not events pass through", "# p\nvet: something\n", []string{"vet: something", "total: 0 passed, 0 failed, 0 skipped"}, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			got, err := summarise(strings.NewReader(tt.events), &out)
			if err != nil {
				t.Fatal(err)
			}
			s := out.String()
			at := 0
			for _, w := range tt.want {
				i := strings.Index(s[at:], w)
				if i < 0 {
					t.Fatalf("summary lacks %q after offset %d:\n%s", w, at, s)
				}
				at += i + len(w)
			}
			if got.failed != tt.failed || len(got.failedPackages) != tt.failPkgs {
				t.Errorf("failed %d, failed packages %v; want %d and %d", got.failed, got.failedPackages, tt.failed, tt.failPkgs)
			}
			if last := s[strings.LastIndex(strings.TrimSuffix(s, "\n"), "\n")+1:]; !strings.HasPrefix(last, "total: ") {
				t.Errorf("the last line is %q, want the total", last)
			}
		})
	}
}
