package ingest

import (
	"path"
	"strings"
	"unicode/utf8"

	"github.com/syncaudit/syncaudit"
)

// tableOf returns the spec of the table a snapshot file holds.
func tableOf(name string) tableSpec {
	folder, file := path.Split(contractName(name))
	if folder == "sources/" {
		return sourceTable
	}
	switch strings.TrimSuffix(file, path.Ext(file)) {
	case "accounts":
		return accountsTable
	case "exceptions":
		return exceptionsTable
	case "memberships":
		return membershipsTable
	}
	return tableSpec{}
}

// columnHints returns, for the ignored columns of a table that nearly match
// an accepted header, the spelling each resembles: one edit away (two for
// long words), or holding an accepted spelling of five letters or more as a
// part ("voornaam leerling"). The first close spelling in the alias table's
// order wins; a column that matches nothing closely gets no hint.
func columnHints(spec tableSpec, ignored []string) []syncaudit.ColumnHint {
	var hints []syncaudit.ColumnHint
	for _, col := range ignored {
		n := normaliseHeader(col)
		if n == "" {
			continue
		}
		if alias, means, ok := closest(spec, n); ok {
			hints = append(hints, syncaudit.ColumnHint{Column: col, Resembles: alias, Means: means})
		}
	}
	return hints
}

func closest(spec tableSpec, n string) (alias, means string, ok bool) {
	best, bestDist := "", 3
	for _, c := range spec.columns {
		for _, a := range append([]string{c.name}, c.aliases...) {
			a = normaliseHeader(a)
			limit := 1
			if utf8.RuneCountInString(a) >= 8 {
				limit = 2
			}
			if utf8.RuneCountInString(a) < 4 {
				continue
			}
			if d := editDistance(n, a, limit); d <= limit && d < bestDist {
				best, means, bestDist = a, c.name, d
			}
		}
	}
	if best != "" {
		return best, means, true
	}
	for _, c := range spec.columns {
		for _, a := range append([]string{c.name}, c.aliases...) {
			if a = normaliseHeader(a); utf8.RuneCountInString(a) >= 5 && strings.Contains(n, a) {
				return a, c.name, true
			}
		}
	}
	return "", "", false
}

// editDistance returns the Levenshtein distance of a and b (in runes), or
// limit+1 as soon as it is known to exceed limit.
func editDistance(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d > limit || -d > limit {
		return limit + 1
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return limit + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
