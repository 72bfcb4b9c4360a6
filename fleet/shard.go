package fleet

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/syncaudit/syncaudit"
)

// ShardSchema names the format of a shard's record.
const ShardSchema = "syncaudit.shard/v1"

// A Shard is one share of the tenants under a snapshot root, so that many
// processes (the pods of a Kubernetes Indexed Job) check the root between
// them: shard Index of Count (0 ≤ Index < Count) takes the tenant folders at
// positions Index, Index+Count, Index+2·Count, ... of the root's folders in
// name order. Every folder is in exactly one shard of the same Count.
type Shard struct{ Index, Count int }

// ParseShard reads "I/N": shard I (counted from 0, as JOB_COMPLETION_INDEX
// is) of N.
func ParseShard(s string) (Shard, error) {
	i, n, ok := strings.Cut(s, "/")
	if !ok {
		return Shard{}, fmt.Errorf("%q is not I/N: write the shard's index (from 0) and the number of shards, e.g. 0/8", s)
	}
	index, err := shardNumber(i)
	if err != nil {
		return Shard{}, fmt.Errorf("%q: the index %q is not a whole number from 0: write e.g. 0/8", s, i)
	}
	count, err := shardNumber(n)
	if err != nil || count == 0 {
		return Shard{}, fmt.Errorf("%q: the number of shards %q is not a whole number from 1: write e.g. 0/8", s, n)
	}
	return NewShard(index, count)
}

// NewShard returns shard index of count, or an error when index is not in
// 0..count-1.
func NewShard(index, count int) (Shard, error) {
	if count < 1 {
		return Shard{}, fmt.Errorf("the number of shards is %d: use 1 or more", count)
	}
	if index < 0 || index >= count {
		return Shard{}, fmt.Errorf("shard %d does not exist among %d shards: the index runs from 0 to %d", index, count, count-1)
	}
	return Shard{Index: index, Count: count}, nil
}

// shardNumber reads a whole number of decimal digits only (no sign, no
// spaces), so that "-1", "+1" and " 1" are refused, not read.
func shardNumber(s string) (int, error) {
	if s == "" || strings.Trim(s, "0123456789") != "" {
		return 0, strconv.ErrSyntax
	}
	return strconv.Atoi(s)
}

// String writes the shard as I/N.
func (s Shard) String() string { return fmt.Sprintf("%d/%d", s.Index, s.Count) }

// Of returns the shard's share of folders (the root's folders in name
// order, as Snapshots returns them), in the same order. A shard beyond the
// number of folders has an empty share.
func (s Shard) Of(folders []string) []string {
	var share []string
	for p := s.Index; p < len(folders); p += s.Count {
		share = append(share, folders[p])
	}
	return share
}

// File is the name of the shard's record in the output folder.
func (s Shard) File() string { return fmt.Sprintf("index.shard-%d-of-%d.json", s.Index, s.Count) }

// A ShardRecord is what a shard's run leaves in the output folder beside
// its tenants' report folders: which tenants the whole root had (so the
// merge knows every tenant, even of a shard that never finished) and which
// of its own tenants could not be checked, and why (they have no report
// folder to read it from).
type ShardRecord struct {
	Schema string `json:"schema"`
	Shard  int    `json:"shard"`
	Shards int    `json:"shards"`
	// Tenants are every tenant folder under the snapshot root when the
	// shard ran, in name order.
	Tenants []string `json:"tenants"`
	// Failed are the shard's tenants that could not be checked.
	Failed []Entry `json:"failed"`
}

// NewShardRecord makes the record of shard s over the root's folders, from
// its tenants' index entries.
func NewShardRecord(s Shard, folders []string, entries []Entry) ShardRecord {
	rec := ShardRecord{Schema: ShardSchema, Shard: s.Index, Shards: s.Count, Tenants: folders, Failed: []Entry{}}
	for _, e := range entries {
		if e.Error != "" {
			rec.Failed = append(rec.Failed, e)
		}
	}
	return rec
}

// WriteShardRecord writes rec as indented JSON.
func WriteShardRecord(w io.Writer, rec ShardRecord) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(rec)
}

