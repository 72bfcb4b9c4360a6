package report

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/rego"
	"gopkg.in/yaml.v3"

	"github.com/syncaudit/syncaudit"
)

// fleetSample is three tenants as check --snapshots gives them: the sample
// report, a second tenant with nothing to report, and one that could not be
// checked.
func fleetSample() []TenantResult {
	quiet := sampleReport()
	quiet.Run.Tenant, quiet.Run.TenantName = "vallby", "Vallby kommun"
	quiet.Findings, quiet.Actions = nil, nil
	quiet.Run.Inputs = []syncaudit.InputFile{{File: "target/accounts.json", SHA256: "abc", Records: 3}}
	quiet.Summarise(3)
	withInputs := sampleReport()
	withInputs.Run.Inputs = []syncaudit.InputFile{
		{File: "tenant.yaml"}, {File: "sources/las.csv"}, {File: "target/accounts.csv"}, {File: "target/exceptions.csv"},
	}
	withInputs.Findings = append(withInputs.Findings, syncaudit.Finding{
		Rule: "E4", Severity: syncaudit.Deny, Account: "A41", Message: "the entry on line 7 has no reason; [sic] 50% done", Fix: "add a reason",
		Evidence: map[string]string{"line": "7"},
	})
	withInputs.Summarise(1000)
	return []TenantResult{
		{Folder: "de-linde", Report: withInputs},
		{Folder: "kaputt", Error: "tenant.yaml:2: column structure: unknown structure (value \"federatie\")"},
		{Folder: "vallby-kommun", Report: quiet},
	}
}

// TestPipelineWritersGolden: each pipeline format, for one report and for
// many tenants, against its golden file (go test ./report -update rewrites them).
func TestPipelineWritersGolden(t *testing.T) {
	for _, format := range FleetFormats {
		t.Run(format, func(t *testing.T) {
			w, err := NewWriter(format, WriterOptions{})
			if err != nil {
				t.Fatal(err)
			}
			var one bytes.Buffer
			if err := w.Write(&one, sampleReport()); err != nil {
				t.Fatalf("Write: %v", err)
			}
			golden(t, format+".golden", one.Bytes())
			fw, err := NewFleetWriter(format)
			if err != nil {
				t.Fatal(err)
			}
			var many bytes.Buffer
			if err := fw.WriteFleet(&many, fleetSample()); err != nil {
				t.Fatalf("WriteFleet: %v", err)
			}
			golden(t, format+"_fleet.golden", many.Bytes())
			// One report written alone and as a fleet of one carry the same findings.
			var alone bytes.Buffer
			if err := fw.WriteFleet(&alone, single(sampleReport())); err != nil {
				t.Fatal(err)
			}
			if format == "junit" && !bytes.Equal(alone.Bytes(), one.Bytes()) {
				t.Errorf("junit: a fleet of one differs from Write")
			}
		})
	}
	if _, err := NewFleetWriter("table"); err == nil || !strings.Contains(err.Error(), "use junit, github, sarif, gitlab, azure or tap") {
		t.Errorf("NewFleetWriter(table) error = %v", err)
	}
}

