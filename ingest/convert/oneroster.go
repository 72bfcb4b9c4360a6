package convert

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/ingest/mapping"
)

// rosterSkipped are roster roles that are known but not synced: not a
// student, staff member or guardian of the target.
var rosterSkipped = map[string]bool{"relative": true, "emergencycontact": true, "other": true}

// A roster is the folder of a OneRoster bulk CSV export (or of a School Data
// Sync v2/v2.1 export, which follows OneRoster): its users, their roles at
// orgs, the classes and courses they are enrolled in.
type roster struct {
	r    *run
	dir  string
	recs *recordSet
	// users holds the readable users by sourcedId.
	users map[string]rosterUser
	order []string // user ids in file order
	// gone holds the users left out (tobedeleted, disabled), by sourcedId, with why.
	gone map[string]string
	// orgs holds the org names by sourcedId, orgTypes their types (school,
	// district, department, ...) when orgs.csv gives them.
	orgs     map[string]string
	orgTypes map[string]string
	haveOrgs bool // orgs.csv was read: an org id it does not list is unknown
	// classes holds the class title, school and course title by sourcedId.
	classes     map[string]rosterClass
	goneClasses map[string]string
	courses     map[string]string
	schools     map[string]bool
}

type rosterUser struct {
	first, last, email string
	line               int
}

type rosterClass struct {
	title, school, course string
}

func newRoster(r *run, dir string) *roster {
	return &roster{r: r, dir: dir, recs: newRecordSet(), users: map[string]rosterUser{}, gone: map[string]string{},
		orgs: map[string]string{}, orgTypes: map[string]string{}, classes: map[string]rosterClass{}, goneClasses: map[string]string{},
		courses: map[string]string{}, schools: map[string]bool{}}
}

// convertOneRoster reads a OneRoster 1.1 or 1.2 bulk CSV folder.
//
// Users whose status is tobedeleted, or whose enabledUser is false, are not
// eligible: they are left out (counted in Dropped with the reason), so the
// rule book sees them as gone from the source. Their enrollments are left out too.
func convertOneRoster(ctx context.Context, r *run, dir string) (*Result, error) {
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, &syncaudit.InputError{File: dir, Problem: "a OneRoster export is a folder of CSV files, or their zip bundle", Fix: "give --in the folder that holds users.csv and orgs.csv, or the bundle's .zip"}
	}
	ro := newRoster(r, dir)
	if err := ro.readManifest(); err != nil {
		return nil, err
	}
	if err := ro.read(ctx); err != nil {
		return nil, err
	}
	ro.unread(append(rosterFiles, "manifest.csv")...)
	return ro.result(), nil
}

// rosterFiles are the files of a OneRoster folder that read reads.
var rosterFiles = []string{"users.csv", "orgs.csv", "roles.csv", "classes.csv", "courses.csv", "enrollments.csv"}

// read reads the files OneRoster and SDS v2 share, in the order each needs
// the one before: orgs, users (with roles), courses, classes, enrollments.
// The records' lines refer to users.csv.
func (ro *roster) read(ctx context.Context) error {
	ro.r.file = "users.csv"
	if err := ro.readOrgs(); err != nil {
		return err
	}
	if err := ro.readUsers(ctx); err != nil {
		return err
	}
	if err := ro.readCourses(); err != nil {
		return err
	}
	if err := ro.readClasses(); err != nil {
		return err
	}
	return ro.readEnrollments(ctx)
}

// open reads one CSV file of the folder; ok is false when the file is absent.
func (ro *roster) open(name string) (t *table, ok bool, err error) {
	path := findFile(ro.dir, name)
	if path == "" {
		return nil, false, nil
	}
	t, err = readTable(path, rel(ro.dir, path), 0)
	return t, err == nil, err
}

// status reads a row's status column: "" when the row is eligible, else why not.
func status(row mapping.Row, i int) string {
	if s := strings.ToLower(cell(row, i)); s == "tobedeleted" || s == "inactive" || s == "deleted" {
		return "status " + s
	}
	return ""
}

