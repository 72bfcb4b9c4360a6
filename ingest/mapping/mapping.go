// Package mapping reads mapping files: small YAML files that say, per column
// of the contract's table format, where the value comes from in an export as
// it is (a column, a fixed value, or a simple expression), so that any CSV can
// be read as a source or target table without code.
//
// A mapping names the table it produces (a source table las, hr or sis, or a
// target table accounts, exceptions or memberships) and, per contract column,
// one expression:
//
//	table: hr
//	columns:
//	  source_id: EmployeeCode                    # the export's column
//	  kind: {value: staff}                       # a fixed value
//	  first_name: {first: [NickName, FirstName]} # the first non-empty column
//	  last_name: {join: [NamePrefix, LastName], sep: " "}
//	  start_date: {column: ContractStartDate, date: D-M-YYYY}
//	  role: {column: FunctionCode, map: {EN_MEDLERA: leerkracht}, keep_unmapped: true}
//	skip:
//	  - {column: Blocked, in: ["TRUE"], reason: blocked in HR}
//
// Apply is a pure function: given the mapping, an export's header and rows, it
// returns the rows under the contract's column names, keeping each row's line
// in the export so that later errors still point at the export. Every problem
// is a *syncaudit.InputError naming file, line, column and value.
package mapping

import (
	"fmt"
	"strings"
	"unicode"

	"gopkg.in/yaml.v3"

	"github.com/syncaudit/syncaudit"
)

// A Table is the contract table a mapping produces.
type Table string

// The tables a mapping may produce: the three source tables and the three
// target tables of the snapshot contract.
const (
	LAS         Table = "las"
	HR          Table = "hr"
	SIS         Table = "sis"
	Accounts    Table = "accounts"
	Exceptions  Table = "exceptions"
	Memberships Table = "memberships"
)

// IsSource reports whether the table is a source table (las, hr or sis).
func (t Table) IsSource() bool { return t == LAS || t == HR || t == SIS }

// A ContractColumn is one column of a contract table.
type ContractColumn struct {
	Name     string
	Required bool
	// List columns hold several values separated by '|'.
	List bool
	// Date columns hold a date; a mapping's date format writes them as YYYY-MM-DD.
	Date bool
}

var sourceColumns = []ContractColumn{
	{Name: "source_id", Required: true},
	{Name: "school", Required: true},
	{Name: "kind", Required: true},
	{Name: "role"},
	{Name: "first_name", Required: true},
	{Name: "name_prefix"},
	{Name: "last_name", Required: true},
	{Name: "email"},
	{Name: "groups", List: true},
	{Name: "courses", List: true},
	{Name: "programs", List: true},
	{Name: "start_date", Date: true},
	{Name: "end_date", Date: true},
}

var tableColumns = map[Table][]ContractColumn{
	LAS: sourceColumns,
	HR:  sourceColumns,
	SIS: sourceColumns,
	Accounts: {
		{Name: "account_id", Required: true},
		{Name: "username", Required: true},
		{Name: "first_name", Required: true},
		{Name: "name_prefix"},
		{Name: "last_name", Required: true},
		{Name: "email"},
		{Name: "kind"},
		{Name: "status", Required: true},
		{Name: "deleted_at", Date: true},
		{Name: "restored_at", Date: true},
		{Name: "schools", Required: true, List: true},
		{Name: "links", List: true},
		{Name: "last_login", Date: true},
		{Name: "m365"},
		{Name: "m365_license"},
		{Name: "google"},
		{Name: "programs", List: true},
	},
	Exceptions: {
		{Name: "account_id", Required: true},
		{Name: "reason"},
		{Name: "added_by"},
		{Name: "added_at", Date: true},
		{Name: "reviewed_at", Date: true},
		{Name: "expires_at", Date: true},
	},
	Memberships: {
		{Name: "account_id", Required: true},
		{Name: "school", Required: true},
		{Name: "group", Required: true},
		{Name: "kind"},
		{Name: "origin"},
	},
}

