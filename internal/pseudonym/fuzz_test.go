package pseudonym

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/syncaudit/syncaudit"
)

// FuzzText: whatever the names and the text around them, Text never panics,
// keeps valid UTF-8 valid, and leaves no name of three letters or more as a
// word of the result.
func FuzzText(f *testing.F) {
	f.Add("Anouk", "de", "Vries", "a.devries@delinde.nl", "the entry for %s (line 4)")
	f.Add("Jan", "'t", "Hart", "", "%s, %s; %s")
	f.Add("Zoë", "", "Öztürk", "zoe@x.nl", "ZOË ÖZTÜRK left")
	f.Add("Bo", "", "Ek", "bo.ek@vallby.se", "Bo Ek and Bob")
	f.Add("Anne-Marie", "van der", "Berg-Smit", "am@x.nl", "Berg-Smit, Anne-Marie van der")
	f.Fuzz(func(t *testing.T, first, prefix, last, email, text string) {
		p := New([]byte("a-fuzzing-key-of-some-length"))
		snap := &syncaudit.Snapshot{Accounts: []syncaudit.Account{{ID: "A1", FirstName: first, NamePrefix: prefix, LastName: last, Email: email, Username: email}}}
		p.Snapshot(snap)
		in := strings.ReplaceAll(text, "%s", first+" "+prefix+" "+last) + " " + first + " " + last + " " + email
		out := p.Text(in)
		if utf8.ValidString(in) && !utf8.ValidString(out) {
			t.Fatalf("Text(%q) = %q: not valid UTF-8", in, out)
		}
		if !utf8.ValidString(in) {
			return
		}
		lower := fold(out)
		for _, name := range []string{first, last} {
			name = strings.TrimSpace(strings.TrimLeftFunc(name, func(r rune) bool { return !isWord(r) }))
			n := fold(name)
			if utf8.RuneCountInString(name) < minTextToken || !strings.ContainsFunc(name, isWord) ||
				strings.Contains("p-0123456789abcdef@pseudonym.invalid", n) || len(n) != len(name) {
				continue // too short to be replaced alone, or a word of the pseudonyms themselves
			}
			if containsWord(lower, n) {
				t.Fatalf("Text(%q) = %q still holds %q", in, out, name)
			}
		}
	})
}

// containsWord reports whether word occurs in s with no letter or digit
// right before or after it.
func containsWord(s, word string) bool {
	for from := 0; from <= len(s); {
		i := strings.Index(s[from:], word)
		if i < 0 {
			return false
		}
		i += from
		end := i + len(word)
		before, _ := utf8.DecodeLastRuneInString(s[:i])
		after, _ := utf8.DecodeRuneInString(s[end:])
		if (i == 0 || !isWord(before)) && (end == len(s) || !isWord(after)) {
			return true
		}
		from = i + 1
	}
	return false
}
