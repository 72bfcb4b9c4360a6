package report

import (
	"encoding/json"
	"fmt"
	"io"
	"path"

	"github.com/syncaudit/syncaudit"
)

// GitLab writes the findings as a GitLab Code Quality report (the Code
// Climate issue subset GitLab reads from artifacts:reports:codequality): a
// JSON array with one issue per finding, each with a description, the rule
// as check_name, a stable fingerprint, a severity and the snapshot file it
// is about. A tenant that could not be checked is one blocker issue.
type GitLab struct{}

type gitlabIssue struct {
	Description string         `json:"description"`
	CheckName   string         `json:"check_name"`
	Fingerprint string         `json:"fingerprint"`
	Severity    string         `json:"severity"`
	Location    gitlabLocation `json:"location"`
}

type gitlabLocation struct {
	Path  string      `json:"path"`
	Lines gitlabLines `json:"lines"`
}

type gitlabLines struct {
	Begin int `json:"begin"`
}

// GitLabSeverities are the severities GitLab's Code Quality report knows.
var GitLabSeverities = []string{"info", "minor", "major", "critical", "blocker"}

// gitlabSeverity maps deny to critical, warn to major and info to info.
func gitlabSeverity(s syncaudit.Severity) string {
	switch s {
	case syncaudit.Deny:
		return "critical"
	case syncaudit.Warn:
		return "major"
	}
	return "info"
}

// Write writes the Code Quality report of one report.
func (g GitLab) Write(w io.Writer, rep *syncaudit.Report) error {
	return writeGitLab(w, single(rep), false)
}

// WriteFleet writes one Code Quality report for every tenant; paths start
// with the tenant's folder.
func (GitLab) WriteFleet(w io.Writer, tenants []TenantResult) error {
	return writeGitLab(w, tenants, true)
}

func writeGitLab(w io.Writer, tenants []TenantResult, many bool) error {
	issues := []gitlabIssue{}
	for _, t := range tenants {
		folder := ""
		if many {
			folder = t.Folder
		}
		rep := t.Report
		if rep == nil {
			issues = append(issues, gitlabIssue{
				Description: t.notChecked(), CheckName: "syncaudit/not-checked",
				Fingerprint: fingerprint(t.name(), syncaudit.Finding{Rule: "not-checked"}, 0), Severity: "blocker",
				Location: gitlabLocation{Path: path.Join(folder, "tenant.yaml"), Lines: gitlabLines{Begin: 1}},
			})
			continue
		}
		prints := fingerprints(rep.Run.Tenant, rep)
		for i, f := range rep.Findings {
			desc := f.Rule + ": " + f.Message
			if many {
				desc = rep.Run.Tenant + " " + desc
			}
			if f.Fix != "" {
				desc += " Fix: " + f.Fix
			}
			line := findingLine(f)
			if line == 0 {
				line = 1
			}
			issues = append(issues, gitlabIssue{
				Description: desc, CheckName: f.Rule, Fingerprint: prints[i], Severity: gitlabSeverity(f.Severity),
				Location: gitlabLocation{Path: findingFile(rep, f, folder), Lines: gitlabLines{Begin: line}},
			})
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(issues); err != nil {
		return fmt.Errorf("write gitlab code quality: %w", err)
	}
	return nil
}
