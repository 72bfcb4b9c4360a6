// Package pseudonym replaces the names, e-mail addresses and usernames of a
// snapshot, and of the reports made from it, with stable keyed hashes, so a
// report can go to an outside auditor without the people in it.
//
// A name becomes p-<10 hex digits> and an address (e-mail or username)
// p-<10 hex digits>@pseudonym.invalid: the first 40 bits of HMAC-SHA256 under
// the key of the lower-cased value. The same key gives the same pseudonyms in
// every run, so two reports can still be compared; without the key nobody
// can tell who is who, not even by hashing a list of likely names. Account
// ids, source ids, school codes, groups and dates stay as they are: they are
// what a reader needs to act on a finding, and they mean nothing outside the
// target.
package pseudonym

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/syncaudit/syncaudit"
)

// EnvKey is the environment variable that may hold the key.
const EnvKey = "SYNCAUDIT_PSEUDONYM_KEY"

// MinKeyBytes is the shortest key accepted: a short key could be guessed,
// and with it every name by hashing a list of names.
const MinKeyBytes = 16

// Domain is the domain of every pseudonymised address: .invalid can never
// reach a real mailbox (RFC 2606).
const Domain = "pseudonym.invalid"

// minTextToken is the shortest name part replaced on its own inside text: a
// shorter one ("de", "Bo") would eat ordinary words; the full-name forms
// that hold it are replaced instead.
const minTextToken = 3

// LoadKey reads the key from file when it is not empty, else from the
// environment variable EnvKey (through getenv). Surrounding white space (the
// newline an editor adds) is not part of the key. No key, or one shorter
// than MinKeyBytes, is an error that says how to give one.
func LoadKey(file string, getenv func(string) string) ([]byte, error) {
	var key, from string
	if file != "" {
		data, err := os.ReadFile(file)
		if err != nil {
			return nil, fmt.Errorf("--pseudonym-key-file: %w", err)
		}
		key, from = strings.TrimSpace(string(data)), "the key file "+file
	} else {
		key, from = strings.TrimSpace(getenv(EnvKey)), EnvKey
		if key == "" {
			return nil, errors.New("--pseudonymize needs a key: give --pseudonym-key-file FILE or set " + EnvKey +
				" (at least 16 characters, kept secret and the same between runs so the pseudonyms stay the same)")
		}
	}
	if len(key) < MinKeyBytes {
		return nil, fmt.Errorf("the pseudonym key in %s is %d bytes long: use at least %d (a short key can be guessed, and with it every name)", from, len(key), MinKeyBytes)
	}
	return []byte(key), nil
}

// A Pseudonymiser replaces personal data under one key. Snapshot learns the
// names and addresses of a snapshot and replaces them there; Report and Text
// then replace them in whatever was made from it.
type Pseudonymiser struct {
	key []byte
	// byWord holds the text tokens (names, full names, usernames) by their
	// first word, lower-cased; each list is sorted longest first.
	byWord map[string][]token
}

// A token is a value to replace inside text, and what replaces it.
type token struct {
	lower string // the value, lower-cased
	with  string
}

// New returns a Pseudonymiser with the key; it knows no names yet.
func New(key []byte) *Pseudonymiser {
	return &Pseudonymiser{key: append([]byte(nil), key...), byWord: map[string][]token{}}
}

// hash returns p- and the first 10 hex digits of the keyed hash of kind and
// the lower-cased value.
func (p *Pseudonymiser) hash(kind, value string) string {
	m := hmac.New(sha256.New, p.key)
	m.Write([]byte(kind))
	m.Write([]byte{0})
	m.Write([]byte(strings.ToLower(strings.TrimSpace(value))))
	return "p-" + hex.EncodeToString(m.Sum(nil))[:10]
}

// Name returns the pseudonym of a name (or a name part); "" stays "".
func (p *Pseudonymiser) Name(s string) string {
	if strings.TrimSpace(s) == "" {
		return s
	}
	return p.hash("name", s)
}

