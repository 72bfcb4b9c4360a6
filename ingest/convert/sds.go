package convert

import (
	"context"
	"os"
	"strings"

	"github.com/syncaudit/syncaudit"
)

// convertSDS reads a Microsoft School Data Sync export: the v1 CSV files
// (School, Student, Teacher, Section, StudentEnrollment, TeacherRoster; also
// the UK spelling with "ID" and "DfE Number"), or the v2/v2.1 files that
// follow OneRoster (orgs, users, roles, classes, courses, enrollments,
// relationships).
func convertSDS(ctx context.Context, r *run, dir string) (*Result, error) {
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, &syncaudit.InputError{File: dir, Problem: "a School Data Sync export is a folder of CSV files", Fix: "give --in the folder that holds Student.csv (v1) or users.csv (v2, v2.1)"}
	}
	switch {
	case findFile(dir, "Student.csv") != "" || findFile(dir, "Teacher.csv") != "":
		return convertSDSv1(ctx, r, dir)
	case findFile(dir, "users.csv") != "":
		return convertSDSv2(ctx, r, dir)
	}
	return nil, &syncaudit.InputError{File: dir, Problem: "the folder holds neither Student.csv/Teacher.csv (SDS v1) nor users.csv (SDS v2, v2.1)", Fix: "give --in the folder of the School Data Sync export"}
}

// convertSDSv2 reads SDS v2 (users.csv with role and orgSourcedIds) and v2.1
// (users.csv with roles.csv), whose files follow OneRoster; v2.1 adds
// relationships.csv, whose guardians become guardian records at the schools
// of their students.
func convertSDSv2(ctx context.Context, r *run, dir string) (*Result, error) {
	ro := newRoster(r, dir)
	if err := ro.readManifest(); err != nil {
		return nil, err
	}
	if err := ro.read(ctx); err != nil {
		return nil, err
	}
	if err := ro.readRelationships(); err != nil {
		return nil, err
	}
	ro.unread(append(rosterFiles, "relationships.csv", "manifest.csv")...)
	return ro.result(), nil
}

// readRelationships reads SDS v2.1 relationships.csv: a guardian (or parent)
// of a student becomes a guardian record at each school of the student.
func (ro *roster) readRelationships() error {
	t, ok, err := ro.open("relationships.csv")
	if err != nil || !ok {
		return err
	}
	child, err := t.need("the student", "userSourcedId")
	if err != nil {
		return err
	}
	adult, err := t.need("the related person", "relationshipUserSourcedId")
	if err != nil {
		return err
	}
	role, err := t.need("how they are related", "relationshipRole")
	if err != nil {
		return err
	}
	for _, row := range t.rows {
		cid, aid := cell(row, child), cell(row, adult)
		if kind, _ := rosterKind(cell(row, role)); kind != syncaudit.Guardian {
			ro.r.d.skip(t.file, row.Line, aid, "relationship "+cell(row, role)+" is not a guardian")
			continue
		}
		u, ok := ro.users[aid]
		if !ok {
			ro.skipUnknownUser(t, row, aid)
			continue
		}
		schools := ro.recs.schoolsOf(cid, syncaudit.Student)
		if len(schools) == 0 {
			ro.r.d.skip(t.file, row.Line, aid, "the guardian's student has no school")
			continue
		}
		for _, s := range schools {
			ro.add(aid, u, s, syncaudit.Guardian, "", "", "")
		}
	}
	t.dropColumns(ro.r.d)
	return nil
}

// sdsSection is one SDS v1 section: a class at a school, with its course.
type sdsSection struct {
	name, school, course string
}