// Columns returns the contract columns of a table, in the contract's order;
// nil for an unknown table.
func Columns(t Table) []ContractColumn { return tableColumns[t] }

// ParseTable reads a table name: las, hr, sis, accounts, exceptions or memberships.
func ParseTable(s string) (Table, error) {
	t := Table(strings.ToLower(strings.TrimSpace(s)))
	if _, ok := tableColumns[t]; !ok {
		return "", fmt.Errorf("unknown table %q: use las, hr, sis, accounts, exceptions or memberships", s)
	}
	return t, nil
}

// A Mapping is a parsed mapping file.
type Mapping struct {
	// File is the mapping file's path as the user knows it, for messages.
	File string
	// Table is the contract table the mapping produces.
	Table Table
	// Delimiter is the export's delimiter when the mapping fixes it; 0 = detect.
	Delimiter rune
	// Columns holds one expression per mapped contract column, in contract order.
	Columns []Column
	// Skip lists the conditions under which an export row is left out.
	Skip []Filter
	// Null lists the cell values that mean "no value" (null: [NULL] for a
	// SQL Server export), compared ignoring case and surrounding space.
	Null []string
	// Inputs, when the mapping reads several files of one export (people,
	// memberships, guardian links): the first is the main file, one row per
	// output row; each other is joined to it by a key, its columns read as
	// As.Column (see Join).
	Inputs []Input
}

// An Input is one file of a multi-file export.
type Input struct {
	File string `yaml:"file"` // the file's name in the export's folder
	As   string `yaml:"as"`   // the name its columns are read under: As.Column
	// On is this file's key column, To the main file's column it matches.
	On   string `yaml:"on"`
	To   string `yaml:"to"`
	Line int    `yaml:"-"`
}

// A Column says where one contract column's value comes from.
type Column struct {
	Name string // the contract column
	Line int    // the line in the mapping file, for messages
	Expr Expr
}

// An Expr computes one contract value from an export row. Exactly one of
// Column, First, Join, Template and Value is set; Split, Map and Date then
// transform the result, in that order.
type Expr struct {
	Column   string   `yaml:"column"`   // the export's column
	First    []string `yaml:"first"`    // the first of these columns that is not empty
	Join     []string `yaml:"join"`     // these columns' non-empty values, joined by Sep
	Sep      string   `yaml:"sep"`      // separator for Join; default one space
	Template string   `yaml:"template"` // text with {Column} placeholders, e.g. "{SamAccountName}@school.nl"
	Value    *string  `yaml:"value"`    // a fixed value

	Split        string            `yaml:"split"`         // split the value into a list on this separator
	Map          map[string]string `yaml:"map"`           // value table: export value -> contract value
	Else         *string           `yaml:"else"`          // the value for anything Map does not list
	KeepUnmapped bool              `yaml:"keep_unmapped"` // keep values Map does not list as they are
	Date         string            `yaml:"date"`          // date format of the export, e.g. D-M-YYYY, MM/DD/YYYY
	NamePart     string            `yaml:"name"`          // first, prefix or last: that part of a full name (SplitName)

	dateLayout string
	mapKeys    map[string]string // normalised key -> contract value
}

// A Filter leaves out the export rows whose column holds one of the values in
// In (compared ignoring case and surrounding space), or is empty when Empty is set.
type Filter struct {
	Column string   `yaml:"column"`
	In     []string `yaml:"in"`
	Empty  bool     `yaml:"empty"`
	Reason string   `yaml:"reason"`
	Line   int      `yaml:"-"`
}

type fileYAML struct {
	Table     string               `yaml:"table"`
	Delimiter string               `yaml:"delimiter"`
	Columns   yaml.Node            `yaml:"columns"`
	Skip      []yaml.Node          `yaml:"skip"`
	Inputs    []yaml.Node          `yaml:"inputs"`
	Extra     map[string]yaml.Node `yaml:",inline"`
}

