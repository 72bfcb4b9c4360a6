// Package words holds what a person reads of the rule book, in English, Dutch
// and Swedish: the catalogue of messages that findings and actions name by id
// (a finding's message and fix, an action's reason), the rule titles and
// descriptions, and the titles of the seed articles. The rule book (Rego)
// decides and names a message id with its arguments; this package turns the
// id into a sentence in the report's language. The built-in catalogue is read
// from the policies/*.messages.yaml files beside the rule families; a user
// policy may ship its own file beside it (docs/policies.md, "Messages").
package words

import (
	"strings"

	"golang.org/x/text/language"
)

// A Lang is a report language: English, Dutch or Swedish.
type Lang string

// The report languages.
const (
	English Lang = "en"
	Dutch   Lang = "nl"
	Swedish Lang = "sv"
)

// Langs lists every report language, English (the fallback) first.
var Langs = []Lang{English, Dutch, Swedish}

// ParseLang reads a language code; anything unknown gives English.
func ParseLang(s string) Lang {
	switch Lang(strings.ToLower(strings.TrimSpace(s))) {
	case Dutch:
		return Dutch
	case Swedish:
		return Swedish
	}
	return English
}

// known reports whether l is one of Langs.
func known(l Lang) bool {
	switch l {
	case English, Dutch, Swedish:
		return true
	}
	return false
}

// tag is the language's BCP 47 tag, for plural rules and number formatting.
func (l Lang) tag() language.Tag {
	switch l {
	case Dutch:
		return language.Dutch
	case Swedish:
		return language.Swedish
	}
	return language.English
}
