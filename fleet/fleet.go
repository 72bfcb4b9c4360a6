// Package fleet serves operators that run syncaudit for many tenants: it
// finds the snapshot folders under a root, and summarises per-tenant
// reports into one index, worst tenant first. `syncaudit check --snapshots`
// writes the index after checking every tenant; `syncaudit index` builds the
// same index from report folders checked elsewhere (separate jobs on a batch
// engine), so both give the same file.
package fleet

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/ingest"
)

// IndexSchema names the index format.
const IndexSchema = "syncaudit.index/v1"

// An Entry is one tenant's line of the index: what its report says in
// counts, or why there is no report.
type Entry struct {
	// Folder is the tenant's folder under the snapshot root, and under the
	// output root, where its reports are.
	Folder     string                     `json:"folder"`
	Tenant     string                     `json:"tenant,omitempty"`
	Name       string                     `json:"name,omitempty"`
	Structure  syncaudit.Structure        `json:"structure,omitempty"`
	RunDate    syncaudit.Date             `json:"run_date,omitempty"`
	Accounts   int                        `json:"accounts"`
	Actions    int                        `json:"actions"`
	Skipped    int                        `json:"skipped"`
	Findings   map[syncaudit.Severity]int `json:"findings"`
	Worst      syncaudit.Severity         `json:"worst,omitempty"`
	Report     string                     `json:"report,omitempty"` // path of report.json, relative to the index
	Error      string                     `json:"error,omitempty"`  // why the tenant has no report
	DenyRules  []string                   `json:"deny_rules,omitempty"`
	PolicyHash string                     `json:"policy_digest,omitempty"`
}

// An Index summarises many tenants' reports, worst first.
type Index struct {
	Schema  string  `json:"schema"`
	Tenants []Entry `json:"tenants"`
	// Totals add up the tenants' counts.
	Totals Entry `json:"totals"`
}

// Summarise makes the index entry of one tenant's report.
func Summarise(folder string, rep *syncaudit.Report) Entry {
	e := Entry{
		Folder: folder, Tenant: rep.Run.Tenant, Name: rep.Run.TenantName, Structure: rep.Run.Structure,
		RunDate: rep.Run.RunDate, Accounts: rep.Summary.Accounts, Worst: rep.WorstSeverity(),
		Findings: map[syncaudit.Severity]int{syncaudit.Deny: 0, syncaudit.Warn: 0, syncaudit.Info: 0},
		Report:   filepath.ToSlash(filepath.Join(folder, "report.json")), PolicyHash: rep.Run.PolicyDigest,
	}
	for _, n := range rep.Summary.Actions {
		e.Actions += n
	}
	for _, n := range rep.Summary.Skipped {
		e.Skipped += n
	}
	deny := map[string]bool{}
	for _, f := range rep.Findings {
		e.Findings[f.Severity]++
		if f.Severity == syncaudit.Deny {
			deny[f.Rule] = true
		}
	}
	for r := range deny {
		e.DenyRules = append(e.DenyRules, r)
	}
	slices.Sort(e.DenyRules)
	return e
}

// Failed makes the index entry of a tenant that could not be checked.
func Failed(folder string, err error) Entry {
	return Entry{Folder: folder, Error: err.Error(), Findings: map[syncaudit.Severity]int{}}
}

// NewIndex sorts the entries worst first (failed tenants, then by worst
// severity, deny count, warn count and folder) and adds them up.
func NewIndex(entries []Entry) *Index {
	idx := &Index{Schema: IndexSchema, Tenants: slices.Clone(entries)}
	rank := func(e Entry) int {
		if e.Error != "" {
			return 4
		}
		return e.Worst.Rank()
	}
	slices.SortStableFunc(idx.Tenants, func(a, b Entry) int {
		return cmp.Or(
			cmp.Compare(rank(b), rank(a)),
			cmp.Compare(b.Findings[syncaudit.Deny], a.Findings[syncaudit.Deny]),
			cmp.Compare(b.Findings[syncaudit.Warn], a.Findings[syncaudit.Warn]),
			cmp.Compare(a.Folder, b.Folder),
		)
	})
	t := Entry{Folder: "", Findings: map[syncaudit.Severity]int{syncaudit.Deny: 0, syncaudit.Warn: 0, syncaudit.Info: 0}}
	for _, e := range idx.Tenants {
		t.Accounts += e.Accounts
		t.Actions += e.Actions
		t.Skipped += e.Skipped
		for s, n := range e.Findings {
			t.Findings[s] += n
		}
		if e.Worst.Rank() > t.Worst.Rank() {
			t.Worst = e.Worst
		}
	}
	idx.Totals = t
	return idx
}

// Worst returns the most severe severity of any tenant's findings.
func (idx *Index) Worst() syncaudit.Severity { return idx.Totals.Worst }

// FailedTenants counts the tenants without a report.
func (idx *Index) FailedTenants() int {
	n := 0
	for _, e := range idx.Tenants {
		if e.Error != "" {
			n++
		}
	}
	return n
}

// WriteJSON writes the index as indented JSON.
func WriteJSON(w io.Writer, idx *Index) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(idx)
}

// Snapshots returns the folders directly under root that hold a snapshot
// (a tenant.yaml, tenant.yml or tenant.json, in any case: ingest.HasTenantFile),
// sorted by name.
func Snapshots(root string) ([]string, error) {
	entries, err := os.ReadDir(root)
	if err != nil {
		return nil, fmt.Errorf("read snapshot root: %w", err)
	}
	var out []string
	for _, d := range entries {
		if !d.IsDir() {
			continue
		}
		if ingest.HasTenantFile(filepath.Join(root, d.Name())) {
			out = append(out, d.Name())
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s holds no snapshot folder (a folder with tenant.yaml)", root)
	}
	return out, nil
}

// ReadReports builds the index of the report folders directly under dir,
// each holding a report.json (a folder without one is left out).
func ReadReports(dir string) (*Index, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("read reports: %w", err)
	}
	var out []Entry
	for _, d := range entries {
		if !d.IsDir() {
			continue
		}
		e, ok, err := readReportEntry(dir, d.Name())
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, e)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s holds no report folder (a folder with report.json)", dir)
	}
	return NewIndex(out), nil
}
