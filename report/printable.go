package report

import (
	"fmt"
	"strings"
	"unicode"
)

// Printable returns s with the characters a terminal would obey instead of
// show written out as \xNN or \uNNNN: control characters other than tab,
// line feed and carriage return (ESC starts the sequences that clear a
// screen, retitle a window or write to the clipboard), and the bidirectional
// overrides that make text read in another order than it is. A hostile
// export can put them in a name, and the table and the GitHub annotations
// print names, and review import prints what a reviewer typed.
func Printable(s string) string {
	if strings.IndexFunc(s, unprintable) < 0 {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case !unprintable(r):
			b.WriteRune(r)
		case r < 0x100:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
	}
	return b.String()
}

// unprintable reports whether a terminal would act on r rather than show it.
func unprintable(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return false
	case unicode.IsControl(r):
		return true
	case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069, r == 0x200E, r == 0x200F, r == 0x061C:
		return true // bidirectional embeddings, overrides, isolates and marks
	}
	return false
}
