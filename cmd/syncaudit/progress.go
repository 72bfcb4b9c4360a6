package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"

	"github.com/syncaudit/syncaudit/report"
	"github.com/syncaudit/syncaudit/words"
)

// A progress shows how a long check is getting on, on one line of stderr
// that it rewrites: the phase (reading, evaluating, writing); while the
// snapshot is read, the records read (with a bar when their number is known);
// and while the rule book runs, a bar with cases done, the rate and the time
// left. It shows nothing unless stderr is a terminal, and nothing with
// --quiet, so logs and pipes stay clean. It is safe for concurrent use.
type progress struct {
	w     io.Writer
	on    bool
	every time.Duration // the least time between two redraws
	now   func() time.Time

	lang report.Lang // the language of the line; English until SetLang

	mu    sync.Mutex
	start time.Time // when the current phase began, or its first count
	last  time.Time // the last redraw of a count in this phase; zero before the first
	drawn bool      // a line is on screen
}

// newProgress returns a progress that draws on w when w is a terminal and
// quiet is false.
func newProgress(w io.Writer, quiet bool) *progress {
	f, ok := w.(*os.File)
	on := !quiet && ok && term.IsTerminal(int(f.Fd()))
	return &progress{w: w, on: on, every: 100 * time.Millisecond, now: time.Now}
}

// SetLang sets the language of the line (once the report's language is known).
func (p *progress) SetLang(lang report.Lang) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.lang = lang
}

// word returns the progress word key in the line's language.
func (p *progress) word(key string) string { return report.T(p.lang, key) }

// Phase starts a phase and shows its name.
func (p *progress) Phase(name string) {
	if !p.on {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.start = p.now()
	p.last = time.Time{}
	p.draw(name + " ...")
}

// Records shows the records read from the snapshot's tables, of about total
// (0 when not known); it has the signature of ingest.Options.Progress.
func (p *progress) Records(read, total int) {
	if !p.on {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	if !p.tick(now, total > 0 && read >= total) {
		return
	}
	p.draw(readLineIn(p.lang, read, total, now.Sub(p.start)))
}

// Cases shows done of total cases evaluated; it has the signature of
// policies.CheckOptions.Progress.
func (p *progress) Cases(done, total int) { p.count(done, total, "prog_evaluating", "prog_cases") }

// Tenants shows done of total tenants checked (check --snapshots).
func (p *progress) Tenants(done, total int) { p.count(done, total, "prog_checking", "prog_tenants") }

func (p *progress) count(done, total int, verb, unit string) {
	if !p.on {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	if !p.tick(now, done >= total) {
		return
	}
	p.draw(barLineIn(p.lang, p.word(verb), p.word(unit), done, total, now.Sub(p.start)))
}

// tick says whether a count at now is drawn: the first of a phase, a final
// one, and otherwise one every p.every at most. The rate counts from the
// first count of a phase, not from its set-up (loading files, the rule
// book). It is called with p.mu held.
func (p *progress) tick(now time.Time, final bool) bool {
	if p.last.IsZero() {
		p.start = now
	} else if !final && now.Sub(p.last) < p.every {
		return false
	}
	p.last = now
	return true
}

// Done clears the line, before the command prints its result.
func (p *progress) Done() {
	if !p.on {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.drawn {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.drawn = false
	}
}

func (p *progress) draw(line string) {
	fmt.Fprint(p.w, "\r\x1b[K"+line)
	p.drawn = true
}

// barLine draws "evaluating [#####.....] 50% 51,171/102,343 cases, 8,900/s, 6s left".
func barLine(verb, unit string, done, total int, elapsed time.Duration) string {
	return barLineIn(report.English, verb, unit, done, total, elapsed)
}

// barLineIn draws the bar line in lang: its numbers in the language's
// notation and "left" in its words; verb and unit are given in lang.
func barLineIn(lang report.Lang, verb, unit string, done, total int, elapsed time.Duration) string {
	thousands := func(n int) string { return words.FormatInt(lang, n) }
	const width = 20
	frac := 1.0
	if total > 0 {
		frac = float64(done) / float64(total)
	}
	filled := int(frac * width)
	var b strings.Builder
	b.WriteString(verb + " [")
	b.WriteString(strings.Repeat("#", filled))
	b.WriteString(strings.Repeat(".", width-filled))
	fmt.Fprintf(&b, "] %3.0f%% %s/%s %s", frac*100, thousands(done), thousands(total), unit)
	if secs := elapsed.Seconds(); secs > 0.5 && done > 0 {
		rate := float64(done) / secs
		fmt.Fprintf(&b, ", %s/s", thousands(int(rate)))
		if left := float64(total-done) / rate; done < total {
			fmt.Fprintf(&b, ", "+report.T(lang, "prog_left"), time.Duration(left*float64(time.Second)).Round(time.Second))
		}
	}
	return b.String()
}

// readLine draws "reading [#########...........]  45% 412,000/915,000 records,
// 95,000/s, 5s left", or without a total "reading 412,000 records, 95,000/s".
func readLine(read, total int, elapsed time.Duration) string {
	return readLineIn(report.English, read, total, elapsed)
}

// readLineIn draws the reading line in lang.
func readLineIn(lang report.Lang, read, total int, elapsed time.Duration) string {
	thousands := func(n int) string { return words.FormatInt(lang, n) }
	if total > 0 {
		return barLineIn(lang, report.T(lang, "prog_reading"), report.T(lang, "prog_records"), read, max(total, read), elapsed)
	}
	line := report.T(lang, "prog_reading") + " " + thousands(read) + " " + report.T(lang, "prog_records")
	if secs := elapsed.Seconds(); secs > 0.5 && read > 0 {
		line += ", " + thousands(int(float64(read)/secs)) + "/s"
	}
	return line
}
