package syncaudit

import (
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// dropMarks takes accents off: é→e, ö→o, å→a (decompose, remove the
// combining marks, compose again).
var dropMarks = transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)

// spelledLetters spells the lower-case letters that are not a base letter
// with a mark the way a person types them without the key: ß→ss, æ→ae, ø→o,
// ł→l, þ→th, ı→i.
var spelledLetters = strings.NewReplacer(
	"ß", "ss", "æ", "ae", "ø", "o", "œ", "oe", "ł", "l", "đ", "d", "ð", "d", "þ", "th", "ı", "i",
)

// FoldName writes a name as people type it on a plain keyboard, for
// comparing and for usernames: lower case, accents off and the letters
// without an accent-free form spelled out ("Zoë Öztürk" → "zoe ozturk",
// "Yılmaz" → "yilmaz", "Weiß" → "weiss"). Surrounding space is trimmed.
func FoldName(s string) string {
	lower := strings.ToLower(strings.TrimSpace(s))
	out, _, err := transform.String(dropMarks, lower)
	if err != nil {
		out = lower
	}
	return spelledLetters.Replace(out)
}
