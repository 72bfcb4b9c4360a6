package convert

import (
	"strings"

	"github.com/syncaudit/syncaudit"
)

// rosterKinds maps the roles of OneRoster 1.1/1.2 and School Data Sync v2/v2.1
// to kinds. Compared without case.
var rosterKinds = map[string]syncaudit.Kind{
	"student": syncaudit.Student,
	"learner": syncaudit.Student,

	"teacher":               syncaudit.Staff,
	"aide":                  syncaudit.Staff,
	"administrator":         syncaudit.Staff,
	"proctor":               syncaudit.Staff,
	"siteadministrator":     syncaudit.Staff,
	"districtadministrator": syncaudit.Staff,
	"systemadministrator":   syncaudit.Staff,
	"principal":             syncaudit.Staff,
	"counselor":             syncaudit.Staff,
	"professor":             syncaudit.Staff,
	"faculty":               syncaudit.Staff,
	"staff":                 syncaudit.Staff,
	"instructor":            syncaudit.Staff,
	"lecturer":              syncaudit.Staff,
	"librarian":             syncaudit.Staff,

	"parent":   syncaudit.Guardian,
	"guardian": syncaudit.Guardian,
}

// rosterKind returns the kind of a roster role and whether it is known.
func rosterKind(role string) (syncaudit.Kind, bool) {
	k, ok := rosterKinds[strings.ToLower(strings.TrimSpace(role))]
	return k, ok
}

const knownRosterRoles = "student; teacher, aide, administrator, proctor, siteAdministrator, districtAdministrator, systemAdministrator, principal, counselor, professor, lecturer, faculty, instructor, librarian, staff; parent, guardian"
