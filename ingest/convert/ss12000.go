package convert

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/syncaudit/syncaudit"
)

// SS12000 objects, as far as syncaudit reads them. References are {"id": ...}.
type ssRef struct {
	ID          string `json:"id"`
	DisplayName string `json:"displayName"`
}

type ssOrganisation struct {
	ID               string `json:"id"`
	DisplayName      string `json:"displayName"`
	OrganisationType string `json:"organisationType"`
	SchoolUnitCode   string `json:"schoolUnitCode"`
}

type ssPerson struct {
	ID           string `json:"id"`
	GivenName    string `json:"givenName"`
	MiddleName   string `json:"middleName"`
	FamilyName   string `json:"familyName"`
	PersonStatus string `json:"personStatus"`
	Emails       []struct {
		Value string `json:"value"`
		Type  string `json:"type"`
	} `json:"emails"`
	EduPersonPrincipalNames []string `json:"eduPersonPrincipalNames"`
	Enrolments              []struct {
		EnroledAt *ssRef `json:"enroledAt"`
		StartDate string `json:"startDate"`
		EndDate   string `json:"endDate"`
		Cancelled bool   `json:"cancelled"`
	} `json:"enrolments"`
	Responsibles []ssResponsible `json:"responsibles"`
	// Embedded holds the expansions of a v2.1 paging response
	// (/persons?expand=duties,groupMemberships,responsibleFor,placements).
	Embedded *struct {
		Duties           []ssDuty        `json:"duties"`
		Placements       []ssPlacement   `json:"placements"`
		ResponsibleFor   []ssResponsible `json:"responsibleFor"`
		GroupMemberships []struct {
			Group *ssGroup `json:"group"`
		} `json:"groupMemberships"`
	} `json:"_embedded"`
}

type ssResponsible struct {
	Person       *ssRef `json:"person"`
	RelationType string `json:"relationType"`
}

// An ssActivity is teaching (undervisning): the groups taught and, through
// their duties, the teachers who teach them.
type ssActivity struct {
	ID           string   `json:"id"`
	DisplayName  string   `json:"displayName"`
	ActivityType string   `json:"activityType"`
	Groups       []*ssRef `json:"groups"`
	Teachers     []struct {
		Duty *ssRef `json:"duty"`
	} `json:"teachers"`
	Organisation *ssRef `json:"organisation"`
}

// ssCarried are, per kind of object, the JSON fields convert carries into
// the contract (or reads to decide); every other field present is counted
// in the dropped report under its dotted path. A field with carried
// sub-fields listed is looked into; the others are carried whole.
var ssCarried = map[string]map[string]bool{
	"person": set("id", "givenName", "middleName", "familyName", "personStatus", "emails", "emails.value", "emails.type",
		"eduPersonPrincipalNames", "enrolments", "enrolments.enroledAt", "enrolments.startDate", "enrolments.endDate", "enrolments.cancelled",
		"responsibles", "_embedded", "_embedded.duties", "_embedded.placements", "_embedded.responsibleFor", "_embedded.groupMemberships",
		"_embedded.groupMemberships.group"),
	"organisation": set("id", "displayName", "organisationType", "schoolUnitCode"),
	"duty":         set("id", "person", "dutyAt", "dutyRole", "startDate", "endDate"),
	"placement":    set("id", "child", "placedAt", "startDate", "endDate"),
	"group":        set("id", "displayName", "groupType", "organisation", "groupMemberships", "groupMemberships.person"),
	"activity":     set("id", "displayName", "activityType", "groups", "teachers", "teachers.duty", "organisation"),
}

func set(keys ...string) map[string]bool {
	m := map[string]bool{}
	for _, k := range keys {
		m[k] = true
	}
	return m
}

// countUncarried counts in d, under the object's file, every field of raw
// (a kind of object, see ssCarried) that is present with a value and not
// carried: "civicNo", "enrolments.schoolYear", "meta".
func countUncarried(d *Dropped, file, kind string, raw json.RawMessage) {
	carried := ssCarried[kind]
	var walk func(prefix string, v any)
	walk = func(prefix string, v any) {
		switch x := v.(type) {
		case []any:
			for _, item := range x {
				walk(prefix, item)
			}
		case map[string]any:
			for k, val := range x {
				path := k
				if prefix != "" {
					path = prefix + "." + k
				}
				if val == nil {
					continue
				}
				if !carried[path] {
					d.column(file, path, 1)
					continue
				}
				if hasCarriedBelow(carried, path) {
					walk(path, val)
				}
			}
		}
	}
	var v any
	if json.Unmarshal(raw, &v) == nil {
		walk("", v)
	}
}

