package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/syncaudit/syncaudit"
)

// rawTenant is tenant.yaml (or tenant.json) as written: switches are
// pointers so that a switch left out takes its default (on).
type rawTenant struct {
	ID        string         `yaml:"id"`
	Name      string         `yaml:"name"`
	Structure string         `yaml:"structure"`
	Domain    string         `yaml:"domain"`
	Language  string         `yaml:"language"`
	RunDate   string         `yaml:"run_date"`
	Schools   []rawSchool    `yaml:"schools"`
	Policy    map[string]any `yaml:"policy"`
	// DateFormat is date_format: table (las, hr, sis, accounts, exceptions) -> format.
	DateFormat map[string]string `yaml:"date_format"`
}

type rawSchool struct {
	ID     string      `yaml:"id"`
	Name   string      `yaml:"name"`
	Domain string      `yaml:"domain"`
	Sync   rawSwitches `yaml:"sync"`
}

type rawSwitches struct {
	Automatic      *yesNo `yaml:"automatic"`
	Students       *yesNo `yaml:"students"`
	Staff          *yesNo `yaml:"staff"`
	Guardians      *yesNo `yaml:"guardians"`
	GuardiansFrom  string `yaml:"guardians_from"`
	Subjects       *yesNo `yaml:"subjects"`
	SubjectMembers *yesNo `yaml:"subject_members"`
	Classes        *yesNo `yaml:"classes"`
	ClassTeachers  *yesNo `yaml:"class_teachers"`
	ForceEmail     struct {
		Students  *yesNo `yaml:"students"`
		Staff     *yesNo `yaml:"staff"`
		Guardians *yesNo `yaml:"guardians"`
	} `yaml:"force_email"`
	ManualCourseMembers *yesNo `yaml:"manual_course_members"`
}

// yesNo is a boolean that accepts the contract's spellings in YAML:
// true/false, yes/no, ja/nee, 1/0.
type yesNo bool

func (b *yesNo) UnmarshalYAML(n *yaml.Node) error {
	switch strings.ToLower(strings.TrimSpace(n.Value)) {
	case "true", "yes", "ja", "1", "on":
		*b = true
	case "false", "no", "nee", "nej", "0", "off":
		*b = false
	default:
		return fmt.Errorf("line %d: %q is not a yes/no value: write true or false", n.Line, n.Value)
	}
	return nil
}

func (b *yesNo) or(def bool) bool {
	if b == nil {
		return def
	}
	return bool(*b)
}

// policyKeys are the keys tenant.yaml's policy block may set; anything else
// is most likely a typo that would silently leave a default in force.
var policyKeys = map[string]bool{
	"precedence": true, "hr_roles": true, "locks": true, "exception_review_days": true,
	"inactive_login_days": true, "purge_after_days": true, "mass_delete": true, "mass_update": true,
	"disabled_rules": true, "custom": true,
}

var yamlLine = regexp.MustCompile(`line (\d+): `)