func (ro *roster) readOrgs() error {
	t, ok, err := ro.open("orgs.csv")
	if err != nil || !ok {
		return err
	}
	id, err := t.need("the org's key", "sourcedId")
	if err != nil {
		return err
	}
	name, typ := t.col("name"), t.col("type")
	t.col("status", "dateLastModified", "parentSourcedId", "identifier")
	ro.haveOrgs = true
	for _, row := range t.rows {
		ro.orgs[cell(row, id)] = cell(row, name)
		ro.orgTypes[cell(row, id)] = strings.ToLower(cell(row, typ))
	}
	t.dropColumns(ro.r.d)
	return nil
}

// readUsers reads users.csv, with its role and orgSourcedIds columns
// (OneRoster 1.1, SDS v2) or, when it has no role column, with roles.csv
// beside it (OneRoster 1.2, SDS v2.1).
func (ro *roster) readUsers(ctx context.Context) error {
	t, ok, err := ro.open("users.csv")
	if err != nil {
		return err
	}
	if !ok {
		return &syncaudit.InputError{File: ro.dir, Problem: "the folder has no users.csv (OneRoster bulk CSV)", Fix: "give --in the folder that holds the export's users.csv; REST JSON responses are not read, export bulk CSV"}
	}
	id, err := t.need("the person's key", "sourcedId")
	if err != nil {
		return err
	}
	first, err := t.need("the contract needs first names", "givenName")
	if err != nil {
		return err
	}
	last, err := t.need("the contract needs last names", "familyName")
	if err != nil {
		return err
	}
	email := t.col("email")
	st := t.col("status")
	enabled := t.col("enabledUser")
	role, orgs := t.col("role"), t.col("orgSourcedIds")
	t.col("dateLastModified") // bookkeeping of the export, not of the person
	if role < 0 {
		roles, ok, err := ro.open("roles.csv")
		if err != nil {
			return err
		}
		if !ok {
			_, err := t.need("or a roles.csv beside it (OneRoster 1.2)", "role")
			return err
		}
		if err := ro.readUsersRows(ctx, t, id, first, last, email, st, enabled, -1, -1); err != nil {
			return err
		}
		return ro.readRoles(roles)
	}
	if orgs < 0 {
		_, err := t.need("the schools each user belongs to", "orgSourcedIds")
		return err
	}
	return ro.readUsersRows(ctx, t, id, first, last, email, st, enabled, role, orgs)
}

