package mapping

import "strings"

// tussenvoegsels are the Dutch (and Flemish) name prefixes, lower case, as
// words: "van der", "de", "van 't", "ten", "in 't" are made of them.
var tussenvoegsels = map[string]bool{
	"van": true, "der": true, "den": true, "de": true, "het": true, "'t": true, "t": true, "te": true, "ten": true, "ter": true,
	"in": true, "op": true, "aan": true, "bij": true, "onder": true, "uit": true, "voor": true, "over": true,
	"la": true, "le": true, "du": true, "des": true, "d'": true, "vd": true, "v.d.": true, "von": true, "zu": true,
}

// SplitName splits a full name as a directory or register writes it into
// first name, name prefix and last name:
//
//   - "Jan van der Berg" gives Jan, van der, Berg; "Anne de Vries" Anne, de,
//     Vries; "Kees van 't Hof" Kees, van 't, Hof (Dutch tussenvoegsels, in
//     any case, go to the prefix);
//   - "Berg, Jan van der" (last name first, as AD's Name often is) gives the
//     same;
//   - "Anna-Karin Svensson Lind" gives Anna-Karin, "", Svensson Lind: the
//     first word is the first name (a hyphenated double first name stays
//     whole), the rest the last name (a Swedish double last name stays
//     whole);
//   - a single word is the last name.
func SplitName(full string) (first, prefix, last string) {
	full = strings.Join(strings.Fields(full), " ")
	if before, after, ok := strings.Cut(full, ","); ok {
		// Last, First [prefix]
		last = strings.TrimSpace(before)
		words := strings.Fields(after)
		i := len(words)
		for i > 1 && tussenvoegsels[strings.ToLower(words[i-1])] {
			i--
		}
		return strings.Join(words[:i], " "), strings.Join(words[i:], " "), last
	}
	words := strings.Fields(full)
	switch len(words) {
	case 0:
		return "", "", ""
	case 1:
		return "", "", words[0]
	}
	first = words[0]
	rest := words[1:]
	i := 0
	for i < len(rest)-1 && tussenvoegsels[strings.ToLower(rest[i])] {
		i++
	}
	return first, strings.Join(rest[:i], " "), strings.Join(rest[i:], " ")
}