// parseTenant reads tenant.yaml or tenant.json (YAML is a superset of JSON).
func parseTenant(file string, data []byte) (syncaudit.Tenant, error) {
	var raw rawTenant
	dec := yaml.NewDecoder(bytes.NewReader(bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF})))
	dec.KnownFields(true)
	if err := dec.Decode(&raw); err != nil {
		return syncaudit.Tenant{}, yamlError(file, err)
	}
	var doc yaml.Node
	_ = yaml.Unmarshal(data, &doc) // for line numbers; the decode above already succeeded
	lineOf := func(path ...string) int { return nodeLine(&doc, path...) }
	fail := func(line int, column, value, problem, fix string) error {
		return &syncaudit.InputError{File: file, Line: line, Column: column, Value: value, Problem: problem, Fix: fix}
	}

	t := syncaudit.Tenant{ID: strings.TrimSpace(raw.ID), Name: raw.Name, Domain: strings.TrimSpace(raw.Domain), Policy: raw.Policy}
	if t.ID == "" {
		return t, fail(lineOf("id"), "id", raw.ID, "the tenant needs an id", "add id: <a short name> to "+file)
	}
	s, err := syncaudit.ParseStructure(raw.Structure)
	if err != nil {
		return t, fail(lineOf("structure"), "structure", raw.Structure, "unknown structure", "write single_school, board or multi_domain (eenpitter, bestuur, multidomein)")
	}
	t.Structure = s
	if s == syncaudit.Board && t.Domain == "" {
		return t, fail(lineOf("structure"), "domain", "", "a board tenant needs its board domain (usernames are name@boarddomain, U1)", "add domain: <board domain> to "+file)
	}
	switch lang := strings.ToLower(strings.TrimSpace(raw.Language)); lang {
	case "", "en", "nl", "sv":
		t.Language = lang
	default:
		return t, fail(lineOf("language"), "language", raw.Language, "unknown report language", "write en, nl or sv")
	}
	if t.RunDate, err = syncaudit.ParseDate(raw.RunDate); err != nil {
		return t, fail(lineOf("run_date"), "run_date", raw.RunDate, "not a date", "write the run date as YYYY-MM-DD")
	}
	if len(raw.Schools) == 0 {
		return t, fail(lineOf("schools"), "schools", "", "the tenant lists no schools", "list every school with its id (school code), name and domain")
	}
	seen := map[string]bool{}
	for i, rs := range raw.Schools {
		line := nodeIndexLine(&doc, "schools", i)
		id := strings.TrimSpace(rs.ID)
		if id == "" {
			return t, fail(line, "schools.id", "", "a school needs an id (its school code)", "add id: <BRIN or school-unit code>")
		}
		if seen[id] {
			return t, fail(line, "schools.id", id, "the school is listed twice", "list each school once")
		}
		seen[id] = true
		sw := rs.Sync
		from, err := syncaudit.ParseDate(sw.GuardiansFrom)
		if err != nil {
			return t, fail(line, "sync.guardians_from", sw.GuardiansFrom, "not a date", "write YYYY-MM-DD")
		}
		t.Schools = append(t.Schools, syncaudit.School{
			ID: id, Name: rs.Name, Domain: strings.TrimSpace(rs.Domain),
			Sync: syncaudit.SyncSwitches{
				Automatic: sw.Automatic.or(true), Students: sw.Students.or(true), Staff: sw.Staff.or(true),
				Guardians: sw.Guardians.or(true), GuardiansFrom: from,
				Subjects: sw.Subjects.or(true), SubjectMembers: sw.SubjectMembers.or(true),
				Classes: sw.Classes.or(true), ClassTeachers: sw.ClassTeachers.or(true),
				ForceEmail: syncaudit.ForceEmail{
					Students: sw.ForceEmail.Students.or(false), Staff: sw.ForceEmail.Staff.or(false), Guardians: sw.ForceEmail.Guardians.or(false),
				},
				ManualCourseMembers: sw.ManualCourseMembers.or(true),
			},
		})
	}
	for _, key := range slices.Sorted(maps.Keys(raw.DateFormat)) {
		switch key {
		case "las", "hr", "sis", "accounts", "exceptions":
		default:
			return t, fail(lineOf("date_format", key), "date_format."+key, key, "date_format names a table syncaudit does not know", "use las, hr, sis, accounts or exceptions")
		}
		f, err := syncaudit.ParseDateFormat(raw.DateFormat[key])
		if err != nil {
			return t, fail(lineOf("date_format", key), "date_format."+key, raw.DateFormat[key], "unknown date format", "write DD/MM/YYYY (day first) or MM/DD/YYYY (month first); DD-MM-YYYY and YYYY-MM-DD are accepted too")
		}
		if t.DateFormats == nil {
			t.DateFormats = map[string]syncaudit.DateFormat{}
		}
		t.DateFormats[key] = f
	}
	if err := checkPolicy(raw.Policy, func(key string) int { return lineOf("policy", key) }, fail); err != nil {
		return t, err
	}
	return t, nil
}