// Parse reads a mapping file. file is its path as the user knows it; every
// problem is a *syncaudit.InputError naming the file and line.
func Parse(file string, data []byte) (*Mapping, error) {
	bad := func(line int, column, value, problem, fix string) error {
		return &syncaudit.InputError{File: file, Line: line, Column: column, Value: value, Problem: problem, Fix: fix}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, bad(yamlLine(err), "", "", "the mapping is not valid YAML: "+err.Error(), "")
	}
	if len(doc.Content) == 0 {
		return nil, bad(0, "", "", "the mapping file is empty", "write table: and columns: (see docs/convert.md)")
	}
	var raw fileYAML
	if err := doc.Content[0].Decode(&raw); err != nil {
		return nil, bad(yamlLine(err), "", "", "the mapping cannot be read: "+err.Error(), "")
	}
	for key, n := range raw.Extra {
		if key == "null" || key == "" {
			continue
		}
		return nil, bad(n.Line, "", key, "unknown key in the mapping", "use table, delimiter, inputs, columns, skip and null")
	}
	table, err := ParseTable(raw.Table)
	if err != nil {
		return nil, bad(0, "table", raw.Table, "the mapping names no usable table", "write table: las, hr, sis, accounts, exceptions or memberships")
	}
	m := &Mapping{File: file, Table: table}
	// null: is read from the node: unquoted, both the key and NULL are
	// YAML's null, which decoding would lose.
	var nulls []*yaml.Node
	if top := doc.Content[0]; top.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(top.Content); i += 2 {
			if top.Content[i].Value == "null" {
				nulls = append(nulls, top.Content[i+1].Content...)
			}
		}
	}
	for _, n := range nulls {
		if n.Kind != yaml.ScalarNode || n.Value == "" {
			return nil, bad(n.Line, "null", n.Value, "a null: value must be a word, e.g. NULL", `write null: [NULL, "(null)"]`)
		}
		m.Null = append(m.Null, n.Value)
	}
	switch d := raw.Delimiter; d {
	case "":
	case ",", ";", "|":
		m.Delimiter = rune(d[0])
	case "\t", "tab", "\\t":
		m.Delimiter = '\t'
	default:
		return nil, bad(0, "delimiter", d, "unknown delimiter", `use ",", ";", "|" or "tab"`)
	}
	if raw.Columns.Kind != yaml.MappingNode {
		return nil, bad(raw.Columns.Line, "columns", "", "columns must map contract columns to export columns", "see docs/convert.md")
	}
	known := map[string]ContractColumn{} // by normalised name: "First Name" is first_name
	for _, c := range Columns(table) {
		known[NormaliseHeader(c.Name)] = c
	}
	byName := map[string]Column{}
	for i := 0; i+1 < len(raw.Columns.Content); i += 2 {
		key, val := raw.Columns.Content[i], raw.Columns.Content[i+1]
		cc, ok := known[NormaliseHeader(key.Value)]
		if !ok {
			return nil, bad(key.Line, key.Value, "", fmt.Sprintf("%s is not a column of the %s table", key.Value, table), "use one of: "+columnNames(table))
		}
		name := cc.Name
		if _, dup := byName[name]; dup {
			return nil, bad(key.Line, name, "", "the column is mapped twice", "keep one")
		}
		expr, err := parseExpr(val)
		if err != nil {
			return nil, bad(val.Line, name, "", err.Error(), "see docs/convert.md for the expressions")
		}
		if expr.Date != "" && !cc.Date {
			return nil, bad(val.Line, name, expr.Date, "a date format on a column that holds no date", "remove date:")
		}
		if expr.Split != "" && !cc.List {
			return nil, bad(val.Line, name, expr.Split, fmt.Sprintf("split: on %s, which holds one value: its values would be written a|b", name),
				"remove split:, or map a list column (groups, courses, programs, schools, links)")
		}
		byName[name] = Column{Name: name, Line: key.Line, Expr: expr}
	}
	for _, c := range Columns(table) {
		col, ok := byName[c.Name]
		if !ok {
			if c.Required {
				return nil, bad(raw.Columns.Line, c.Name, "", fmt.Sprintf("the %s table needs %s, and the mapping does not say where it comes from", table, c.Name), "add it under columns:")
			}
			continue
		}
		m.Columns = append(m.Columns, col)
	}
	for i, n := range raw.Inputs {
		var in Input
		if err := n.Decode(&in); err != nil {
			return nil, bad(n.Line, "inputs", "", "an input cannot be read: "+err.Error(), "write {file: x.csv} first, then {file: y.csv, as: y, on: KeyInY, to: KeyInX}")
		}
		in.Line = n.Line
		switch {
		case in.File == "":
			return nil, bad(n.Line, "inputs", "", "an input names no file", "write {file: x.csv}")
		case i == 0 && (in.On != "" || in.To != ""):
			return nil, bad(n.Line, "inputs", in.File, "the first input is the main file and joins nothing", "list the main file (one row per output row) first, without on: and to:")
		case i > 0 && (in.As == "" || in.On == "" || in.To == ""):
			return nil, bad(n.Line, "inputs", in.File, "a joined input needs as:, on: (its key column) and to: (the main file's column)", "write {file: y.csv, as: y, on: KeyInY, to: KeyInX}")
		case strings.ContainsAny(in.As, ". "):
			return nil, bad(n.Line, "inputs", in.As, "as: is a plain name", "write as: enrollments")
		}
		m.Inputs = append(m.Inputs, in)
	}
	for _, n := range raw.Skip {
		var f Filter
		if err := n.Decode(&f); err != nil {
			return nil, bad(n.Line, "skip", "", "a skip entry cannot be read: "+err.Error(), "write {column: X, in: [a, b], reason: why}")
		}
		f.Line = n.Line
		if f.Column == "" || (len(f.In) == 0 && !f.Empty) {
			return nil, bad(n.Line, "skip", "", "a skip entry needs a column and in: or empty: true", "write {column: X, in: [a, b], reason: why}")
		}
		m.Skip = append(m.Skip, f)
	}
	return m, nil
}

