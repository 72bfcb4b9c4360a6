// Package ingest reads a snapshot folder into the domain types, exactly as
// the contract (shared/spec/contract.md) describes it, and writes the same
// tables back for apply, gen and convert.
//
// Every table may be CSV (',' or ';', UTF-8 with or without BOM, or
// Windows-1252), a JSON array of objects, or JSON Lines. Headers are matched
// case- and punctuation-insensitively, in English, Dutch and Swedish.
// Anything that cannot be used is a *syncaudit.InputError naming file, line,
// column and value.
package ingest

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/syncaudit/syncaudit"
)

// tableFormats are the file endings a table may have, in the order they are looked for.
var tableFormats = []string{"csv", "json", "jsonl"}

// Limits bound what one snapshot file may hold, so that a runaway export
// gives a clear message instead of exhausting memory.
type Limits struct {
	MaxFileBytes int64 // the largest table file read
	MaxRowBytes  int   // the longest line of a table file
}

// DefaultLimits fit a million-account snapshot with room to spare.
var DefaultLimits = Limits{MaxFileBytes: 2 << 30, MaxRowBytes: 1 << 20}

// Options say how a snapshot is read.
type Options struct {
	Limits Limits
	// RunDate, when set, overrides the tenant's run_date (the CLI's --run-date).
	RunDate syncaudit.Date
	// Today is the run date when neither RunDate nor the tenant sets one.
	Today syncaudit.Date
	// Progress, when set, is told how the reading is getting on: the rows
	// read so far from all tables, of about total (from the files' line
	// counts; 0 when that is not known, as for a JSON array). It is called
	// once before the first row, then every few thousand rows from the
	// goroutines that read the tables, but never twice at once and with read
	// never decreasing; the last call, once every table is read, has total
	// equal to read.
	Progress func(read, total int)

	// workers is how many tables are read at once; 0 means GOMAXPROCS.
	workers int
}

// ReadSnapshot reads the snapshot folder dir within DefaultLimits, with the
// tenant's own run date: see Read.
func ReadSnapshot(ctx context.Context, dir string) (*syncaudit.Snapshot, error) {
	return Read(ctx, dir, Options{Limits: DefaultLimits})
}