// Address returns the pseudonym of an e-mail address or username, an
// address at Domain; "" stays "". An e-mail address and a username that are
// the same give the same pseudonym.
func (p *Pseudonymiser) Address(s string) string {
	if strings.TrimSpace(s) == "" {
		return s
	}
	return p.hash("address", s) + "@" + Domain
}

// fullName joins the parts of a name that are not empty with spaces.
func fullName(parts ...string) string {
	var kept []string
	for _, s := range parts {
		if s = strings.TrimSpace(s); s != "" {
			kept = append(kept, s)
		}
	}
	return strings.Join(kept, " ")
}

// learnName adds the name parts of one person, and the ways a report writes
// them together, as text tokens.
func (p *Pseudonymiser) learnName(first, prefix, last string) {
	pf, pp, pl := p.Name(first), p.Name(prefix), p.Name(last)
	for _, part := range []string{first, prefix, last} {
		if utf8.RuneCountInString(strings.TrimSpace(part)) >= minTextToken {
			p.add(part, p.Name(part))
		}
	}
	// The forms a message or an evidence value uses: "Anouk de Vries",
	// "Anouk Vries", "de Vries", "Vries, Anouk de", "Vries, Anouk".
	p.add(fullName(first, prefix, last), fullName(pf, pp, pl))
	p.add(fullName(first, last), fullName(pf, pl))
	p.add(fullName(prefix, last), fullName(pp, pl))
	if first != "" && last != "" {
		p.add(strings.TrimSpace(last)+", "+fullName(first, prefix), pl+", "+fullName(pf, pp))
		p.add(strings.TrimSpace(last)+", "+strings.TrimSpace(first), pl+", "+pf)
	}
}

// learnAddress adds an address (e-mail, username, or a login name such as
// an exception's added_by) as a text token.
func (p *Pseudonymiser) learnAddress(s string) {
	if utf8.RuneCountInString(strings.TrimSpace(s)) >= minTextToken {
		p.add(s, p.Address(s))
	}
}

// add records one text token; a single short name part is never added
// (learnName checks), but a full name may be short ("Bo Ek").
func (p *Pseudonymiser) add(value, with string) {
	// Text is searched from the start of a word, so a token starts with one:
	// "'t Hart" is found as "t Hart".
	value = strings.TrimLeftFunc(value, func(r rune) bool { return !isWord(r) })
	if value == "" {
		return
	}
	lower := fold(value)
	w := firstWord(lower)
	for _, t := range p.byWord[w] {
		if t.lower == lower {
			return
		}
	}
	p.byWord[w] = append(p.byWord[w], token{lower: lower, with: with})
}

// Snapshot learns the names and addresses of every account, source record
// and exception entry of snap and replaces them in place: first_name,
// name_prefix and last_name become names, email, username and added_by
// addresses, and an exception's reason has the names in it replaced.
// Ids, schools, groups, kinds and dates stay.
func (p *Pseudonymiser) Snapshot(snap *syncaudit.Snapshot) {
	for i := range snap.Accounts {
		a := &snap.Accounts[i]
		p.learnName(a.FirstName, a.NamePrefix, a.LastName)
		p.learnAddress(a.Email)
		p.learnAddress(a.Username)
	}
	for i := range snap.Records {
		r := &snap.Records[i]
		p.learnName(r.FirstName, r.NamePrefix, r.LastName)
		p.learnAddress(r.Email)
	}
	for i := range snap.Exceptions {
		p.learnAddress(snap.Exceptions[i].AddedBy)
	}
	p.sort()

	for i := range snap.Accounts {
		a := &snap.Accounts[i]
		a.FirstName, a.NamePrefix, a.LastName = p.Name(a.FirstName), p.Name(a.NamePrefix), p.Name(a.LastName)
		a.Email, a.Username = p.Address(a.Email), p.Address(a.Username)
	}
	for i := range snap.Records {
		r := &snap.Records[i]
		r.FirstName, r.NamePrefix, r.LastName = p.Name(r.FirstName), p.Name(r.NamePrefix), p.Name(r.LastName)
		r.Email = p.Address(r.Email)
	}
	for i := range snap.Exceptions {
		e := &snap.Exceptions[i]
		e.AddedBy = p.Address(e.AddedBy)
		e.Reason = p.Text(e.Reason)
	}
}