func hasCarriedBelow(carried map[string]bool, path string) bool {
	for k := range carried {
		if strings.HasPrefix(k, path+".") {
			return true
		}
	}
	return false
}

type ssDuty struct {
	ID        string `json:"id"`
	Person    *ssRef `json:"person"`
	DutyAt    *ssRef `json:"dutyAt"`
	DutyRole  string `json:"dutyRole"`
	StartDate string `json:"startDate"`
	EndDate   string `json:"endDate"`
}

type ssPlacement struct {
	ID        string `json:"id"`
	Child     *ssRef `json:"child"`
	PlacedAt  *ssRef `json:"placedAt"`
	StartDate string `json:"startDate"`
	EndDate   string `json:"endDate"`
}

type ssGroup struct {
	ID               string `json:"id"`
	DisplayName      string `json:"displayName"`
	GroupType        string `json:"groupType"`
	Organisation     *ssRef `json:"organisation"`
	GroupMemberships []struct {
		Person *ssRef `json:"person"`
	} `json:"groupMemberships"`
}

// An ssObject is one object of an SS12000 file, with where it came from.
type ssObject struct {
	file string
	n    int // 1-based position in its file
	raw  json.RawMessage
}

// ssGroupKinds says which SS12000 group types become groups (classes) and
// which courses (teaching groups); the others are not synced.
var ssGroupKinds = map[string]string{
	"klass": "groups", "mentor": "groups", "avdelning": "groups",
	"undervisning": "courses",
}