// Read reads the snapshot folder dir: tenant.yaml (or tenant.json),
// sources/{las,hr,sis}, target/accounts, target/exceptions (absent = empty)
// and target/memberships (optional), and validates it as a whole. The run
// date is settled first (opts.RunDate, else the tenant's, else opts.Today),
// since dates after it cannot be right.
//
// The tables are read at once, on up to GOMAXPROCS goroutines, each into a
// part of its own; the parts are joined in the order above. The snapshot and
// the error are the ones reading the tables one after another gives: when
// several tables are wrong, the error is the first table's, in that order.
func Read(ctx context.Context, dir string, opts Options) (*syncaudit.Snapshot, error) {
	snap := &syncaudit.Snapshot{Dir: dir, Unoffered: map[syncaudit.Source]int{}}
	r := reader{dir: dir, limits: opts.Limits}

	tenantFile, err := findOne(dir, "tenant", tenantExts, true)
	if err != nil {
		return nil, err
	}
	data, err := r.readFile(tenantFile)
	if err != nil {
		return nil, err
	}
	if snap.Tenant, err = parseTenant(tenantFile, data); err != nil {
		return nil, err
	}
	snap.Inputs = append(snap.Inputs, inputOf(tenantFile, data, 1, ""))
	r.listed = make(map[string]bool, len(snap.Tenant.Schools))
	for _, s := range snap.Tenant.Schools {
		r.listed[s.ID] = true
	}
	switch {
	case !opts.RunDate.IsZero():
		snap.Tenant.RunDate = opts.RunDate
	case snap.Tenant.RunDate.IsZero():
		snap.Tenant.RunDate = opts.Today
	}
	r.runDate = snap.Tenant.RunDate
	r.structure = snap.Tenant.Structure
	r.dateFormats = snap.Tenant.DateFormats

	tables, stop := findTables(ctx, dir)
	workers := opts.workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	count := &counter{ctx: ctx, report: opts.Progress}
	r.count = count.add
	rs := &readState{ctx: ctx, tables: tables, failed: len(tables)}
	// Open every table first (its bytes, and the mapping beside it), so that
	// the rows to come are known before the first is read.
	rs.each(workers, false, func(t *table) error {
		var err error
		t.f, err = r.openTable(t.name)
		return err
	})
	for _, t := range tables[:rs.failed] {
		if n := t.f.expectedRows(); n >= 0 && count.total >= 0 {
			count.total += n
		} else {
			count.total = -1
		}
	}
	count.total = max(count.total, 0) // not known
	sourceRows := 0
	for _, t := range tables[:rs.failed] {
		t.part = &syncaudit.Snapshot{Unoffered: map[syncaudit.Source]int{}}
		if t.source {
			sourceRows += rowsIn(t.f)
		}
	}
	if rs.failed > 0 && tables[0].source && sourceRows > 0 {
		// The first source's records get room for every source's: joining
		// then appends the others' to them instead of copying all.
		tables[0].part.Records = make([]syncaudit.SourceRecord, 0, sourceRows)
	}
	count.add(0)
	// The largest tables first (with more than one worker), so that the last
	// to finish is a small one.
	rs.each(workers, workers > 1, func(t *table) error {
		err := t.read(r, t)
		t.f = tableFile{} // let the bytes go
		return err
	})
	for _, t := range tables {
		if t.err != nil {
			return nil, t.err
		}
	}
	if stop != nil {
		return nil, stop
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	joinTables(snap, tables)
	count.done()
	return snap, nil
}

// A table is one table file of a snapshot, read into a part of its own.
type table struct {
	name   string // the path inside the snapshot
	read   func(r reader, t *table) error
	source bool                // a source export
	f      tableFile           // once opened
	part   *syncaudit.Snapshot // once read: the table's records, accounts, ... and inputs
	err    error
}

// findTables looks for the snapshot's tables, in the order they are joined.
// When one cannot be used (two files for one table, a missing required
// table, no source export) it returns the tables before it with the error,
// which counts only if none of those tables is wrong: reading them one
// after another, they would have been read first.
func findTables(ctx context.Context, dir string) ([]*table, error) {
	var tables []*table
	for _, src := range []syncaudit.Source{syncaudit.LAS, syncaudit.HR, syncaudit.SIS} {
		if err := ctx.Err(); err != nil {
			return tables, err
		}
		name, err := findOne(dir, "sources/"+string(src), tableFormats, false)
		if err != nil {
			return tables, err
		}
		if name != "" {
			tables = append(tables, &table{name: name, source: true, read: func(r reader, t *table) error { return r.readSources(t.f, src, t.part) }})
		}
	}
	if len(tables) == 0 {
		return nil, &syncaudit.InputError{File: filepath.Join(filepath.Base(dir), "sources"), Problem: "the snapshot has no source export", Fix: "add sources/las.csv, sources/hr.csv or sources/sis.csv (or .json)"}
	}
	if err := ctx.Err(); err != nil {
		return tables, err
	}
	accounts, err := findOne(dir, "target/accounts", tableFormats, true)
	if err != nil {
		return tables, err
	}
	tables = append(tables, &table{name: accounts, read: func(r reader, t *table) error { return r.readAccounts(t.f, t.part) }})
	if name, err := findOne(dir, "target/exceptions", tableFormats, false); err != nil {
		return tables, err
	} else if name != "" {
		tables = append(tables, &table{name: name, read: func(r reader, t *table) error { return r.readExceptions(t.f, t.part) }})
	}
	if name, err := findOne(dir, "target/memberships", tableFormats, false); err != nil {
		return tables, err
	} else if name != "" {
		tables = append(tables, &table{name: name, read: func(r reader, t *table) error { return r.readMemberships(t.f, t.part) }})
	}
	return tables, nil
}

// A readState runs a step over the tables on several goroutines, and keeps
// the first table (in the order of tables) whose step failed.
type readState struct {
	ctx    context.Context
	tables []*table
	mu     sync.Mutex
	failed int // the index of the first table that failed; len(tables) while none has
}

// each runs step on every table before the first that failed, on up to
// workers goroutines; a table after one that failed is skipped, since its
// outcome cannot count. Once the context is done, a table not yet begun
// fails with its error. With largestFirst the tables are taken largest file
// first, else in order. It returns when every step has returned.
func (rs *readState) each(workers int, largestFirst bool, step func(*table) error) {
	rs.mu.Lock()
	todo := slices.Clone(rs.tables[:rs.failed])
	rs.mu.Unlock()
	if largestFirst {
		slices.SortStableFunc(todo, func(a, b *table) int { return cmp.Compare(len(b.f.data), len(a.f.data)) })
	}
	var next atomic.Int64
	work := func() {
		for i := int(next.Add(1)) - 1; i < len(todo); i = int(next.Add(1)) - 1 {
			t := todo[i]
			at := slices.Index(rs.tables, t)
			rs.mu.Lock()
			skip := at > rs.failed
			rs.mu.Unlock()
			if skip {
				continue
			}
			err := rs.ctx.Err()
			if err == nil {
				err = step(t)
			}
			if err != nil {
				t.err = err
				rs.mu.Lock()
				rs.failed = min(rs.failed, at)
				rs.mu.Unlock()
			}
		}
	}
	var wg sync.WaitGroup
	for range min(workers, len(todo)) - 1 {
		wg.Go(work)
	}
	work()
	wg.Wait()
}

// joinTables puts the tables' parts together in their order, as reading them one
// after another into one snapshot would.
func joinTables(snap *syncaudit.Snapshot, tables []*table) {
	for _, t := range tables {
		p := t.part
		if snap.Records == nil {
			snap.Records = p.Records // nil as long as no source had a row
		} else {
			snap.Records = append(snap.Records, p.Records...)
		}
		if p.Accounts != nil {
			snap.Accounts = p.Accounts // one table holds them all
			snap.TargetPrograms = p.TargetPrograms
		}
		if p.Exceptions != nil {
			snap.Exceptions = p.Exceptions
		}
		if p.Memberships != nil {
			snap.Memberships = p.Memberships
		}
		snap.Inputs = append(snap.Inputs, p.Inputs...)
		for src, n := range p.Unoffered {
			snap.Unoffered[src] += n
		}
	}
}

// A counter adds up the rows read from all tables for Options.Progress, and
// stops a read whose context is done.
type counter struct {
	ctx    context.Context
	mu     sync.Mutex
	read   int
	total  int
	report func(read, total int)
}

// add counts rows more read and reports the sum; it returns the context's
// error, if any, to stop the table being read.
func (c *counter) add(rows int) error {
	if c.report != nil {
		c.mu.Lock()
		c.read += rows
		c.report(c.read, c.total)
		c.mu.Unlock()
	}
	return c.ctx.Err()
}

// done reports the last count: every table is read.
func (c *counter) done() {
	if c.report != nil {
		c.report(c.read, c.read)
	}
}

// A reader reads the files of one snapshot folder within limits.
type reader struct {
	dir       string
	limits    Limits
	runDate   syncaudit.Date      // dates of past events after it are refused; zero = not checked
	structure syncaudit.Structure // the tenant's
	// count, when set, is told the rows of each chunk read, and stops the
	// read with the error it returns.
	count func(rows int) error
	// listed holds the school codes the tenant lists: a map, since a
	// municipality has thousands of schools and every row asks.
	listed map[string]bool
	// dateFormats is the tenant's date_format per table (las, hr, sis,
	// accounts, exceptions).
	dateFormats map[string]syncaudit.DateFormat
}

// rowsIn estimates the rows of a table from its line count, so that the
// snapshot's slices and maps are sized once instead of grown by copying.
func rowsIn(f tableFile) int { return min(f.lines, 1<<24) }

func inputOf(name string, data []byte, records int, format string) syncaudit.InputFile {
	sum := sha256.Sum256(data)
	if format == "" {
		format = strings.TrimPrefix(filepath.Ext(name), ".")
	}
	in := syncaudit.InputFile{File: contractName(name), SHA256: hex.EncodeToString(sum[:]), Records: records, Format: strings.ToLower(format)}
	if in.File != name {
		in.Path = name
	}
	return in
}

// addInput records a table file (and the mapping it was read through) in the
// snapshot's inputs, for provenance and for writing the next snapshot alike.
func addInput(snap *syncaudit.Snapshot, f tableFile, records int, delim rune, ignored []string) {
	in := inputOf(f.name, f.data, records, f.format)
	in.Delimiter = delim
	in.IgnoredColumns = ignored
	in.ColumnHints = columnHints(tableOf(f.name), ignored)
	snap.Inputs = append(snap.Inputs, in)
	if f.mappingFile != nil {
		snap.Inputs = append(snap.Inputs, *f.mappingFile)
	}
}

func (r reader) openTable(name string) (tableFile, error) {
	data, err := r.readFile(name)
	if err != nil {
		return tableFile{}, err
	}
	f := tableFile{name: name, format: strings.ToLower(strings.TrimPrefix(filepath.Ext(name), ".")), data: data, maxRow: r.limits.MaxRowBytes,
		lines: countLines(data), count: r.count}
	return f, loadMapping(r.dir, &f)
}

// readSources reads a source export into snap, which holds no other.
func (r reader) readSources(f tableFile, src syncaudit.Source, snap *syncaudit.Snapshot) error {
	name := f.name
	type key struct{ id, school string }
	rows := rowsIn(f)
	firstLine := make(map[key]int, rows)
	snap.Records = slices.Grow(snap.Records, rows)
	var errs syncaudit.InputErrors
	dates := newDateColumns(name, string(src), r.dateFormats[string(src)])
	hd, n, delim, err := readTable(f, sourceTable, func(row *sourceRow, line int, h header) error {
		at := len(snap.Records)
		c := cells{file: name, line: line, h: h, errs: &errs, dates: dates, row: at}
		rec := row.record(c, src)
		kept := false
		defer func() {
			if !kept {
				dates.drop(at)
			}
		}()
		if rec.SourceID == "" || rec.School == "" {
			return stopIfTooMany(errs)
		}
		k := key{rec.SourceID, rec.School}
		if prev, dup := firstLine[k]; dup {
			c.fail("source_id", rec.SourceID, fmt.Sprintf("the person is listed twice at school %s (first on line %d)", rec.School, prev), "keep one row per person and school")
			return stopIfTooMany(errs)
		}
		firstLine[k] = line
		if !r.listed[rec.School] {
			snap.Unoffered[src]++ // an HR export holds every location: never offered, only counted
			return nil
		}
		snap.Records = append(snap.Records, rec)
		kept = true
		return stopIfTooMany(errs)
	})
	if err := finish(err, errs); err != nil {
		return err
	}
	if errs := dates.resolve(func(i int, column string, d syncaudit.Date) {
		switch column {
		case "start_date":
			snap.Records[i].StartDate = d
		case "end_date":
			snap.Records[i].EndDate = d
		}
	}); len(errs) > 0 {
		return errOrNil(errs)
	}
	addInput(snap, f, n, delim, hd.ignored)
	return nil
}

func (r reader) readAccounts(f tableFile, snap *syncaudit.Snapshot) error {
	name := f.name
	rows := rowsIn(f)
	firstLine := make(map[string]int, rows)
	snap.Accounts = slices.Grow(snap.Accounts, rows)
	var errs syncaudit.InputErrors
	dates := newDateColumns(name, "accounts", r.dateFormats["accounts"])
	hd, n, delim, err := readTable(f, accountsTable, func(row *accountRow, line int, h header) error {
		c := cells{file: name, line: line, h: h, errs: &errs, dates: dates, row: len(snap.Accounts)}
		a := row.account(c)
		if a.ID != "" {
			if prev, dup := firstLine[a.ID]; dup {
				c.fail("account_id", a.ID, fmt.Sprintf("the account id is used twice (first on line %d)", prev), "every account needs its own account_id")
			}
			firstLine[a.ID] = line
		}
		// A board account kept by the exception list may have lost every
		// school and still stand at board level (D5, seed 001); anywhere else
		// an active account lives at a school.
		if a.Status == syncaudit.Active && len(a.Schools) == 0 && r.structure != syncaudit.Board {
			c.fail("schools", "", "an active account needs at least one school", "list its school codes, separated by |")
		}
		for _, school := range a.Schools {
			if !r.listed[school] {
				c.fail("schools", school, "the tenant does not list this school", "add the school to tenant.yaml, or correct the school code")
			}
		}
		snap.Accounts = append(snap.Accounts, a)
		return stopIfTooMany(errs)
	})
	if err := finish(err, errs); err != nil {
		return err
	}
	if errs := dates.resolve(func(i int, column string, d syncaudit.Date) {
		a := &snap.Accounts[i]
		switch column {
		case "deleted_at":
			a.DeletedAt = d
		case "restored_at":
			a.RestoredAt = d
		case "last_login":
			a.LastLogin = d
		}
	}); len(errs) > 0 {
		return errOrNil(errs)
	}
	if n == 0 {
		return &syncaudit.InputError{File: name, Line: 1, Problem: "the target export holds no accounts, only a header",
			Fix: "export the platform's users again: syncaudit compares the sources with the accounts that exist"}
	}
	snap.TargetPrograms = hd.present["programs"]
	addInput(snap, f, n, delim, hd.ignored)
	return nil
}

func (r reader) readExceptions(f tableFile, snap *syncaudit.Snapshot) error {
	name := f.name
	var errs syncaudit.InputErrors
	dates := newDateColumns(name, "exceptions", r.dateFormats["exceptions"])
	var hdr header
	hd, n, delim, err := readTable(f, exceptionsTable, func(row *exceptionRow, line int, h header) error {
		hdr = h
		c := cells{file: name, line: line, h: h, errs: &errs, dates: dates, row: len(snap.Exceptions)}
		snap.Exceptions = append(snap.Exceptions, row.entry(c))
		return stopIfTooMany(errs)
	})
	if err := finish(err, errs); err != nil {
		return err
	}
	if errs := dates.resolve(func(i int, column string, d syncaudit.Date) {
		e := &snap.Exceptions[i]
		switch column {
		case "added_at":
			e.AddedAt = d
		case "reviewed_at":
			e.ReviewedAt = d
		case "expires_at":
			e.ExpiresAt = d
		}
	}); len(errs) > 0 {
		return errOrNil(errs)
	}
	// Past events after the run date, checked once each date's format is settled.
	for i := range snap.Exceptions {
		e := &snap.Exceptions[i]
		c := cells{file: name, line: e.Line, h: hdr, errs: &errs}
		c.notAfter("added_at", e.AddedAt, r.runDate)
		c.notAfter("reviewed_at", e.ReviewedAt, r.runDate)
		if tooMany(errs) {
			break
		}
	}
	if err := errOrNil(errs); err != nil {
		return err
	}
	addInput(snap, f, n, delim, hd.ignored)
	return nil
}

func (r reader) readMemberships(f tableFile, snap *syncaudit.Snapshot) error {
	name := f.name
	var errs syncaudit.InputErrors
	hd, n, delim, err := readTable(f, membershipsTable, func(row *membershipRow, line int, h header) error {
		m := row.membership(cells{file: name, line: line, h: h, errs: &errs})
		snap.Memberships = append(snap.Memberships, m)
		return stopIfTooMany(errs)
	})
	if err := finish(err, errs); err != nil {
		return err
	}
	addInput(snap, f, n, delim, hd.ignored)
	return nil
}

func stopIfTooMany(errs syncaudit.InputErrors) error {
	if tooMany(errs) {
		return errStop
	}
	return nil
}

// finish combines a read error with the collected row errors.
func finish(err error, errs syncaudit.InputErrors) error {
	if err != nil && !errors.Is(err, errStop) {
		return err
	}
	return errOrNil(errs)
}
