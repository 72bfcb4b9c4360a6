package mapping

import (
	"fmt"
	"strings"
	"time"

	"github.com/syncaudit/syncaudit"
)

// A Row is one data row of an export: its cells and its line in the file
// (1 = the header).
type Row struct {
	Line  int
	Cells []string
}

// A Skipped row is an export row a mapping's skip rule left out.
type Skipped struct {
	Line   int    `json:"line"`
	Reason string `json:"reason"`
}

// A Result is an export read through a mapping: rows under the contract's
// column names, and what was left out.
type Result struct {
	Table Table
	// Header is the contract columns the mapping fills, in contract order.
	Header []string
	// Rows hold one cell per Header column; list values are joined with '|'.
	// Each keeps the line of the export row it came from.
	Rows []Row
	// Skipped lists the rows a skip rule left out.
	Skipped []Skipped
	// DroppedColumns counts, per export column the mapping does not read, the
	// cells that held a value.
	DroppedColumns map[string]int
}

// Apply reads an export's rows through the mapping. file is the export's path
// as the user knows it. Every problem is a *syncaudit.InputError naming the
// export's file, line, column and value; Apply collects them (at most 50) and
// returns them as syncaudit.InputErrors, or the single *syncaudit.InputError.
func Apply(m *Mapping, file string, header []string, rows []Row) (*Result, error) {
	index := map[string]int{}
	for i, h := range header {
		if n := NormaliseHeader(h); n != "" {
			if _, dup := index[n]; !dup {
				index[n] = i
			}
		}
	}
	used := map[int]bool{}
	lookup := func(col string, line int) (int, error) {
		i, ok := index[NormaliseHeader(col)]
		if !ok {
			return 0, &syncaudit.InputError{
				File: file, Line: 1, Column: col,
				Problem: fmt.Sprintf("the mapping %s (line %d) reads column %q, which the export's header does not have", m.File, line, col),
				Fix:     "the header has: " + strings.Join(nonEmpty(header), ", "),
			}
		}
		used[i] = true
		return i, nil
	}
	type boundCol struct {
		Column
		idx []int // indices of Expr.columnsUsed()
		cc  ContractColumn
	}
	contract := map[string]ContractColumn{}
	for _, c := range Columns(m.Table) {
		contract[c.Name] = c
	}
	bound := make([]boundCol, len(m.Columns))
	res := &Result{Table: m.Table, DroppedColumns: map[string]int{}}
	for i, c := range m.Columns {
		bound[i] = boundCol{Column: c, cc: contract[c.Name]}
		for _, name := range c.Expr.columnsUsed() {
			j, err := lookup(name, c.Line)
			if err != nil {
				return nil, err
			}
			bound[i].idx = append(bound[i].idx, j)
		}
		res.Header = append(res.Header, c.Name)
	}
	skipIdx := make([]int, len(m.Skip))
	for i, f := range m.Skip {
		j, err := lookup(f.Column, f.Line)
		if err != nil {
			return nil, err
		}
		skipIdx[i] = j
	}

	var errs syncaudit.InputErrors
	const most = 50
rows:
	for _, row := range rows {
		if len(row.Cells) != len(header) {
			errs = append(errs, &syncaudit.InputError{
				File: file, Line: row.Line,
				Problem: fmt.Sprintf("the row has %d fields and the header %d", len(row.Cells), len(header)),
				Fix:     "quote cells that hold the delimiter, and give every row as many fields as the header",
			})
			if len(errs) >= most {
				break
			}
			continue
		}
		if len(m.Null) > 0 {
			cells := make([]string, len(row.Cells))
			for i, c := range row.Cells {
				if !containsFold(m.Null, c) {
					cells[i] = c
				}
			}
			row.Cells = cells
		}
		for i, f := range m.Skip {
			v := row.Cells[skipIdx[i]]
			if f.Empty && strings.TrimSpace(v) == "" || containsFold(f.In, v) {
				reason := f.Reason
				if reason == "" {
					reason = fmt.Sprintf("%s is %q", f.Column, v)
				}
				res.Skipped = append(res.Skipped, Skipped{Line: row.Line, Reason: reason})
				continue rows
			}
		}
		out := make([]string, len(bound))
		for i, b := range bound {
			v, err := b.Expr.eval(row.Cells, b.idx)
			if err != nil {
				col := ""
				colIdx := 0
				if len(b.idx) == 1 {
					col = header[b.idx[0]]
					colIdx = b.idx[0] + 1
				}
				errs = append(errs, &syncaudit.InputError{
					File: file, Line: row.Line, Column: col, ColumnIndex: colIdx, Value: err.value,
					Problem: fmt.Sprintf("%s (for %s, mapping line %d)", err.problem, b.Name, b.Line),
					Fix:     err.fix,
				})
				continue
			}
			out[i] = v
		}
		res.Rows = append(res.Rows, Row{Line: row.Line, Cells: out})
		if len(errs) >= most {
			break
		}
	}
	for i, h := range header {
		if used[i] || strings.TrimSpace(h) == "" {
			continue
		}
		n := 0
		for _, row := range rows {
			if i < len(row.Cells) && strings.TrimSpace(row.Cells[i]) != "" {
				n++
			}
		}
		res.DroppedColumns[h] = n
	}
	switch len(errs) {
	case 0:
		return res, nil
	case 1:
		return nil, errs[0]
	}
	return nil, errs
}

