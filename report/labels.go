package report

import (
	"strconv"
	"strings"
	"time"

	"github.com/syncaudit/syncaudit"
)

// KindLabel names an action kind in lang ("naar verwijderde gebruikers"), or
// gives the code when the catalogue has no word for it.
func KindLabel(lang Lang, k syncaudit.ActionKind) string {
	key := "pdf_kind_" + string(k)
	if s := T(lang, key); s != key {
		return s
	}
	return string(k)
}

// fieldLabel names an account field in lang ("Voornaam"), or gives the code
// of a field the catalogue does not know; "" stays "".
func fieldLabel(lang Lang, field string) string {
	if field == "" {
		return ""
	}
	key := "field_" + field
	if s := T(lang, key); s != key {
		return s
	}
	return field
}

// seedText names a rule's seed for a reader: the title of the help article
// (or "a choice of this rule book") in the report's language, as the rule
// book gave it in SeedTitle; the seed's file name when it gave none.
func seedText(r syncaudit.Rule) string {
	if r.SeedTitle != "" {
		return r.SeedTitle
	}
	return r.Seed
}

// StructureLabel names a tenant structure in lang ("Bestuur").
func StructureLabel(lang Lang, s syncaudit.Structure) string {
	key := "pdf_" + string(s)
	if t := T(lang, key); t != key {
		return t
	}
	return string(s)
}

// FormatSeconds writes a duration as seconds with one decimal in lang's
// notation: 1.5 in English, 1,5 in Dutch and Swedish.
func FormatSeconds(lang Lang, d time.Duration) string {
	s := strconv.FormatFloat(d.Seconds(), 'f', 1, 64)
	if lang == Dutch || lang == Swedish {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}
