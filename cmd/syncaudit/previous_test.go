package main

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/urfave/cli/v2"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/report"
)

// TestReadPrevious runs readPrevious and withPrevious behind their flag, as check does.
func TestReadPrevious(t *testing.T) {
	tests := []struct {
		name      string
		args      []string
		wantTrend string // "" = no Changes
		wantErr   string
		inputErr  bool // the error is a syncaudit.InputError
	}{
		{"no flag", nil, "", "", false},
		{"previous report", []string{"--previous", "../../report/testdata/diff/old.json"}, syncaudit.TrendBetter, "", false},
		{"another tenant", []string{"--previous", "../../report/testdata/diff/other-tenant.json"}, "", "another tenant", true},
		{"not a report", []string{"--previous", "../../report/testdata/diff/not-a-report.json"}, "", "not a syncaudit report", true},
		{"missing", []string{"--previous", "nothing.json"}, "", "nothing.json", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := report.ReadJSON("../../report/testdata/diff/new.json")
			if err != nil {
				t.Fatal(err)
			}
			snap := &syncaudit.Snapshot{Tenant: syncaudit.Tenant{ID: "de-linde"}}
			var got error
			app := &cli.App{Name: "t", Flags: []cli.Flag{previousFlag(), noPDFFlag()}, Action: func(c *cli.Context) error {
				var prev *syncaudit.Report
				prev, got = readPrevious(c, snap)
				withPrevious(rep, prev)
				return nil
			}}
			if err := app.Run(append([]string{"t"}, tt.args...)); err != nil {
				t.Fatal(err)
			}
			if tt.wantErr != "" {
				var ie *syncaudit.InputError
				if got == nil || !strings.Contains(got.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want one saying %q", got, tt.wantErr)
				}
				if tt.inputErr && !errors.As(got, &ie) {
					t.Errorf("error %v is not an InputError", got)
				}
				if rep.Changes != nil {
					t.Errorf("Changes set despite the error")
				}
				return
			}
			if got != nil {
				t.Fatal(got)
			}
			switch {
			case tt.wantTrend == "" && rep.Changes != nil:
				t.Errorf("Changes set without --previous")
			case tt.wantTrend != "" && (rep.Changes == nil || rep.Changes.Exceptions.Trend != tt.wantTrend):
				t.Errorf("Changes = %+v, want trend %s", rep.Changes, tt.wantTrend)
			}
		})
	}
}

func TestPDFOutput(t *testing.T) {
	rep, err := report.ReadJSON("../../report/testdata/diff/new.json")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := pdfOutput(rep, nil)(&buf); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
		t.Errorf("output does not start like a PDF: %q", buf.Bytes()[:min(20, buf.Len())])
	}
}
