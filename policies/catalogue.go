package policies

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/syncaudit/syncaudit"
)

// catalogue reads the rule catalogue from the METADATA blocks of the compiled
// policies: one Rule per custom.id, from the first annotated rule (by file
// and line) that carries it.
func catalogue(c *ast.Compiler) []syncaudit.Rule {
	type found struct {
		rule syncaudit.Rule
		line int
	}
	var all []found
	for _, ref := range c.GetAnnotationSet().Flatten() {
		a := ref.Annotations
		if a == nil || a.Custom == nil {
			continue
		}
		id := customString(a.Custom["id"])
		if id == "" {
			continue
		}
		f := found{rule: syncaudit.Rule{
			ID:          id,
			Severity:    syncaudit.Severity(customString(a.Custom["severity"])),
			Title:       strings.TrimSpace(a.Title),
			Description: strings.TrimSpace(a.Description),
			Seed:        customString(a.Custom["seed"]),
		}}
		if a.Location != nil {
			f.rule.File, f.line = a.Location.File, a.Location.Row
		}
		all = append(all, f)
	}
	sort.SliceStable(all, func(i, j int) bool {
		if all[i].rule.File != all[j].rule.File {
			return all[i].rule.File < all[j].rule.File
		}
		return all[i].line < all[j].line
	})
	byID := map[string]int{}
	var rules []syncaudit.Rule
	for _, f := range all {
		if i, ok := byID[f.rule.ID]; ok {
			// A later block of the same rule fills what the first left out.
			rules[i] = merge(rules[i], f.rule)
			continue
		}
		byID[f.rule.ID] = len(rules)
		rules = append(rules, f.rule)
	}
	sort.SliceStable(rules, func(i, j int) bool { return CompareRuleIDs(rules[i].ID, rules[j].ID) < 0 })
	return rules
}

// merge fills the empty fields of first from second.
func merge(first, second syncaudit.Rule) syncaudit.Rule {
	if first.Title == "" {
		first.Title = second.Title
	}
	if first.Description == "" {
		first.Description = second.Description
	}
	if first.Severity == "" {
		first.Severity = second.Severity
	}
	if first.Seed == "" {
		first.Seed = second.Seed
	}
	return first
}

// customString reads a custom annotation value: a string, a number, or a
// list of them joined with ", ".
func customString(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return strings.TrimSpace(v)
	case []any:
		parts := make([]string, 0, len(v))
		for _, x := range v {
			if s := customString(x); s != "" {
				parts = append(parts, s)
			}
		}
		return strings.Join(parts, ", ")
	}
	return fmt.Sprint(v)
}

// families is the order of the rule families in domain.md.
var families = map[string]int{"S": 0, "M": 1, "L": 2, "D": 3, "E": 4, "V": 5, "P": 6, "U": 7}

// CompareRuleIDs orders rule ids by family in the rule book's order (S, M,
// L, D, E, V, P, U, then any other prefix alphabetically) and then naturally
// by number, so that D2 comes before D10. It returns -1, 0 or +1.
func CompareRuleIDs(a, b string) int {
	pa, na, ra := splitID(a)
	pb, nb, rb := splitID(b)
	fa, oka := families[pa]
	fb, okb := families[pb]
	switch {
	case oka && !okb:
		return -1
	case !oka && okb:
		return 1
	case oka && okb && fa != fb:
		return cmpInt(fa, fb)
	case !oka && !okb && pa != pb:
		return strings.Compare(pa, pb)
	}
	if na != nb {
		return cmpInt(na, nb)
	}
	return strings.Compare(ra, rb)
}

// splitID splits an id such as D10b into its letters, number and rest.
func splitID(id string) (prefix string, num int, rest string) {
	i := 0
	for i < len(id) && (id[i] < '0' || id[i] > '9') {
		i++
	}
	j := i
	for j < len(id) && id[j] >= '0' && id[j] <= '9' {
		j++
	}
	num = -1
	if j > i {
		n, err := strconv.Atoi(id[i:j])
		if err == nil {
			num = n
		}
	}
	return id[:i], num, id[j:]
}

// compareNatural compares strings so that runs of digits compare by value:
// A2 < A10. Equal values with different spelling (A02, A2) fall back to the
// plain comparison, so the order is total.
func compareNatural(a, b string) int {
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		ca, cb := a[i], b[j]
		if isDigit(ca) && isDigit(cb) {
			si := i
			for i < len(a) && isDigit(a[i]) {
				i++
			}
			sj := j
			for j < len(b) && isDigit(b[j]) {
				j++
			}
			da := strings.TrimLeft(a[si:i], "0")
			db := strings.TrimLeft(b[sj:j], "0")
			if len(da) != len(db) {
				return cmpInt(len(da), len(db))
			}
			if c := strings.Compare(da, db); c != 0 {
				return c
			}
			continue
		}
		if ca != cb {
			return cmpInt(int(ca), int(cb))
		}
		i++
		j++
	}
	switch {
	case len(a)-i != len(b)-j:
		return cmpInt(len(a)-i, len(b)-j)
	}
	return strings.Compare(a, b)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