// convertSS12000 reads SS12000 JSON: a folder of files (or one file) holding
// persons, organisations, duties, placements and groups, each file an array,
// an API page {"data": [...]}, an object with those five keys, or a single
// object. Objects are recognised by their fields, so file names do not
// matter. Enrolments and placements make student records, duties staff
// records (dutyRole as role), a student's responsibles guardian records at
// the student's schools; groups of type Klass, Mentor and Avdelning give
// groups, of type Undervisning courses. The school code is the
// organisation's schoolUnitCode when organisations are given, else its id.
func convertSS12000(ctx context.Context, r *run, in string) (*Result, error) {
	objs, err := readSSObjects(in)
	if err != nil {
		return nil, err
	}
	var (
		orgs       = map[string]ssOrganisation{}
		persons    = map[string]ssPerson{}
		personPos  = map[string]ssObject{}
		personList []string
		duties     []ssDuty
		dutyPos    []ssObject
		placements []ssPlacement
		placePos   []ssObject
		groups     []ssGroup
		groupPos   []ssObject
		acts       []ssActivity
		actPos     []ssObject
	)
	decode := func(o ssObject, v any) bool {
		if err := json.Unmarshal(o.raw, v); err != nil {
			r.bad(ssBad(o, "", "", "cannot be read: "+err.Error(), "check it against the SS12000 schema"))
			return false
		}
		return true
	}
	for _, o := range objs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		var keys map[string]json.RawMessage
		_ = json.Unmarshal(o.raw, &keys)
		has := func(k string) bool { _, ok := keys[k]; return ok }
		switch {
		case has("groupMemberships") || has("groupType"):
			var g ssGroup
			if decode(o, &g) {
				groups, groupPos = append(groups, g), append(groupPos, o)
				countUncarried(r.d, o.file, "group", o.raw)
			}
		case has("dutyAt") || has("dutyRole"):
			var d ssDuty
			if decode(o, &d) {
				duties, dutyPos = append(duties, d), append(dutyPos, o)
				countUncarried(r.d, o.file, "duty", o.raw)
			}
		case has("placedAt") || has("child"):
			var p ssPlacement
			if decode(o, &p) {
				placements, placePos = append(placements, p), append(placePos, o)
				countUncarried(r.d, o.file, "placement", o.raw)
			}
		case has("givenName") || has("familyName"):
			var p ssPerson
			if decode(o, &p) {
				if _, dup := persons[p.ID]; !dup {
					personList = append(personList, p.ID)
				}
				persons[p.ID], personPos[p.ID] = p, o
				countUncarried(r.d, o.file, "person", o.raw)
			}
		case has("organisationType") || has("schoolUnitCode"):
			var org ssOrganisation
			if decode(o, &org) {
				orgs[org.ID] = org
				countUncarried(r.d, o.file, "organisation", o.raw)
			}
		case has("activityType") || has("teachers"):
			var a ssActivity
			if decode(o, &a) {
				acts, actPos = append(acts, a), append(actPos, o)
				countUncarried(r.d, o.file, "activity", o.raw)
			}
		default:
			r.d.skip(o.file, 0, fmt.Sprintf("object %d", o.n), "not an SS12000 person, organisation, duty, placement, group or activity")
		}
	}
	// The expansions of persons (_embedded): their duties and placements
	// as if listed, their group memberships as members of those groups,
	// the children they are responsible for as the children's responsibles.
	embeddedGroups := map[string]int{} // group id -> index in groups
	for _, id := range personList {
		p, o := persons[id], personPos[id]
		if p.Embedded == nil {
			continue
		}
		for _, d := range p.Embedded.Duties {
			if d.Person == nil {
				d.Person = &ssRef{ID: id}
			}
			duties, dutyPos = append(duties, d), append(dutyPos, o)
		}
		for _, pl := range p.Embedded.Placements {
			placements, placePos = append(placements, pl), append(placePos, o)
		}
		for _, m := range p.Embedded.GroupMemberships {
			if m.Group == nil {
				continue
			}
			i, ok := embeddedGroups[m.Group.ID]
			if !ok {
				g := *m.Group
				g.GroupMemberships = nil
				i = len(groups)
				embeddedGroups[g.ID] = i
				groups, groupPos = append(groups, g), append(groupPos, o)
			}
			groups[i].GroupMemberships = append(groups[i].GroupMemberships, struct {
				Person *ssRef `json:"person"`
			}{&ssRef{ID: id}})
		}
		for _, child := range p.Embedded.ResponsibleFor {
			if child.Person == nil {
				continue
			}
			if c, ok := persons[child.Person.ID]; ok {
				c.Responsibles = append(c.Responsibles, ssResponsible{Person: &ssRef{ID: id}, RelationType: child.RelationType})
				persons[child.Person.ID] = c
			}
		}
	}

	school := func(ref *ssRef) string {
		if ref == nil {
			return ""
		}
		if org, ok := orgs[ref.ID]; ok && org.SchoolUnitCode != "" {
			return org.SchoolUnitCode
		}
		return ref.ID
	}
	recs := newRecordSet()
	schools := map[string]string{}
	base := func(p ssPerson) syncaudit.SourceRecord {
		first := p.GivenName
		if p.MiddleName != "" {
			first += " " + p.MiddleName // Swedish middle names are given names ("Anna Maria"), kept with the first
		}
		return syncaudit.SourceRecord{SourceID: p.ID, FirstName: first, LastName: p.FamilyName, Email: ssEmail(p)}
	}
	usable := func(p ssPerson, o ssObject) bool {
		switch {
		case p.ID == "":
			r.bad(ssBad(o, "id", "", "the person has no id", "give every person its id"))
			return false
		case p.GivenName == "" || p.FamilyName == "":
			r.bad(ssBad(o, "givenName", p.ID, "the person has no given or family name", "the contract needs a first and a last name"))
			return false
		case p.PersonStatus != "" && !strings.EqualFold(p.PersonStatus, "Aktiv"):
			r.d.skip(o.file, 0, p.ID, "personStatus "+p.PersonStatus)
			return false
		}
		return true
	}
	date := func(o ssObject, field, s string) (syncaudit.Date, bool) {
		d, err := syncaudit.ParseDate(s)
		if err != nil {
			r.bad(ssBad(o, field, s, "the date cannot be read", "write dates as YYYY-MM-DD (RFC 3339)"))
			return "", false
		}
		return d, true
	}
	note := func(ref *ssRef, s string) {
		if ref != nil && s != "" {
			if org, ok := orgs[ref.ID]; ok {
				schools[s] = org.DisplayName
			} else if _, ok := schools[s]; !ok {
				schools[s] = ref.DisplayName
			}
		}
	}
	// addAt adds p's record of kind (and role) at the school at refers to,
	// from start to end; field prefixes the names of the object's date
	// fields in messages.
	addAt := func(o ssObject, p ssPerson, kind syncaudit.Kind, role string, at *ssRef, field, start, end string) {
		from, ok1 := date(o, field+"startDate", start)
		to, ok2 := date(o, field+"endDate", end)
		if !ok1 || !ok2 {
			return
		}
		rec := base(p)
		rec.Kind, rec.School, rec.Role, rec.StartDate, rec.EndDate = kind, school(at), role, from, to
		note(at, rec.School)
		recs.add(rec)
	}
	// Students: enrolments.
	for _, id := range personList {
		p, o := persons[id], personPos[id]
		if !usable(p, o) {
			delete(persons, id)
			continue
		}
		for _, e := range p.Enrolments {
			if e.Cancelled || e.EnroledAt == nil {
				continue
			}
			addAt(o, p, syncaudit.Student, "", e.EnroledAt, "enrolments.", e.StartDate, e.EndDate)
		}
	}
	// Children in preschool and after-school care: placements.
	for i, pl := range placements {
		o := placePos[i]
		if pl.Child == nil || pl.PlacedAt == nil {
			r.bad(ssBad(o, "child", pl.ID, "the placement names no child or no placedAt", "give both"))
			continue
		}
		p, ok := persons[pl.Child.ID]
		if !ok {
			r.d.skip(o.file, 0, pl.Child.ID, "placement's child not among the persons")
			continue
		}
		addAt(o, p, syncaudit.Student, "", pl.PlacedAt, "", pl.StartDate, pl.EndDate)
	}
	// Staff: duties.
	for i, d := range duties {
		o := dutyPos[i]
		if d.Person == nil || d.DutyAt == nil {
			r.bad(ssBad(o, "person", d.ID, "the duty names no person or no dutyAt", "give both"))
			continue
		}
		p, ok := persons[d.Person.ID]
		if !ok {
			r.d.skip(o.file, 0, d.Person.ID, "duty's person not among the persons")
			continue
		}
		addAt(o, p, syncaudit.Staff, d.DutyRole, d.DutyAt, "", d.StartDate, d.EndDate)
	}
	// Guardians: the responsibles of students, at the students' schools.
	for _, id := range personList {
		p, ok := persons[id]
		if !ok {
			continue
		}
		for _, resp := range p.Responsibles {
			if resp.Person == nil {
				continue
			}
			g, ok := persons[resp.Person.ID]
			if !ok {
				r.d.skip(personPos[id].file, 0, resp.Person.ID, "responsible not among the persons")
				continue
			}
			for _, s := range recs.schoolsOf(id, syncaudit.Student) {
				rec := base(g)
				rec.Kind, rec.School = syncaudit.Guardian, s
				recs.add(rec)
			}
		}
	}
	// Groups, written by name (two of one school with one name by name and id).
	var named []namedGroup
	for _, g := range groups {
		name := g.DisplayName
		if name == "" {
			name = g.ID
		}
		named = append(named, namedGroup{g.ID, school(g.Organisation), name})
	}
	groupName := groupNames(named)
	for i, g := range groups {
		o := groupPos[i]
		kind, ok := ssGroupKinds[strings.ToLower(g.GroupType)]
		if !ok {
			r.d.skip(o.file, 0, g.ID, "group type "+g.GroupType+" is not synced")
			continue
		}
		name := groupName[g.ID]
		sch := school(g.Organisation)
		for _, m := range g.GroupMemberships {
			if m.Person == nil {
				continue
			}
			idx := recs.at(m.Person.ID, sch, "")
			if len(idx) == 0 {
				r.d.skip(o.file, 0, m.Person.ID, "group member has no enrolment or duty at the group's school")
				continue
			}
			for _, j := range idx {
				rec := &recs.recs[j]
				if kind == "groups" {
					rec.Groups = appendUnique(rec.Groups, name)
				} else {
					rec.Courses = appendUnique(rec.Courses, name)
				}
			}
		}
	}
	// Activities: the teachers (through their duties) teach the activity's
	// groups, which they get as the members do: Klass, Mentor and
	// Avdelning as groups, Undervisning as courses.
	groupByID := map[string]ssGroup{}
	for _, g := range groups {
		groupByID[g.ID] = g
	}
	dutyByID := map[string]ssDuty{}
	for _, d := range duties {
		dutyByID[d.ID] = d
	}
	for i, a := range acts {
		o := actPos[i]
		if len(a.Teachers) == 0 || len(a.Groups) == 0 {
			r.d.skip(o.file, 0, a.ID, "activity names no teachers or no groups")
			continue
		}
		for _, t := range a.Teachers {
			if t.Duty == nil {
				continue
			}
			d, ok := dutyByID[t.Duty.ID]
			if !ok || d.Person == nil || d.DutyAt == nil {
				r.d.skip(o.file, 0, t.Duty.ID, "activity's teacher duty not among the duties")
				continue
			}
			idx := recs.at(d.Person.ID, school(d.DutyAt), syncaudit.Staff)
			if len(idx) == 0 {
				r.d.skip(o.file, 0, d.Person.ID, "activity's teacher has no record at the duty's school")
				continue
			}
			for _, ref := range a.Groups {
				if ref == nil {
					continue
				}
				g, ok := groupByID[ref.ID]
				if !ok {
					r.d.skip(o.file, 0, ref.ID, "activity's group not among the groups")
					continue
				}
				kind, ok := ssGroupKinds[strings.ToLower(g.GroupType)]
				if !ok {
					continue // its type is not synced, skipped with the group
				}
				name := groupName[g.ID]
				for _, j := range idx {
					rec := &recs.recs[j]
					if kind == "groups" {
						rec.Groups = appendUnique(rec.Groups, name)
					} else {
						rec.Courses = appendUnique(rec.Courses, name)
					}
				}
			}
		}
	}
	// Persons with no enrolment, placement, duty or student.
	placed := map[string]bool{}
	for _, rec := range recs.recs {
		placed[rec.SourceID] = true
	}
	for _, id := range personList {
		if _, ok := persons[id]; ok && !placed[id] {
			r.d.skip(personPos[id].file, 0, id, "person has no enrolment, placement or duty, and is no student's responsible")
		}
	}
	res := &Result{Records: recs.recs}
	for code, name := range schools {
		res.Schools = append(res.Schools, newSchool(code, name))
	}
	return res, nil
}

