package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/syncaudit/syncaudit/report"
)

func TestCasesLine(t *testing.T) {
	tests := []struct {
		done, total int
		elapsed     time.Duration
		want        string
	}{
		{0, 102343, 0, "evaluating [....................]   0% 0/102,343 cases"},
		{51171, 102343, 5 * time.Second, "evaluating [#########...........]  50% 51,171/102,343 cases, 10,234/s, 5s left"},
		{1000000, 1000000, 100 * time.Second, "evaluating [####################] 100% 1,000,000/1,000,000 cases, 10,000/s"},
	}
	for _, tt := range tests {
		if got := barLine("evaluating", "cases", tt.done, tt.total, tt.elapsed); got != tt.want {
			t.Errorf("barLine(%d, %d, %v)\n got %q\nwant %q", tt.done, tt.total, tt.elapsed, got, tt.want)
		}
	}
}

func TestReadLine(t *testing.T) {
	tests := []struct {
		name        string
		read, total int
		elapsed     time.Duration
		want        string
	}{
		{"the first call", 0, 915000, 0, "reading [....................]   0% 0/915,000 records"},
		{"under way", 412000, 915000, 4 * time.Second, "reading [#########...........]  45% 412,000/915,000 records, 103,000/s, 5s left"},
		{"all read", 915000, 915000, 9 * time.Second, "reading [####################] 100% 915,000/915,000 records, 101,666/s"},
		{"more than the line counts said", 1200, 1000, 2 * time.Second, "reading [####################] 100% 1,200/1,200 records, 600/s"},
		{"no total (a JSON array)", 412000, 0, 4 * time.Second, "reading 412,000 records, 103,000/s"},
		{"no total, too soon for a rate", 4096, 0, 100 * time.Millisecond, "reading 4,096 records"},
		{"no total, nothing read", 0, 0, time.Second, "reading 0 records"},
	}
	for _, tt := range tests {
		if got := readLine(tt.read, tt.total, tt.elapsed); got != tt.want {
			t.Errorf("%s: readLine(%d, %d, %v)\n got %q\nwant %q", tt.name, tt.read, tt.total, tt.elapsed, got, tt.want)
		}
	}
}

func TestProgress(t *testing.T) {
	t.Run("silent when not a terminal", func(t *testing.T) {
		var buf bytes.Buffer
		p := newProgress(&buf, false)
		p.Phase("reading")
		p.Records(4096, 0)
		p.Cases(5, 10)
		p.Done()
		if buf.Len() != 0 {
			t.Errorf("got %q, want nothing on a non-terminal", buf.String())
		}
	})
	t.Run("throttled, and cleared when done", func(t *testing.T) {
		var buf bytes.Buffer
		clock := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
		p := &progress{w: &buf, on: true, every: time.Second, now: func() time.Time { return clock }}
		p.Phase("reading snapshot")
		p.Cases(1, 10)
		p.Cases(2, 10) // same instant: skipped
		clock = clock.Add(2 * time.Second)
		p.Cases(3, 10)
		p.Cases(10, 10) // the last one is always drawn
		p.Done()
		got := buf.String()
		for _, want := range []string{"reading snapshot ...", "1/10 cases", "3/10 cases, 1/s, 5s left", "10/10 cases"} {
			if !strings.Contains(got, want) {
				t.Errorf("got %q, want it to contain %q", got, want)
			}
		}
		if strings.Contains(got, "2/10 cases") {
			t.Errorf("got %q: a redraw within the interval was not skipped", got)
		}
		if !strings.HasSuffix(got, "\r\x1b[K") {
			t.Errorf("got %q, want the line cleared at the end", got)
		}
	})
	t.Run("records, then cases timed from their first", func(t *testing.T) {
		var buf bytes.Buffer
		clock := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
		p := &progress{w: &buf, on: true, every: time.Second, now: func() time.Time { return clock }}
		p.Phase("reading snap")
		clock = clock.Add(time.Second) // opening the files
		p.Records(0, 20000)
		clock = clock.Add(500 * time.Millisecond)
		p.Records(4096, 20000) // within the interval: skipped
		clock = clock.Add(1500 * time.Millisecond)
		p.Records(10000, 20000)
		p.Records(20000, 20000) // the last one is always drawn
		p.Phase("loading the rule book")
		clock = clock.Add(10 * time.Second)
		p.Cases(0, 100)
		clock = clock.Add(2 * time.Second)
		p.Cases(50, 100)
		got := buf.String()
		for _, want := range []string{"reading snap ...", "0/20,000 records", "10,000/20,000 records, 5,000/s, 2s left", "20,000/20,000 records, 10,000/s",
			"loading the rule book ...", "0/100 cases", "50/100 cases, 25/s, 2s left"} {
			if !strings.Contains(got, want) {
				t.Errorf("got %q, want it to contain %q", got, want)
			}
		}
		if strings.Contains(got, "4,096") {
			t.Errorf("got %q: a redraw within the interval was not skipped", got)
		}
	})
}

// TestBarLineInDutchAndSwedish: the progress line in the report's language,
// numbers in its notation.
func TestBarLineInDutchAndSwedish(t *testing.T) {
	for _, tt := range []struct {
		lang report.Lang
		want string
	}{
		{report.Dutch, "controleren [#########...........]  50% 51.171/102.343 gevallen, 8.528/s, nog 6s"},
		{report.Swedish, "kontrollerar [#########...........]  50% 51\u00a0171/102\u00a0343 fall, 8\u00a0528/s, 6s kvar"},
	} {
		got := barLineIn(tt.lang, report.T(tt.lang, "prog_evaluating"), report.T(tt.lang, "prog_cases"), 51171, 102343, 6*time.Second)
		if got != tt.want {
			t.Errorf("%s:\n got %q\nwant %q", tt.lang, got, tt.want)
		}
	}
}