// checkPolicy refuses unknown keys and values of the wrong shape in the policy block.
func checkPolicy(p map[string]any, lineOf func(string) int, fail func(int, string, string, string, string) error) error {
	keys := make([]string, 0, len(p))
	for k := range p {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	known := make([]string, 0, len(policyKeys))
	for k := range policyKeys {
		known = append(known, k)
	}
	sort.Strings(known)
	for _, k := range keys {
		if !policyKeys[k] {
			return fail(lineOf(k), "policy."+k, k, "unknown policy setting", "use one of "+strings.Join(known, ", ")+" (put settings of your own policies under custom:)")
		}
		v := p[k]
		switch k {
		case "precedence":
			items, ok := v.([]any)
			if !ok {
				return fail(lineOf(k), "policy.precedence", fmt.Sprint(v), "not a list", "write a list such as [hr, las, sis]")
			}
			for _, item := range items {
				if _, err := syncaudit.ParseSource(fmt.Sprint(item)); err != nil {
					return fail(lineOf(k), "policy.precedence", fmt.Sprint(item), "unknown source", "use las, hr and sis")
				}
			}
		case "hr_roles", "disabled_rules":
			if _, ok := v.([]any); !ok && v != nil {
				return fail(lineOf(k), "policy."+k, fmt.Sprint(v), "not a list", "write a list, e.g. [leerkracht, directeur]")
			}
		case "exception_review_days", "inactive_login_days", "purge_after_days":
			n, ok := v.(int)
			if !ok || n < 0 {
				return fail(lineOf(k), "policy."+k, fmt.Sprint(v), "not a whole number of days", "write a number of days, e.g. 90")
			}
		case "locks", "mass_delete", "mass_update", "custom":
			if _, ok := v.(map[string]any); !ok {
				return fail(lineOf(k), "policy."+k, fmt.Sprint(v), "not a mapping", "see the contract for the keys under "+k)
			}
		}
	}
	return nil
}

func yamlError(file string, err error) error {
	var te *yaml.TypeError
	msg := err.Error()
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	line := 0
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = yamlLine.ReplaceAllString(msg, "")
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	return &syncaudit.InputError{File: file, Line: line, Problem: msg, Fix: "see the tenant.yaml example in the contract (switches are true/false, dates YYYY-MM-DD)"}
}

// nodeLine finds the line of a key path in a YAML document; 0 when absent.
func nodeLine(doc *yaml.Node, path ...string) int {
	n := doc
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	line := 0
	for _, key := range path {
		if n.Kind != yaml.MappingNode {
			return line
		}
		found := false
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == key {
				line = n.Content[i].Line
				n = n.Content[i+1]
				found = true
				break
			}
		}
		if !found {
			return line
		}
	}
	return line
}

// nodeIndexLine finds the line of the i-th item of a top-level list.
func nodeIndexLine(doc *yaml.Node, key string, i int) int {
	n := doc
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	for j := 0; j+1 < len(n.Content); j += 2 {
		if n.Content[j].Value == key && n.Content[j+1].Kind == yaml.SequenceNode && i < len(n.Content[j+1].Content) {
			return n.Content[j+1].Content[i].Line
		}
	}
	return 0
}

// TenantLanguage peeks at the language tenant.yaml (or tenant.json) in dir
// names, so that what a verb prints while it reads the snapshot is already
// in the tenant's language. It reports nothing wrong: any problem gives "",
// and reading the snapshot says what is wrong, with file and line.
func TenantLanguage(dir string) string {
	name, err := findOne(dir, "tenant", tenantExts, true)
	if err != nil {
		return ""
	}
	data, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		return ""
	}
	var peek struct {
		Language string `yaml:"language"`
	}
	if yaml.Unmarshal(bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF}), &peek) != nil {
		return ""
	}
	return strings.ToLower(strings.TrimSpace(peek.Language))
}

// tenantExts are the endings tenant.yaml may have (tenant.yml, tenant.json).
var tenantExts = []string{"yaml", "yml", "json"}

// HasTenantFile reports whether dir holds a tenant file as Read finds it:
// tenant.yaml, tenant.yml or tenant.json, its name in any case ("Tenant.YAML").
// A folder with two of them counts too, so that Read says which.
func HasTenantFile(dir string) bool {
	name, err := findOne(dir, "tenant", tenantExts, false)
	var inErr *syncaudit.InputError
	return name != "" || errors.As(err, &inErr)
}
