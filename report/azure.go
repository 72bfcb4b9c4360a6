package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/syncaudit/syncaudit"
)

// Azure writes the deny and warn findings as Azure Pipelines logging
// commands (##vso[task.logissue]), so they show as errors and warnings on
// the run's summary, each with the rule as its code and the snapshot file it
// is about; the info findings and a summary line go in the log, inside a
// collapsible group per tenant. A tenant that could not be checked is an
// error. The exit code, not a logging command, decides whether the step
// fails.
type Azure struct{}

// Write writes the logging commands of one report.
func (a Azure) Write(w io.Writer, rep *syncaudit.Report) error {
	return writeAzure(w, single(rep), false)
}

// WriteFleet writes the logging commands of every tenant.
func (Azure) WriteFleet(w io.Writer, tenants []TenantResult) error {
	return writeAzure(w, tenants, true)
}

func writeAzure(w io.Writer, tenants []TenantResult, many bool) error {
	var b strings.Builder
	for _, t := range tenants {
		rep := t.Report
		fmt.Fprintf(&b, "##[group]syncaudit %s\n", azureData(t.name()))
		if rep == nil {
			fmt.Fprintf(&b, "##vso[task.logissue type=error;code=not-checked]%s\n", azureData(t.notChecked()))
			b.WriteString("##[endgroup]\n")
			continue
		}
		folder := ""
		if many {
			folder = t.Folder
		}
		for _, f := range rep.Findings {
			msg := f.Rule
			if s := subject(f); s != "" {
				msg += " " + s
			}
			msg += ": " + f.Message
			if f.Fix != "" {
				msg += " Fix: " + f.Fix
			}
			var kind string
			switch f.Severity {
			case syncaudit.Deny:
				kind = "error"
			case syncaudit.Warn:
				kind = "warning"
			default:
				fmt.Fprintf(&b, "info %s\n", azureData(msg))
				continue
			}
			props := "type=" + kind + ";sourcepath=" + azureProperty(findingFile(rep, f, folder))
			if line := findingLine(f); line > 0 {
				props += fmt.Sprintf(";linenumber=%d", line)
			}
			props += ";code=" + azureProperty(f.Rule)
			fmt.Fprintf(&b, "##vso[task.logissue %s]%s\n", props, azureData(msg))
		}
		fmt.Fprintf(&b, "%s\n##[endgroup]\n", azureData(summaryLine(rep)))
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("write azure logging commands: %w", err)
	}
	return nil
}

// azureData escapes a logging command's message as the Azure Pipelines task
// library does (% first, then CR and LF), after Printable.
func azureData(s string) string {
	return strings.NewReplacer("%", "%AZP25", "\r", "%0D", "\n", "%0A").Replace(Printable(s))
}

// azureProperty escapes a property value: as data, plus ; and ].
func azureProperty(s string) string {
	return strings.NewReplacer("%", "%AZP25", "\r", "%0D", "\n", "%0A", ";", "%3B", "]", "%5D").Replace(Printable(s))
}
