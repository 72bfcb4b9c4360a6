package apply

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"github.com/syncaudit/syncaudit"
)

// username makes the login name of a new account for record r (U1): the
// local part from the names, at the domain the tenant's structure gives
// (single school: the school's domain; board: the board domain; multi-domain:
// the domain of the record's school), made unique with 2, 3, ... before the @.
func (st *state) username(r *syncaudit.SourceRecord) (string, *refusal) {
	school, _ := st.snap.Tenant.School(r.School)
	domain := school.Domain
	if st.snap.Tenant.Structure == syncaudit.Board && st.snap.Tenant.Domain != "" || domain == "" {
		domain = st.snap.Tenant.Domain
	}
	if domain == "" {
		return "", &refusal{
			problem: fmt.Sprintf("a new account for %s at school %s needs a username, but neither the school nor the tenant has a domain (U1)", r.Link(), r.School),
			fix:     fmt.Sprintf("set domain for school %s (or the board domain) in tenant.yaml", r.School),
		}
	}
	local := LocalPart(r.FirstName, r.NamePrefix, r.LastName)
	if local == "" {
		local = LocalPart(string(r.Source), r.SourceID, "")
	}
	domain = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(domain), "@"))
	base := local + "@" + domain
	for n := max(st.suffix[base], 1); ; n++ {
		name := local
		if n > 1 {
			name += strconv.Itoa(n)
		}
		name += "@" + domain
		if !st.usernames[name] {
			st.suffix[base] = n + 1 // the next Jan Jansen starts counting here
			return name, nil
		}
	}
}

// LocalPart writes the local part of a username from a person's names (U1):
// lower-case ASCII, the names joined with dots, the Dutch tussenvoegsel kept
// as its own words ("Jan", "van der", "Berg" gives jan.van.der.berg),
// accents folded (é→e, ö→o, å→a, ß→ss), hyphens kept, anything else dropped.
func LocalPart(names ...string) string {
	var words []string
	for _, name := range names {
		for _, w := range strings.FieldsFunc(syncaudit.FoldName(name), func(r rune) bool { return r == ' ' || r == '.' || r == '_' || unicode.IsSpace(r) }) {
			var b strings.Builder
			for _, r := range w {
				if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' {
					b.WriteRune(r)
				}
			}
			if w := strings.Trim(b.String(), "-"); w != "" {
				words = append(words, w)
			}
		}
	}
	return strings.Join(words, ".")
}