func parseExpr(n *yaml.Node) (Expr, error) {
	var e Expr
	switch n.Kind {
	case yaml.ScalarNode:
		e.Column = strings.TrimSpace(n.Value)
		if e.Column == "" {
			return e, fmt.Errorf("an empty column name")
		}
		return e, nil
	case yaml.MappingNode:
	default:
		return e, fmt.Errorf("write an export column name or {column: ...}, {value: ...}, {join: [...]}, {first: [...]} or {template: ...}")
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		switch n.Content[i].Value {
		case "column", "first", "join", "sep", "template", "value", "split", "map", "else", "keep_unmapped", "date", "name":
		default:
			return e, fmt.Errorf("unknown key %q", n.Content[i].Value)
		}
	}
	if err := n.Decode(&e); err != nil {
		return e, err
	}
	sources := 0
	for _, set := range []bool{e.Column != "", len(e.First) > 0, len(e.Join) > 0, e.Template != "", e.Value != nil} {
		if set {
			sources++
		}
	}
	if sources != 1 {
		return e, fmt.Errorf("give exactly one of column, first, join, template and value")
	}
	if e.Template != "" {
		if _, err := templateColumns(e.Template); err != nil {
			return e, err
		}
	}
	if e.Date != "" {
		layout, err := goLayout(e.Date)
		if err != nil {
			return e, err
		}
		e.dateLayout = layout
	}
	switch e.NamePart {
	case "", "first", "prefix", "last":
	default:
		return e, fmt.Errorf("name: %q: use first, prefix or last", e.NamePart)
	}
	if e.Else != nil && e.KeepUnmapped {
		return e, fmt.Errorf("give else or keep_unmapped, not both")
	}
	if (e.Else != nil || e.KeepUnmapped) && e.Map == nil {
		return e, fmt.Errorf("else and keep_unmapped need a map")
	}
	if e.Map != nil {
		e.mapKeys = make(map[string]string, len(e.Map))
		for k, v := range e.Map {
			e.mapKeys[foldValue(k)] = v
		}
	}
	return e, nil
}