// A Merge is the index of a sharded run, built from the output folder.
type Merge struct {
	Index *Index
	// Shards is the number of shards the run was split into.
	Shards int
	// Missing are the shards that left no record (not run, still running,
	// or failed before the end), in order. Their tenants without a report
	// folder are in the index as not checked.
	Missing []int
}

// Complete reports whether every shard left its record.
func (m *Merge) Complete() bool { return len(m.Missing) == 0 }

// ErrNoShards is returned by MergeShards for an output folder without any
// shard record.
var ErrNoShards = errors.New("no shard record (index.shard-I-of-N.json)")

// MergeShards builds, from the output folder of a sharded run (the report
// folders and the shards' records in dir), the index check --snapshots
// writes when it checks every tenant in one run: one entry per tenant of the
// root, from its report.json, or the reason it could not be checked.
// Records of different shard counts, or that list different tenants, are an
// error: the folder mixes runs (rerun into an empty folder).
func MergeShards(dir string) (*Merge, error) {
	files, err := filepath.Glob(filepath.Join(dir, "index.shard-*-of-*.json"))
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("%s holds %w", dir, ErrNoShards)
	}
	var recs []ShardRecord
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("read shard record: %w", err)
		}
		var rec ShardRecord
		if err := json.Unmarshal(b, &rec); err != nil || rec.Schema != ShardSchema {
			return nil, fmt.Errorf("%s is not a shard record (schema %s): remove it", f, ShardSchema)
		}
		if filepath.Base(f) != (Shard{rec.Shard, rec.Shards}).File() {
			return nil, fmt.Errorf("%s holds shard %d/%d: it has been renamed; remove it or rerun that shard", f, rec.Shard, rec.Shards)
		}
		recs = append(recs, rec)
	}
	first := recs[0]
	failed := map[string]Entry{}
	present := map[int]bool{}
	for _, rec := range recs {
		if rec.Shards != first.Shards {
			return nil, fmt.Errorf("%s holds shards of runs split %d and %d ways: keep one run's records in a folder (rerun into an empty folder)", dir, first.Shards, rec.Shards)
		}
		if !slices.Equal(rec.Tenants, first.Tenants) {
			return nil, fmt.Errorf("shards %d and %d of %d listed different tenants (a snapshot folder was added or removed during the run): rerun every shard into an empty folder", first.Shard, rec.Shard, rec.Shards)
		}
		present[rec.Shard] = true
		for _, e := range rec.Failed {
			failed[e.Folder] = e
		}
	}
	m := &Merge{Shards: first.Shards}
	for i := range first.Shards {
		if !present[i] {
			m.Missing = append(m.Missing, i)
		}
	}
	entries := make([]Entry, 0, len(first.Tenants))
	for p, folder := range first.Tenants {
		e, ok, err := readReportEntry(dir, folder)
		switch {
		case err != nil:
			return nil, err
		case ok:
		case failed[folder].Error != "":
			e = failed[folder]
		default:
			s := Shard{Index: p % first.Shards, Count: first.Shards}
			e = Failed(folder, fmt.Errorf("not checked: shard %s has no report for it; rerun that shard (check --snapshots ROOT --shard %s)", s, s))
		}
		entries = append(entries, e)
	}
	m.Index = NewIndex(entries)
	return m, nil
}

// readReportEntry summarises dir/folder/report.json; ok is false when the
// folder has no report.json. A report.json that cannot be read as a report
// gives a failed entry.
func readReportEntry(dir, folder string) (e Entry, ok bool, err error) {
	b, err := os.ReadFile(filepath.Join(dir, folder, "report.json"))
	if errors.Is(err, fs.ErrNotExist) {
		return Entry{}, false, nil
	}
	if err != nil {
		return Entry{}, false, fmt.Errorf("read reports: %w", err)
	}
	var rep syncaudit.Report
	if err := json.NewDecoder(bytes.NewReader(b)).Decode(&rep); err != nil {
		return Failed(folder, fmt.Errorf("%s/report.json is not a report: %w", folder, err)), true, nil
	}
	if rep.Schema != syncaudit.ReportSchema {
		return Failed(folder, fmt.Errorf("%s/report.json has schema %q, not %s", folder, rep.Schema, syncaudit.ReportSchema)), true, nil
	}
	return Summarise(folder, &rep), true, nil
}