// ssEmail picks the person's school e-mail: the first whose type starts
// with "Skola", else the first eduPersonPrincipalName; a private address is
// never taken.
func ssEmail(p ssPerson) string {
	for _, e := range p.Emails {
		if strings.HasPrefix(strings.ToLower(e.Type), "skola") && e.Value != "" {
			return e.Value
		}
	}
	if len(p.EduPersonPrincipalNames) > 0 {
		return p.EduPersonPrincipalNames[0]
	}
	return ""
}

// readSSObjects reads every .json file at in (a folder, or one file) into
// its objects, in file-name order.
func readSSObjects(in string) ([]ssObject, error) {
	st, err := os.Stat(in)
	if err != nil {
		return nil, &syncaudit.InputError{File: in, Problem: "the export cannot be opened", Fix: "give --in the SS12000 folder or file"}
	}
	files := []string{in}
	root := filepath.Dir(in)
	if st.IsDir() {
		root = in
		files = nil
		err := filepath.WalkDir(in, func(path string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.EqualFold(filepath.Ext(path), ".json") {
				files = append(files, path)
			}
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", in, err)
		}
		sort.Strings(files)
		if len(files) == 0 {
			return nil, &syncaudit.InputError{File: in, Problem: "the folder holds no .json files", Fix: "give --in the folder of the SS12000 export"}
		}
	}
	var objs []ssObject
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", path, err)
		}
		name := rel(root, path)
		data = bytes.TrimPrefix(data, []byte("\uFEFF"))
		var top any
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		if err := dec.Decode(&top); err != nil {
			return nil, &syncaudit.InputError{File: name, Line: jsonLine(data, err), Problem: "the file is not valid JSON: " + err.Error(), Fix: "export it again"}
		}
		var raws []json.RawMessage
		switch top.(type) {
		case []any:
			if err := json.Unmarshal(data, &raws); err != nil {
				return nil, fmt.Errorf("read %s: %w", name, err)
			}
		case map[string]any:
			var page map[string]json.RawMessage
			if err := json.Unmarshal(data, &page); err != nil {
				return nil, fmt.Errorf("read %s: %w", name, err)
			}
			lists := 0
			if _, single := page["id"]; single {
				// One object (an activity's "groups" are references, not a list to read).
				raws = []json.RawMessage{data}
				break
			}
			for _, key := range []string{"data", "persons", "organisations", "duties", "placements", "groups", "activities"} {
				var list []json.RawMessage
				if raw, ok := page[key]; ok && json.Unmarshal(raw, &list) == nil {
					raws = append(raws, list...)
					lists++
				}
			}
			if lists == 0 {
				raws = []json.RawMessage{data}
			}
		default:
			return nil, &syncaudit.InputError{File: name, Line: 1, Problem: "the file holds neither an object nor an array", Fix: "export SS12000 objects as JSON"}
		}
		for i, raw := range raws {
			objs = append(objs, ssObject{file: name, n: i + 1, raw: raw})
		}
	}
	return objs, nil
}

// ssBad builds an input error about one object of an SS12000 file. JSON has
// no rows, so the message names the object's position in its file.
func ssBad(o ssObject, field, value, problem, fix string) *syncaudit.InputError {
	return &syncaudit.InputError{File: o.file, Column: field, Value: value, Problem: fmt.Sprintf("object %d: %s", o.n, problem), Fix: fix}
}

// jsonLine returns the line of a JSON syntax error, or 0.
func jsonLine(data []byte, err error) int {
	var se *json.SyntaxError
	if errors.As(err, &se) && se.Offset <= int64(len(data)) {
		return bytes.Count(data[:se.Offset], []byte("\n")) + 1
	}
	return 0
}
