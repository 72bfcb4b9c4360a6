package report

import (
	"strings"

	"github.com/syncaudit/syncaudit"
)

// noSchool is the school key of an outcome about an account the snapshot
// gives no school (an account missing from the target, or one without
// schools); the whole tenant's outcomes (no account, no school) have "".
const noSchool = "\x00no-school"

// schoolsOfAccounts maps each account of snap to its schools, as the target
// export lists them. It is a lookup, not a decision: an outcome whose rule
// named no school is shown at the schools its account has.
type schoolsOfAccounts map[string][]string

func accountSchools(snap *syncaudit.Snapshot) schoolsOfAccounts {
	m := schoolsOfAccounts{}
	if snap == nil {
		return m
	}
	for i := range snap.Accounts {
		a := &snap.Accounts[i]
		if len(a.Schools) > 0 {
			m[a.ID] = a.Schools
		}
	}
	return m
}

// of returns the schools an action or finding belongs to: the school its
// rule named; else every school of its account; else noSchool for an
// outcome about an account, and "" (the whole tenant) for one about none.
// The result always has at least one element.
func (m schoolsOfAccounts) of(school, account string) []string {
	if school != "" {
		return []string{school}
	}
	if account == "" {
		return []string{""}
	}
	if s := m[account]; len(s) > 0 {
		return s
	}
	return []string{noSchool}
}

// cell returns a school key as a cell's text: the code, or nothing for the
// whole tenant and for no school.
func schoolCell(key string) string {
	if key == noSchool {
		return ""
	}
	return key
}

// joined returns the schools of an outcome as one text, "04KT, 17HZ", for
// a place that shows an outcome once (the PDF's tables).
func (m schoolsOfAccounts) joined(school, account string) string {
	var out []string
	for _, s := range m.of(school, account) {
		if c := schoolCell(s); c != "" {
			out = append(out, c)
		}
	}
	return strings.Join(out, ", ")
}