// sort puts every token list longest first, so "Hoekstra-Visser" is replaced
// before "Hoekstra".
func (p *Pseudonymiser) sort() {
	for _, list := range p.byWord {
		sort.SliceStable(list, func(i, j int) bool { return len(list[i].lower) > len(list[j].lower) })
	}
}

// Report replaces the names and addresses Snapshot learnt in every text of
// rep: messages, fixes, reasons, evidence values, message arguments and
// the from and to of updates. Call Snapshot first.
func (p *Pseudonymiser) Report(rep *syncaudit.Report) {
	for i := range rep.Actions {
		a := &rep.Actions[i]
		a.From, a.To, a.Reason = p.Text(a.From), p.Text(a.To), p.Text(a.Reason)
		p.evidence(a.Evidence)
		p.args(a.Args)
	}
	for i := range rep.Findings {
		f := &rep.Findings[i]
		f.Message, f.Fix = p.Text(f.Message), p.Text(f.Fix)
		p.evidence(f.Evidence)
		p.args(f.Args)
	}
}

// args replaces names in message arguments: strings, and the strings of
// lists and phrases within them.
func (p *Pseudonymiser) args(args map[string]any) {
	for k, v := range args {
		args[k] = p.arg(v)
	}
}

func (p *Pseudonymiser) arg(v any) any {
	switch v := v.(type) {
	case string:
		return p.Text(v)
	case []any:
		for i, x := range v {
			v[i] = p.arg(x)
		}
	case map[string]any:
		for k, x := range v {
			if k != "id" {
				v[k] = p.arg(x)
			}
		}
	}
	return v
}

func (p *Pseudonymiser) evidence(ev map[string]string) {
	for k, v := range ev {
		ev[k] = p.Text(v)
	}
}

// emailPattern finds e-mail addresses in text, known or not (a username the
// rule book proposes is in no input).
var emailPattern = regexp.MustCompile(`[\p{L}\p{N}._%+'-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+`)

// Text returns s with every e-mail address replaced by its pseudonym, and
// every name, full name and username Snapshot learnt replaced by its own,
// whole words only and ignoring case. A name part shorter than three letters
// is replaced only as part of a full name.
func (p *Pseudonymiser) Text(s string) string {
	if s == "" {
		return s
	}
	s = emailPattern.ReplaceAllStringFunc(s, func(addr string) string {
		if strings.HasSuffix(strings.ToLower(addr), "@"+Domain) {
			return addr // already a pseudonym
		}
		return p.Address(addr)
	})
	var b strings.Builder
	lower := fold(s)
	done := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !isWord(r) || (i > 0 && isWord(lastRune(s[:i]))) {
			i += size
			continue
		}
		w := firstWord(lower[i:])
		matched := false
		for _, t := range p.byWord[w] {
			end := i + len(t.lower)
			if end > len(lower) || lower[i:end] != t.lower {
				continue
			}
			if end < len(s) {
				if next, _ := utf8.DecodeRuneInString(s[end:]); isWord(next) {
					continue
				}
			}
			b.WriteString(s[done:i])
			b.WriteString(t.with)
			done, i, matched = end, end, true
			break
		}
		if !matched {
			i += len(w)
			if w == "" {
				i += size
			}
		}
	}
	if done == 0 {
		return s
	}
	b.WriteString(s[done:])
	return b.String()
}

// fold lower-cases s rune by rune, keeping a rune whose lower case has
// another length in UTF-8 (such as İ), so that positions in fold(s) are
// positions in s.
func fold(s string) string {
	f := strings.Map(func(r rune) rune {
		if l := unicode.ToLower(r); utf8.RuneLen(l) == utf8.RuneLen(r) {
			return l
		}
		return r
	}, s)
	if len(f) != len(s) { // invalid UTF-8 became U+FFFD
		return s
	}
	return f
}

// isWord reports whether r belongs to a word: a letter or a digit.
func isWord(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

// firstWord returns the leading run of letters and digits of s.
func firstWord(s string) string {
	for i, r := range s {
		if !isWord(r) {
			return s[:i]
		}
	}
	return s
}
