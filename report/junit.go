package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/syncaudit/syncaudit"
)

// JUnit writes the report as a JUnit XML test report for CI systems: one
// test case per rule of the catalogue, a failure per deny or warn finding of
// that rule; info findings go to the case's system-out.
type JUnit struct{}

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name      string      `xml:"name,attr"`
	Tests     int         `xml:"tests,attr"`
	Failures  int         `xml:"failures,attr"`
	Timestamp string      `xml:"timestamp,attr,omitempty"`
	Cases     []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string         `xml:"name,attr"`
	Classname string         `xml:"classname,attr"`
	Failures  []junitFailure `xml:"failure"`
	SystemOut string         `xml:"system-out,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

// Write writes the JUnit XML document.
func (JUnit) Write(w io.Writer, rep *syncaudit.Report) error {
	byRule := map[string][]syncaudit.Finding{}
	for _, f := range rep.Findings {
		byRule[f.Rule] = append(byRule[f.Rule], f)
	}
	suite := junitSuite{Name: "syncaudit " + rep.Run.Tenant, Timestamp: string(rep.Run.RunDate)}
	seen := map[string]bool{}
	addCase := func(id, title string) {
		seen[id] = true
		c := junitCase{Name: strings.TrimSpace(id + " " + title), Classname: "syncaudit." + family(id)}
		var out []string
		for _, f := range byRule[id] {
			text := findingText(f)
			if f.Severity == syncaudit.Info {
				out = append(out, text)
				continue
			}
			c.Failures = append(c.Failures, junitFailure{Message: f.Message, Type: string(f.Severity), Text: text})
		}
		c.SystemOut = strings.Join(out, "\n\n")
		suite.Cases = append(suite.Cases, c)
		suite.Tests++
		suite.Failures += len(c.Failures)
	}
	for _, r := range rep.Rules {
		if !seen[r.ID] {
			addCase(r.ID, r.Title)
		}
	}
	// Rules that reported without a catalogue entry still get a case.
	for _, f := range rep.Findings {
		if !seen[f.Rule] {
			addCase(f.Rule, "")
		}
	}
	doc := junitSuites{Name: "syncaudit", Tests: suite.Tests, Failures: suite.Failures, Suites: []junitSuite{suite}}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return fmt.Errorf("write junit: %w", err)
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("write junit: %w", err)
	}
	if _, err := io.WriteString(w, "\n"); err != nil {
		return fmt.Errorf("write junit: %w", err)
	}
	return nil
}

// family returns the letters of a rule id: D for D9.
func family(id string) string {
	i := strings.IndexAny(id, "0123456789")
	if i <= 0 {
		return id
	}
	return id[:i]
}

// findingText writes a finding's facts on separate lines.
func findingText(f syncaudit.Finding) string {
	lines := []string{string(f.Severity) + " " + f.Rule + ": " + f.Message}
	for _, kv := range [][2]string{{"account", f.Account}, {"school", f.School}, {"source", f.Source}, {"source_id", f.SourceID}, {"evidence", evidenceText(f.Evidence)}, {"fix", f.Fix}} {
		if kv[1] != "" {
			lines = append(lines, kv[0]+": "+kv[1])
		}
	}
	return strings.Join(lines, "\n")
}