// TestSARIFMatchesTheSchema validates the SARIF output against the published
// SARIF 2.1.0 schema (testdata/schema), and checks what code scanning needs
// beyond it: a rule per ruleId at ruleIndex, a location and a fingerprint
// per result, a distinct automation id per run.
func TestSARIFMatchesTheSchema(t *testing.T) {
	schema, err := os.ReadFile(filepath.Join("testdata", "schema", "sarif-2.1.0-rtm.5.json"))
	if err != nil {
		t.Fatal(err)
	}
	var schemaDoc any
	if err := json.Unmarshal(schema, &schemaDoc); err != nil {
		t.Fatal(err)
	}
	query, err := rego.New(rego.Query("r := json.match_schema(input.doc, input.schema)")).PrepareForEval(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	outputs := map[string][]byte{}
	var one, many bytes.Buffer
	if err := (SARIF{}).Write(&one, sampleReport()); err != nil {
		t.Fatal(err)
	}
	if err := (SARIF{}).WriteFleet(&many, fleetSample()); err != nil {
		t.Fatal(err)
	}
	outputs["one report"], outputs["many tenants"] = one.Bytes(), many.Bytes()
	broken := bytes.Replace(one.Bytes(), []byte(`"level": "error"`), []byte(`"level": "fatal"`), 1)
	outputs["broken on purpose"] = broken
	for name, out := range outputs {
		t.Run(name, func(t *testing.T) {
			var doc any
			if err := json.Unmarshal(out, &doc); err != nil {
				t.Fatal(err)
			}
			rs, err := query.Eval(context.Background(), rego.EvalInput(map[string]any{"doc": doc, "schema": schemaDoc}))
			if err != nil || len(rs) != 1 {
				t.Fatalf("eval: %v %v", rs, err)
			}
			verdict := rs[0].Bindings["r"].([]any)
			valid := verdict[0].(bool)
			if want := name != "broken on purpose"; valid != want {
				t.Fatalf("valid = %v, want %v; errors: %v", valid, want, verdict[1])
			}
			if !valid {
				return
			}
			var log sarifLog
			if err := json.Unmarshal(out, &log); err != nil {
				t.Fatal(err)
			}
			ids := map[string]bool{}
			for _, run := range log.Runs {
				if ids[run.AutomationDetails.ID] {
					t.Errorf("two runs share the automation id %s", run.AutomationDetails.ID)
				}
				ids[run.AutomationDetails.ID] = true
				for _, r := range run.Results {
					if r.RuleIndex >= len(run.Tool.Driver.Rules) || run.Tool.Driver.Rules[r.RuleIndex].ID != r.RuleID {
						t.Errorf("result %s: ruleIndex %d does not point at its rule", r.RuleID, r.RuleIndex)
					}
					if len(r.Locations) == 0 || r.Locations[0].PhysicalLocation.ArtifactLocation.URI == "" || r.PartialFingerprints["syncauditFinding/v1"] == "" {
						t.Errorf("result %s lacks a location or a fingerprint", r.RuleID)
					}
				}
			}
		})
	}
}

// TestGitLabCodeQualityShape checks each issue has what GitLab requires:
// description, check_name, a fingerprint unique in the report, a known
// severity, a path and a first line.
func TestGitLabCodeQualityShape(t *testing.T) {
	var buf bytes.Buffer
	if err := (GitLab{}).WriteFleet(&buf, fleetSample()); err != nil {
		t.Fatal(err)
	}
	var issues []map[string]any
	if err := json.Unmarshal(buf.Bytes(), &issues); err != nil {
		t.Fatal(err)
	}
	if len(issues) != 6 { // the four findings and E4 of de-linde, and the tenant not checked
		t.Errorf("%d issues, want 6", len(issues))
	}
	seen := map[string]bool{}
	for i, is := range issues {
		for _, k := range []string{"description", "check_name", "fingerprint", "severity"} {
			if s, _ := is[k].(string); s == "" {
				t.Errorf("issue %d: no %s", i, k)
			}
		}
		fp := is["fingerprint"].(string)
		if seen[fp] {
			t.Errorf("issue %d: fingerprint %s twice", i, fp)
		}
		seen[fp] = true
		sev := is["severity"].(string)
		if !strings.Contains(" "+strings.Join(GitLabSeverities, " ")+" ", " "+sev+" ") {
			t.Errorf("issue %d: severity %q", i, sev)
		}
		loc, _ := is["location"].(map[string]any)
		lines, _ := loc["lines"].(map[string]any)
		if p, _ := loc["path"].(string); p == "" || lines["begin"].(float64) < 1 {
			t.Errorf("issue %d: location %v", i, loc)
		}
	}
	// The fingerprint follows the finding, not its wording: a new count keeps it.
	rep := sampleReport()
	var first, second bytes.Buffer
	_ = (GitLab{}).Write(&first, rep)
	rep.Findings[0].Message = "700 of 1000 active accounts would be soft-deleted (70%)"
	_ = (GitLab{}).Write(&second, rep)
	fpOf := func(b []byte) string {
		var is []gitlabIssue
		_ = json.Unmarshal(b, &is)
		return is[0].Fingerprint
	}
	if fpOf(first.Bytes()) != fpOf(second.Bytes()) {
		t.Errorf("the fingerprint changed with the message")
	}
}

var tapPointLine = regexp.MustCompile(`^(ok|not ok) (\d+) - [^#]*$`)

// TestTAPIsValid reads the TAP stream back: the version line, a plan that
// counts the points, points numbered from 1 in order, and YAML blocks that
// parse.
func TestTAPIsValid(t *testing.T) {
	var buf bytes.Buffer
	if err := (TAP{}).WriteFleet(&buf, fleetSample()); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if lines[0] != "TAP version 14" {
		t.Fatalf("first line %q", lines[0])
	}
	planned, err := strconv.Atoi(strings.TrimPrefix(lines[1], "1.."))
	if err != nil {
		t.Fatalf("plan line %q", lines[1])
	}
	n, notOK := 0, 0
	for i := 2; i < len(lines); i++ {
		l := lines[i]
		if l == "  ---" {
			var block []string
			for i++; i < len(lines) && lines[i] != "  ..."; i++ {
				block = append(block, strings.TrimPrefix(lines[i], "  "))
			}
			var v map[string]any
			if err := yaml.Unmarshal([]byte(strings.Join(block, "\n")), &v); err != nil {
				t.Errorf("YAML block after point %d: %v\n%s", n, err, strings.Join(block, "\n"))
			}
			continue
		}
		m := tapPointLine.FindStringSubmatch(l)
		if m == nil {
			t.Errorf("line %d is not a test point: %q", i+1, l)
			continue
		}
		n++
		if m[2] != strconv.Itoa(n) {
			t.Errorf("point %s, want %d", m[2], n)
		}
		if m[1] == "not ok" {
			notOK++
		}
	}
	if n != planned {
		t.Errorf("%d points, plan says %d", n, planned)
	}
	if notOK != 5 { // de-linde: D9, M2, E5, E4; kaputt
		t.Errorf("%d not ok, want 5:\n%s", notOK, buf.String())
	}
}

// TestAzureEscapes: a message cannot end a logging command early or start
// another, and every line is a command the agent reads.
func TestAzureEscapes(t *testing.T) {
	var buf bytes.Buffer
	if err := (Azure{}).WriteFleet(&buf, fleetSample()); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		"##vso[task.logissue type=error;sourcepath=de-linde/target/exceptions.csv;linenumber=7;code=E4]E4 account A41: the entry on line 7 has no reason; [sic] 50%AZP25 done Fix: add a reason\n",
		"##vso[task.logissue type=error;code=not-checked]tenant kaputt could not be checked: ",
		"##[group]syncaudit vallby\nsyncaudit vallby 2026-11-23: 0 deny, 0 warn, 0 info findings; 0 actions\n##[endgroup]\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	for i, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if !strings.HasPrefix(l, "##") && !strings.HasPrefix(l, "info ") && !strings.HasPrefix(l, "syncaudit ") {
			t.Errorf("line %d: %q", i+1, l)
		}
	}
}

// TestJUnitFleet: a suite per tenant, the counts add up, and the tenant
// that could not be checked is an error.
func TestJUnitFleet(t *testing.T) {
	var buf bytes.Buffer
	if err := (JUnit{}).WriteFleet(&buf, fleetSample()); err != nil {
		t.Fatal(err)
	}
	var doc junitSuites
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Suites) != 3 || doc.Errors != 1 {
		t.Fatalf("%d suites, %d errors; want 3 and 1", len(doc.Suites), doc.Errors)
	}
	tests, failures := 0, 0
	for _, s := range doc.Suites {
		tests += s.Tests
		failures += s.Failures
	}
	if tests != doc.Tests || failures != doc.Failures || failures != 4 {
		t.Errorf("tests %d/%d, failures %d/%d (want 4)", tests, doc.Tests, failures, doc.Failures)
	}
}