// convertSDSv1 reads the six SDS v1 CSV files. Students and teachers become
// records at their school; sections become groups (Section Name) and courses
// (Course Name) through StudentEnrollment and TeacherRoster. Rows whose
// Status is set and not Active are left out.
func convertSDSv1(ctx context.Context, r *run, dir string) (*Result, error) {
	ro := newRoster(r, dir)
	// School.csv: SIS ID (UK: DfE Number), Name.
	if t, ok, err := ro.open("School.csv"); err != nil {
		return nil, err
	} else if ok {
		id, err := t.need("the school's code", "SIS ID", "DfE Number")
		if err != nil {
			return nil, err
		}
		name := t.col("Name")
		for _, row := range t.rows {
			ro.orgs[cell(row, id)] = cell(row, name)
		}
		t.dropColumns(r.d)
	}
	for _, p := range []struct {
		file string
		kind syncaudit.Kind
	}{{"Student.csv", syncaudit.Student}, {"Teacher.csv", syncaudit.Staff}} {
		t, ok, err := ro.open(p.file)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		if err := ro.readSDSPeople(ctx, t, p.kind); err != nil {
			return nil, err
		}
	}
	sections := map[string]sdsSection{}
	if t, ok, err := ro.open("Section.csv"); err != nil {
		return nil, err
	} else if ok {
		id, err := t.need("the section's key", "SIS ID", "ID")
		if err != nil {
			return nil, err
		}
		school, err := t.need("the section's school", "School SIS ID", "School DfE Number")
		if err != nil {
			return nil, err
		}
		name, err := t.need("the section's name", "Section Name")
		if err != nil {
			return nil, err
		}
		course, st := t.col("Course Name"), t.col("Status")
		var named []namedGroup
		for _, row := range t.rows {
			if s := cell(row, st); s != "" && !strings.EqualFold(s, "active") {
				r.d.skip(t.file, row.Line, cell(row, id), "section status "+s)
				continue
			}
			sections[cell(row, id)] = sdsSection{name: cell(row, name), school: cell(row, school), course: cell(row, course)}
			named = append(named, namedGroup{cell(row, id), cell(row, school), cell(row, name)})
		}
		for sid, n := range groupNames(named) {
			sec := sections[sid]
			sec.name = n
			sections[sid] = sec
		}
		t.dropColumns(r.d)
	}
	for _, p := range []struct {
		file string
		kind syncaudit.Kind
	}{{"StudentEnrollment.csv", syncaudit.Student}, {"TeacherRoster.csv", syncaudit.Staff}} {
		t, ok, err := ro.open(p.file)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		sec, err := t.need("the section", "Section SIS ID", "Section ID")
		if err != nil {
			return nil, err
		}
		who, err := t.need("the person", "SIS ID", "ID")
		if err != nil {
			return nil, err
		}
		for _, row := range t.rows {
			s, ok := sections[cell(row, sec)]
			pid := cell(row, who)
			if !ok {
				r.d.skip(t.file, row.Line, pid, "section not in Section.csv")
				continue
			}
			idx := ro.recs.at(pid, s.school, p.kind)
			if len(idx) == 0 {
				r.d.skip(t.file, row.Line, pid, "person not at the section's school in "+map[syncaudit.Kind]string{syncaudit.Student: "Student.csv", syncaudit.Staff: "Teacher.csv"}[p.kind])
				continue
			}
			for _, i := range idx {
				rec := &ro.recs.recs[i]
				rec.Groups = appendUnique(rec.Groups, s.name)
				rec.Courses = appendUnique(rec.Courses, s.course)
			}
		}
		t.dropColumns(r.d)
	}
	ro.unread("School.csv", "Student.csv", "Teacher.csv", "Section.csv", "StudentEnrollment.csv", "TeacherRoster.csv")
	return ro.result(), nil
}

// readSDSPeople reads Student.csv or Teacher.csv of SDS v1.
func (ro *roster) readSDSPeople(ctx context.Context, t *table, kind syncaudit.Kind) error {
	id, err := t.need("the person's key", "SIS ID", "ID")
	if err != nil {
		return err
	}
	school, err := t.need("the person's school", "School SIS ID", "School DfE Number")
	if err != nil {
		return err
	}
	first, err := t.need("the contract needs first names; the minimal SDS files lack them", "First Name")
	if err != nil {
		return err
	}
	last, err := t.need("the contract needs last names; the minimal SDS files lack them", "Last Name")
	if err != nil {
		return err
	}
	st := t.col("Status")
	title := -1
	if kind == syncaudit.Staff {
		title = t.col("Title")
	}
	for _, row := range t.rows {
		if ro.r.tooMany() {
			break
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		pid := cell(row, id)
		if s := cell(row, st); s != "" && !strings.EqualFold(s, "active") {
			ro.r.d.skip(t.file, row.Line, pid, "status "+s)
			continue
		}
		switch {
		case pid == "":
			ro.r.bad(t.bad(row, id, "the person has no SIS ID", "give every person its key"))
			continue
		case cell(row, school) == "":
			ro.r.bad(t.bad(row, school, "the person has no school", "give every person its School SIS ID"))
			continue
		case cell(row, first) == "":
			ro.r.bad(t.bad(row, first, "the person has no first name", "the contract needs a first and a last name"))
			continue
		case cell(row, last) == "":
			ro.r.bad(t.bad(row, last, "the person has no last name", "the contract needs a first and a last name"))
			continue
		}
		ro.add(pid, rosterUser{first: cell(row, first), last: cell(row, last), line: row.Line}, cell(row, school), kind, cell(row, title), "", "")
	}
	t.dropColumns(ro.r.d)
	return nil
}
