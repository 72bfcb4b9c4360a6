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
// that rule; info findings go to the case's system-out. Many tenants are one
// test suite each; a tenant that could not be checked is a suite whose one
// case has an error.
type JUnit struct{}

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr,omitempty"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name      string      `xml:"name,attr"`
	Tests     int         `xml:"tests,attr"`
	Failures  int         `xml:"failures,attr"`
	Errors    int         `xml:"errors,attr,omitempty"`
	Timestamp string      `xml:"timestamp,attr,omitempty"`
	Cases     []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string         `xml:"name,attr"`
	Classname string         `xml:"classname,attr"`
	Failures  []junitFailure `xml:"failure"`
	Error     *junitFailure  `xml:"error,omitempty"`
	SystemOut string         `xml:"system-out,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

// Write writes the JUnit XML document.
func (j JUnit) Write(w io.Writer, rep *syncaudit.Report) error { return j.WriteFleet(w, single(rep)) }

// WriteFleet writes one JUnit XML document with a test suite per tenant.
func (JUnit) WriteFleet(w io.Writer, tenants []TenantResult) error {
	doc := junitSuites{Name: "syncaudit"}
	for _, t := range tenants {
		var suite junitSuite
		if t.Report == nil {
			suite = junitSuite{Name: "syncaudit " + t.name(), Tests: 1, Errors: 1, Cases: []junitCase{{
				Name: "check", Classname: "syncaudit", Error: &junitFailure{Message: t.notChecked(), Type: "not_checked", Text: t.Error},
			}}}
		} else {
			suite = junitSuiteOf(t.Report)
		}
		doc.Suites = append(doc.Suites, suite)
		doc.Tests += suite.Tests
		doc.Failures += suite.Failures
		doc.Errors += suite.Errors
	}
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

// junitSuiteOf is one report's test suite: a case per rule of the catalogue.
func junitSuiteOf(rep *syncaudit.Report) junitSuite {
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
	return suite
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
