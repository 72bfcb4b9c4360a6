package main

import (
	"bytes"
	"strings"
	"testing"
	"time"
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

func TestProgress(t *testing.T) {
	t.Run("silent when not a terminal", func(t *testing.T) {
		var buf bytes.Buffer
		p := newProgress(&buf, false)
		p.Phase("reading")
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
}