func (ro *roster) readUsersRows(ctx context.Context, t *table, id, first, last, email, st, enabled, role, orgs int) error {
	for _, row := range t.rows {
		if ro.r.tooMany() {
			break
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		uid := cell(row, id)
		if uid == "" {
			ro.r.bad(t.bad(row, id, "the user has no sourcedId", "give every user its key"))
			continue
		}
		if why := status(row, st); why != "" {
			ro.gone[uid] = why
			ro.r.d.skip(t.file, row.Line, uid, "user "+why)
			continue
		}
		on, err := parseBool(cell(row, enabled), true)
		if err != nil {
			ro.r.bad(t.bad(row, enabled, err.Error(), "write TRUE or FALSE"))
			continue
		}
		if !on {
			ro.gone[uid] = "enabledUser false"
			ro.r.d.skip(t.file, row.Line, uid, "user enabledUser false")
			continue
		}
		u := rosterUser{first: cell(row, first), last: cell(row, last), email: cell(row, email), line: row.Line}
		if u.first == "" || u.last == "" {
			i := first
			if u.first != "" {
				i = last
			}
			ro.r.bad(t.bad(row, i, "the user has no name", "the contract needs a first and a last name"))
			continue
		}
		if _, dup := ro.users[uid]; !dup {
			ro.order = append(ro.order, uid)
		}
		ro.users[uid] = u
		if role < 0 {
			continue
		}
		kind, roleName, why, ok := ro.kind(t, row, role)
		if !ok {
			continue
		}
		if why != "" {
			ro.r.d.skip(t.file, row.Line, uid, why)
			continue
		}
		for _, org := range splitList(cell(row, orgs)) {
			ro.add(uid, u, org, kind, roleName, "", "")
		}
	}
	t.dropColumns(ro.r.d)
	return nil
}

// kind reads a role cell. ok is false when the row was reported as bad; why
// is set when the role is known but not synced.
func (ro *roster) kind(t *table, row mapping.Row, i int) (kind syncaudit.Kind, role, why string, ok bool) {
	role = cell(row, i)
	kind, known := rosterKind(role)
	switch {
	case known:
	case rosterSkipped[strings.ToLower(role)]:
		return "", role, fmt.Sprintf("role %s is not synced (not a student, staff member or guardian)", role), true
	default:
		ro.r.bad(t.bad(row, i, "the role is not a OneRoster role syncaudit knows", "use one of: "+knownRosterRoles))
		return "", role, "", false
	}
	if kind == syncaudit.Student || strings.EqualFold(role, "guardian") || strings.EqualFold(role, "parent") {
		role = ""
	}
	return kind, role, "", true
}

func (ro *roster) add(uid string, u rosterUser, org string, kind syncaudit.Kind, role string, start, end syncaudit.Date) {
	ro.schools[org] = true
	ro.recs.add(syncaudit.SourceRecord{
		SourceID: uid, School: org, Kind: kind, Role: role,
		FirstName: u.first, LastName: u.last, Email: u.email,
		StartDate: start, EndDate: end, Line: u.line,
	})
}

// readRoles reads roles.csv (OneRoster 1.2; SDS v2.1 calls its columns
// roleStartDate and roleEndDate): one record per user, org and role.
func (ro *roster) readRoles(t *table) error {
	user, err := t.need("whose role it is", "userSourcedId")
	if err != nil {
		return err
	}
	org, err := t.need("where the role is", "orgSourcedId")
	if err != nil {
		return err
	}
	role, err := t.need("the role", "role")
	if err != nil {
		return err
	}
	st := t.col("status")
	begin, end := t.col("beginDate", "roleStartDate"), t.col("endDate", "roleEndDate")
	t.col("sourcedId", "roleType", "isPrimary", "dateLastModified")
	placed := func(row mapping.Row) bool {
		_, ok := ro.users[cell(row, user)]
		return ok && status(row, st) == ""
	}
	froms, badFrom := ro.r.dateColumn(t, begin, "begin date", placed)
	tos, badTo := ro.r.dateColumn(t, end, "end date", placed)
	for _, row := range t.rows {
		if ro.r.tooMany() {
			break
		}
		uid := cell(row, user)
		if why := status(row, st); why != "" {
			ro.r.d.skip(t.file, row.Line, uid, "role "+why)
			continue
		}
		u, ok := ro.users[uid]
		if !ok {
			ro.skipUnknownUser(t, row, uid)
			continue
		}
		kind, roleName, why, ok := ro.kind(t, row, role)
		if !ok {
			continue
		}
		if why != "" {
			ro.r.d.skip(t.file, row.Line, uid, why)
			continue
		}
		if badFrom[row.Line] || badTo[row.Line] {
			continue
		}
		from, to := froms[row.Line], tos[row.Line]
		if cell(row, org) == "" {
			ro.r.bad(t.bad(row, org, "the role names no org", "give every role its orgSourcedId"))
			continue
		}
		ro.add(uid, u, cell(row, org), kind, roleName, from, to)
	}
	t.dropColumns(ro.r.d)
	return nil
}

func (ro *roster) skipUnknownUser(t *table, row mapping.Row, uid string) {
	if why, gone := ro.gone[uid]; gone {
		ro.r.d.skip(t.file, row.Line, uid, "user left out ("+why+")")
		return
	}
	ro.r.d.skip(t.file, row.Line, uid, "user not in users.csv")
}

func (ro *roster) readCourses() error {
	t, ok, err := ro.open("courses.csv")
	if err != nil || !ok {
		return err
	}
	id, err := t.need("the course's key", "sourcedId")
	if err != nil {
		return err
	}
	title, err := t.need("the course's name", "title")
	if err != nil {
		return err
	}
	st := t.col("status")
	t.col("dateLastModified")
	for _, row := range t.rows {
		if why := status(row, st); why != "" {
			ro.r.d.skip(t.file, row.Line, cell(row, id), "course "+why)
			continue
		}
		ro.courses[cell(row, id)] = cell(row, title)
	}
	t.dropColumns(ro.r.d)
	return nil
}

// readClasses reads classes.csv: each class is a group (its title), and its
// course a course (the course's title from courses.csv).
func (ro *roster) readClasses() error {
	t, ok, err := ro.open("classes.csv")
	if err != nil || !ok {
		return err
	}
	id, err := t.need("the class's key", "sourcedId")
	if err != nil {
		return err
	}
	title, err := t.need("the class's name", "title")
	if err != nil {
		return err
	}
	school, err := t.need("the class's school", "schoolSourcedId", "orgSourcedId")
	if err != nil {
		return err
	}
	course := -1
	if len(ro.courses) > 0 {
		course = t.col("courseSourcedId")
	}
	st := t.col("status")
	t.col("dateLastModified")
	var named []namedGroup
	for _, row := range t.rows {
		cid := cell(row, id)
		if why := status(row, st); why != "" {
			ro.goneClasses[cid] = why
			ro.r.d.skip(t.file, row.Line, cid, "class "+why)
			continue
		}
		c := rosterClass{title: cell(row, title), school: cell(row, school)}
		if c.title == "" {
			c.title = cid
		}
		if course >= 0 {
			c.course = ro.courses[cell(row, course)]
		}
		ro.classes[cid] = c
		named = append(named, namedGroup{cid, c.school, c.title})
	}
	for cid, name := range groupNames(named) {
		c := ro.classes[cid]
		c.title = name
		ro.classes[cid] = c
	}
	t.dropColumns(ro.r.d)
	return nil
}

// readEnrollments puts each enrolled user's class in the groups, and its
// course in the courses, of the user's record at the class's school.
func (ro *roster) readEnrollments(ctx context.Context) error {
	t, ok, err := ro.open("enrollments.csv")
	if err != nil || !ok {
		return err
	}
	class, err := t.need("the class", "classSourcedId")
	if err != nil {
		return err
	}
	user, err := t.need("the enrolled user", "userSourcedId")
	if err != nil {
		return err
	}
	role := t.col("role")
	st := t.col("status")
	t.col("sourcedId", "schoolSourcedId", "dateLastModified")
	for _, row := range t.rows {
		if err := ctx.Err(); err != nil {
			return err
		}
		cid, uid := cell(row, class), cell(row, user)
		if why := status(row, st); why != "" {
			ro.r.d.skip(t.file, row.Line, uid, "enrollment "+why)
			continue
		}
		c, ok := ro.classes[cid]
		if !ok {
			if why, gone := ro.goneClasses[cid]; gone {
				ro.r.d.skip(t.file, row.Line, uid, "class left out ("+why+")")
			} else {
				ro.r.d.skip(t.file, row.Line, uid, "class not in classes.csv")
			}
			continue
		}
		if _, ok := ro.users[uid]; !ok {
			ro.skipUnknownUser(t, row, uid)
			continue
		}
		kind, known := rosterKind(cell(row, role))
		idx := ro.recs.at(uid, c.school, kind)
		if len(idx) == 0 {
			// Exports often list only the home school in orgSourcedIds: the
			// enrollment is itself evidence of a role at the class's school.
			if !known {
				kind, known = ro.onlyKind(uid)
			}
			if !known || c.school == "" {
				ro.r.d.skip(t.file, row.Line, uid, "user has no role at the class's school, and the enrollment names no role")
				continue
			}
			roleName := ""
			if kind == syncaudit.Staff {
				roleName = strings.TrimSpace(cell(row, role))
			}
			ro.add(uid, ro.users[uid], c.school, kind, roleName, "", "")
			ro.r.d.note("roles made from an enrollment at the class's school (the user's orgs do not list it)")
			idx = ro.recs.at(uid, c.school, kind)
		}
		for _, i := range idx {
			rec := &ro.recs.recs[i]
			rec.Groups = appendUnique(rec.Groups, c.title)
			rec.Courses = appendUnique(rec.Courses, c.course)
		}
	}
	t.dropColumns(ro.r.d)
	return nil
}

// unread counts the rows of the folder's CSV files that no step read.
func (ro *roster) unread(read ...string) {
	entries, err := os.ReadDir(ro.dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if e.IsDir() || !strings.EqualFold(filepath.Ext(e.Name()), ".csv") {
			continue
		}
		known := false
		for _, n := range read {
			if strings.EqualFold(e.Name(), n) {
				known = true
			}
		}
		if known {
			continue
		}
		n := 0
		if t, err := readTable(filepath.Join(ro.dir, e.Name()), e.Name(), 0); err == nil {
			n = len(t.rows)
		}
		ro.r.d.file(e.Name(), n)
	}
}

// unplaced reports the users that got no record: no role at any org.
func (ro *roster) unplaced() {
	placed := map[string]bool{}
	for _, rec := range ro.recs.recs {
		placed[rec.SourceID] = true
	}
	for _, row := range ro.r.d.Rows {
		if base := strings.ToLower(filepath.Base(row.File)); base == "users.csv" || base == "roles.csv" {
			placed[row.ID] = true // already reported with a reason
		}
	}
	for _, uid := range ro.order {
		if !placed[uid] {
			ro.r.d.skip("users.csv", ro.users[uid].line, uid, "user has no role at any org")
		}
	}
}

// onlyKind returns the kind of the user's records when they all have one.
func (ro *roster) onlyKind(uid string) (syncaudit.Kind, bool) {
	var kind syncaudit.Kind
	for _, i := range ro.recs.byID[uid] {
		if k := ro.recs.recs[i].Kind; kind != "" && k != kind {
			return "", false
		} else {
			kind = k
		}
	}
	return kind, kind != ""
}

// orgIsSchool says whether an org of a type orgs.csv gives is a school for
// tenant.yaml: a school, or an SDS college (the unit of higher education
// that holds the classes); a district, a state, a ministry, a university or
// a department is not (its people are reported, to be mapped to a school).
func orgIsSchool(typ string) bool {
	switch typ {
	case "", "school", "college":
		return true
	}
	return false
}

func (ro *roster) result() *Result {
	ro.unplaced()
	res := &Result{Records: ro.recs.recs}
	perOrg := map[string]int{}
	for _, rec := range ro.recs.recs {
		perOrg[rec.School]++
	}
	for org := range ro.schools {
		_, listed := ro.orgs[org]
		switch {
		case ro.haveOrgs && !listed:
			ro.r.d.unknownOrg(org, perOrg[org])
		case !orgIsSchool(ro.orgTypes[org]):
			ro.r.d.notSchool(org, ro.orgTypes[org], perOrg[org])
			continue
		}
		res.Schools = append(res.Schools, newSchool(org, ro.orgs[org]))
	}
	return res
}

// splitList splits a roster list cell ("a,b" or "a|b") into its values.
func splitList(s string) []string {
	var out []string
	for _, v := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '|' }) {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// parseBool reads a boolean cell; empty gives def.
func parseBool(s string, def bool) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "":
		return def, nil
	case "true", "yes", "1", "ja", "y":
		return true, nil
	case "false", "no", "0", "nee", "n":
		return false, nil
	}
	return false, fmt.Errorf("%q is not true or false", s)
}
