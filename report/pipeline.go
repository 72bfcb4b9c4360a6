package report

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/syncaudit/syncaudit"
)

// The pipeline formats (junit, github, sarif, gitlab, azure, tap) are what a
// CI job reads: annotations, test reports and code-quality files. Each also
// writes many tenants into one document (check --snapshots, index), so a
// fleet run gives a pipeline the same view per tenant as a single check.

// A TenantResult is one tenant of a many-tenant run, for the pipeline
// writers: its report, or why it has none.
type TenantResult struct {
	// Folder is the tenant's folder under the snapshot root (and under the
	// output root, where its reports are).
	Folder string
	// Report is the tenant's report; nil when it could not be checked.
	Report *syncaudit.Report
	// Error says why the tenant could not be checked.
	Error string
}

// A FleetWriter writes many tenants' results as one document.
type FleetWriter interface {
	WriteFleet(w io.Writer, tenants []TenantResult) error
}

// FleetFormats are the pipeline formats; check --snapshots and index print
// them per tenant (their table and json print the index instead).
var FleetFormats = []string{"junit", "github", "sarif", "gitlab", "azure", "tap"}

// A PipelineWriter writes one report (Writer) and many tenants' results as
// one document (FleetWriter): every pipeline format does both.
type PipelineWriter interface {
	Writer
	FleetWriter
}

// pipelineWriters holds the writer of each pipeline format, the one list
// NewWriter and NewFleetWriter read.
var pipelineWriters = map[string]PipelineWriter{
	"junit": JUnit{}, "github": GitHub{}, "sarif": SARIF{}, "gitlab": GitLab{}, "azure": Azure{}, "tap": TAP{},
}

// NewFleetWriter returns the writer of a pipeline --format value; any other
// format is an error.
func NewFleetWriter(format string) (FleetWriter, error) {
	if w, ok := pipelineWriters[format]; ok {
		return w, nil
	}
	return nil, fmt.Errorf("unknown format %q: use %s", format, orList(FleetFormats))
}

// single is one report as a fleet of one, for the writers' Write.
func single(rep *syncaudit.Report) []TenantResult {
	return []TenantResult{{Report: rep}}
}

// name is how a tenant is called in a pipeline message: its id, else its folder.
func (t TenantResult) name() string {
	if t.Report != nil && t.Report.Run.Tenant != "" {
		return t.Report.Run.Tenant
	}
	return t.Folder
}

// notChecked is the message of a tenant that could not be checked.
func (t TenantResult) notChecked() string {
	return "tenant " + t.name() + " could not be checked: " + t.Error
}

// findingFile is the snapshot file a finding is about, as the report's
// inputs name it (target/accounts.csv, or .json when the export was JSON):
// the exception list for E rules, a source table for a source record, the
// accounts for an account, else tenant.yaml. folder, when set, is put
// before it (the tenant's folder in a many-tenant run).
func findingFile(rep *syncaudit.Report, f syncaudit.Finding, folder string) string {
	base := "tenant"
	switch {
	case family(f.Rule) == "E":
		base = "target/exceptions"
	case f.Account != "":
		base = "target/accounts"
	case f.Source != "":
		base = "sources/" + f.Source
	}
	file := base + ".csv"
	if base == "tenant" {
		file = "tenant.yaml"
	}
	for _, in := range rep.Run.Inputs {
		if strings.TrimSuffix(in.File, path.Ext(in.File)) == base {
			file = in.File
			break
		}
	}
	if folder != "" {
		file = path.Join(folder, file)
	}
	return file
}

// findingLine is the line of the file a finding names in its evidence (the
// exception list's entries carry theirs), or 0.
func findingLine(f syncaudit.Finding) int {
	var n int
	if _, err := fmt.Sscan(f.Evidence["line"], &n); err != nil || n < 1 {
		return 0
	}
	return n
}

// fingerprint is a stable identity of a finding across runs, for the
// pipelines that track a problem from one run to the next (SARIF's
// partialFingerprints, GitLab's fingerprint): the tenant, the rule and what
// the finding is about, not its wording (which carries dates and counts).
// nth tells apart findings that share all of those.
func fingerprint(tenant string, f syncaudit.Finding, nth int) string {
	sum := sha256.Sum256([]byte(strings.Join([]string{tenant, f.Rule, f.Account, f.School, f.Source, f.SourceID, fmt.Sprint(nth)}, "\x00")))
	return hex.EncodeToString(sum[:16])
}

// fingerprints gives each finding of rep its fingerprint, in order.
func fingerprints(tenant string, rep *syncaudit.Report) []string {
	seen := map[string]int{}
	out := make([]string, len(rep.Findings))
	for i, f := range rep.Findings {
		key := strings.Join([]string{f.Rule, f.Account, f.School, f.Source, f.SourceID}, "\x00")
		out[i] = fingerprint(tenant, f, seen[key])
		seen[key]++
	}
	return out
}

// subject says what a finding is about in a few words: "account A3 school
// 12AB", "las:1001", or "" for the run as a whole.
func subject(f syncaudit.Finding) string {
	var parts []string
	if f.Account != "" {
		parts = append(parts, "account "+f.Account)
	}
	if f.School != "" {
		parts = append(parts, "school "+f.School)
	}
	if f.Account == "" && f.SourceID != "" {
		parts = append(parts, f.Source+":"+f.SourceID)
	}
	return strings.Join(parts, " ")
}

// orList joins names as "a, b or c".
func orList(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}