type evalError struct{ problem, value, fix string }

// eval computes the expression for one row; idx are the cells of columnsUsed.
func (e *Expr) eval(cells []string, idx []int) (string, *evalError) {
	var v string
	switch {
	case e.Value != nil:
		v = *e.Value
	case e.Column != "":
		v = strings.TrimSpace(cells[idx[0]])
	case len(e.First) > 0:
		for _, i := range idx {
			if s := strings.TrimSpace(cells[i]); s != "" {
				v = s
				break
			}
		}
	case len(e.Join) > 0:
		sep := e.Sep
		if sep == "" {
			sep = " "
		}
		var parts []string
		for _, i := range idx {
			if s := strings.TrimSpace(cells[i]); s != "" {
				parts = append(parts, s)
			}
		}
		v = strings.Join(parts, sep)
	case e.Template != "":
		var b strings.Builder
		rest, k := e.Template, 0
		for {
			open := strings.IndexByte(rest, '{')
			if open < 0 {
				b.WriteString(rest)
				break
			}
			end := strings.IndexByte(rest[open:], '}')
			b.WriteString(rest[:open])
			val := strings.TrimSpace(cells[idx[k]])
			if val == "" {
				// A template over an empty column gives nothing rather than half a value.
				return "", nil
			}
			b.WriteString(val)
			k++
			rest = rest[open+end+1:]
		}
		v = b.String()
	}
	if e.NamePart != "" {
		first, prefix, last := SplitName(v)
		v = map[string]string{"first": first, "prefix": prefix, "last": last}[e.NamePart]
	}
	items := []string{v}
	if e.Split != "" {
		items = items[:0]
		for _, s := range strings.Split(v, e.Split) {
			if s = strings.TrimSpace(s); s != "" {
				items = append(items, s)
			}
		}
	}
	for i, item := range items {
		if e.mapKeys != nil && item != "" {
			mapped, ok := e.mapKeys[foldValue(item)]
			switch {
			case ok:
				item = mapped
			case e.Else != nil:
				item = *e.Else
			case e.KeepUnmapped:
			default:
				return "", &evalError{problem: "the value is not in the mapping's value table", value: item,
					fix: "add it under map:, or add else: or keep_unmapped: true"}
			}
		}
		if e.dateLayout != "" && item != "" {
			t, err := time.Parse(e.dateLayout, item)
			if err != nil {
				return "", &evalError{problem: fmt.Sprintf("the value is not a date in the format %s", e.Date), value: item,
					fix: "correct the date in the export, or the date: format in the mapping"}
			}
			item = t.Format("2006-01-02")
		}
		items[i] = item
	}
	return strings.Join(nonEmpty(items), "|"), nil
}

func containsFold(list []string, v string) bool {
	for _, s := range list {
		if foldValue(s) == foldValue(v) {
			return true
		}
	}
	return false
}

func nonEmpty(ss []string) []string {
	var out []string
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
	}
	return out
}
