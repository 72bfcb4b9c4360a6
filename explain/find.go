// Package explain writes what `syncaudit explain` says about one person: the
// rule book's own evaluation of the cases that concern them
// (policies.Engine.Explain, with the verdicts of policies/explain.rego) as
// text in the tenant's language or as JSON. It decides nothing itself: every
// verdict, reason and step comes from the rule book, and the words from the
// message catalogue (policies/explain.messages.yaml). Find only looks people
// up by name or e-mail to pick whom to explain; the rule book still matches
// by link (M1).
package explain

import (
	"sort"
	"strings"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/report"
)

// A Candidate is an account or a source person whose name, username or
// e-mail address matches a search.
type Candidate struct {
	// Account is the account id; empty for a source person no account links to.
	Account string `json:"account,omitempty"`
	// Link is the source person (source:id) when no account links to it.
	Link     string   `json:"link,omitempty"`
	Name     string   `json:"name"`
	Username string   `json:"username,omitempty"`
	Email    string   `json:"email,omitempty"`
	Status   string   `json:"status,omitempty"`
	Schools  []string `json:"schools,omitempty"`
}

// Find returns the accounts, and the source people no account links to,
// whose name (first name, prefix, last name), username or e-mail address
// holds every word of query, ignoring case and accents ("zoe heuvel" finds
// Zoë van den Heuvel). Accounts come first, by id; then people, by link.
func Find(snap *syncaudit.Snapshot, query string) []Candidate {
	words := strings.Fields(syncaudit.FoldName(query))
	if len(words) == 0 {
		return nil
	}
	var out []Candidate
	linked := map[syncaudit.Link]bool{}
	for i := range snap.Accounts {
		a := &snap.Accounts[i]
		for _, l := range a.Links {
			linked[l] = true
		}
		if matches(words, report.FullName(a.FirstName, a.NamePrefix, a.LastName), a.Username, a.Email) {
			out = append(out, Candidate{Account: a.ID, Name: report.FullName(a.FirstName, a.NamePrefix, a.LastName),
				Username: a.Username, Email: a.Email, Status: string(a.Status), Schools: a.Schools})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Account < out[j].Account })
	people := map[syncaudit.Link]int{}
	var persons []Candidate
	for i := range snap.Records {
		r := &snap.Records[i]
		l := r.Link()
		if linked[l] || !matches(words, report.FullName(r.FirstName, r.NamePrefix, r.LastName), r.Email) {
			continue
		}
		if at, ok := people[l]; ok {
			persons[at].Schools = append(persons[at].Schools, r.School)
			continue
		}
		people[l] = len(persons)
		persons = append(persons, Candidate{Link: l.String(), Name: report.FullName(r.FirstName, r.NamePrefix, r.LastName),
			Email: r.Email, Schools: []string{r.School}})
	}
	sort.SliceStable(persons, func(i, j int) bool { return persons[i].Link < persons[j].Link })
	return append(out, persons...)
}

// matches reports whether every word occurs in one of the fields, folded.
func matches(words []string, fields ...string) bool {
	folded := make([]string, len(fields))
	for i, f := range fields {
		folded[i] = syncaudit.FoldName(f)
	}
	for _, w := range words {
		found := false
		for _, f := range folded {
			if strings.Contains(f, w) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}