// columnsUsed returns the export columns an expression reads.
func (e *Expr) columnsUsed() []string {
	switch {
	case e.Column != "":
		return []string{e.Column}
	case len(e.First) > 0:
		return e.First
	case len(e.Join) > 0:
		return e.Join
	case e.Template != "":
		cols, _ := templateColumns(e.Template)
		return cols
	}
	return nil
}

// templateColumns returns the {Column} placeholders of a template.
func templateColumns(t string) ([]string, error) {
	var cols []string
	rest := t
	for {
		open := strings.IndexByte(rest, '{')
		if open < 0 {
			if strings.IndexByte(rest, '}') >= 0 {
				return nil, fmt.Errorf("template %q has a } without {", t)
			}
			return cols, nil
		}
		end := strings.IndexByte(rest[open:], '}')
		if end < 0 {
			return nil, fmt.Errorf("template %q has a { without }", t)
		}
		name := strings.TrimSpace(rest[open+1 : open+end])
		if name == "" {
			return nil, fmt.Errorf("template %q has an empty {}", t)
		}
		cols = append(cols, name)
		rest = rest[open+end+1:]
	}
}

// goLayout turns a date format written with D, DD, M, MM, YY and YYYY into a
// Go time layout.
func goLayout(f string) (string, error) {
	// The longer token first, so that DD is not read as D twice.
	tokens := []struct{ token, layout, part string }{
		{"YYYY", "2006", "year"}, {"YY", "06", "year"},
		{"DD", "02", "day"}, {"D", "2", "day"},
		{"MM", "01", "month"}, {"M", "1", "month"},
	}
	var b strings.Builder
	seen := map[string]bool{}
next:
	for i := 0; i < len(f); {
		rest := f[i:]
		for _, t := range tokens {
			if strings.HasPrefix(rest, t.token) {
				b.WriteString(t.layout)
				i += len(t.token)
				seen[t.part] = true
				continue next
			}
		}
		if unicode.IsLetter(rune(rest[0])) || unicode.IsDigit(rune(rest[0])) {
			return "", fmt.Errorf("date format %q: use D, DD, M, MM, YY and YYYY with separators, e.g. D-M-YYYY", f)
		}
		b.WriteByte(rest[0])
		i++
	}
	if !seen["day"] || !seen["month"] || !seen["year"] {
		return "", fmt.Errorf("date format %q needs a day, a month and a year, e.g. D-M-YYYY", f)
	}
	return b.String(), nil
}

func columnNames(t Table) string {
	var names []string
	for _, c := range Columns(t) {
		names = append(names, c.Name)
	}
	return strings.Join(names, ", ")
}

func yamlLine(err error) int {
	var line int
	msg := err.Error()
	if i := strings.Index(msg, "line "); i >= 0 {
		fmt.Sscanf(msg[i+5:], "%d", &line)
	}
	return line
}

// foldValue is how value-table keys and skip values compare: case-insensitive,
// without surrounding space.
func foldValue(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// NormaliseHeader is how export column names compare: case-insensitive,
// ignoring spaces, '-', '_' and '.', as the contract reads its own headers.
func NormaliseHeader(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(strings.TrimPrefix(s, "\uFEFF"))) {
		if r == ' ' || r == '-' || r == '_' || r == '.' || unicode.IsSpace(r) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// ColumnsRead returns the export columns the mapping reads, normalised with
// NormaliseHeader: a value in them must fit in one line, where a column the
// mapping leaves alone may hold anything.
func (m *Mapping) ColumnsRead() map[string]bool {
	read := map[string]bool{}
	for i := range m.Columns {
		for _, c := range m.Columns[i].Expr.columnsUsed() {
			read[NormaliseHeader(c)] = true
		}
	}
	for _, f := range m.Skip {
		read[NormaliseHeader(f.Column)] = true
	}
	return read
}
