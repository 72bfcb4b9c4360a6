package convert

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/ingest/mapping"
	"github.com/syncaudit/syncaudit/internal/testtree"
)

// realdata returns the path of a real public export in ../shared/realdata
// (seen from the repository root), or skips the test when it is absent.
func realdata(tb testing.TB, rel string) string {
	tb.Helper()
	return testtree.RealData(tb, rel)
}

// find returns the record of a person at a school.
func find(tb testing.TB, res *Result, id, school string) syncaudit.SourceRecord {
	tb.Helper()
	for _, r := range res.Records {
		if r.SourceID == id && r.School == school {
			return r
		}
	}
	tb.Fatalf("no record of %s at %s among %d records", id, school, len(res.Records))
	return syncaudit.SourceRecord{}
}

// rec builds an expected record; groups and courses are given as "a|b".
func rec(id, school string, kind syncaudit.Kind, role, first, last, email, groups, courses string, start, end syncaudit.Date) syncaudit.SourceRecord {
	split := func(s string) []string {
		if s == "" {
			return nil
		}
		return strings.Split(s, "|")
	}
	return syncaudit.SourceRecord{Source: syncaudit.SIS, SourceID: id, School: school, Kind: kind, Role: role,
		FirstName: first, LastName: last, Email: email, Groups: split(groups), Courses: split(courses), StartDate: start, EndDate: end}
}

// same compares a record without its line.
func same(got, want syncaudit.SourceRecord) bool {
	got.Line = 0
	if len(got.Groups) == 0 {
		got.Groups = nil
	}
	if len(got.Courses) == 0 {
		got.Courses = nil
	}
	return reflect.DeepEqual(got, want)
}

// TestConvertRealExports runs every converter on the matching real exports
// and checks the record counts, skipped rows and a few known values.
func TestConvertRealExports(t *testing.T) {
	tests := []struct {
		name    string
		format  Format
		in      string
		records int
		schools map[string]string // school code -> name
		// notSchools are orgs that are not schools: code -> type.
		notSchools map[string]string
		notes      map[string]int
		reasons    map[string]int
		// withoutManifest reads the export's files but its manifest.csv
		// (a delta bundle, refused as it is: TestDeltaBundleRefused).
		withoutManifest bool
		known           []syncaudit.SourceRecord
		columns         map[string]map[string]int // a few dropped columns with their counts
	}{
		{
			name: "OneRoster 1.1 full data set", format: OneRoster, in: "oneroster-1.1/moodle_Test_full_data_set", records: 6,
			// The only org is a department: its people are kept, but it is not made a school.
			notSchools: map[string]string{"org-sch-222-456": "department"},
			reasons:    map[string]int{"class status tobedeleted": 1, "class left out (status tobedeleted)": 3},
			known: []syncaudit.SourceRecord{
				rec("usr-222-123456", "org-sch-222-456", syncaudit.Staff, "teacher", "John", "Doe", "john.doe@myschool.com", "Introduction to Physics", "", "", ""),
				rec("usr-222-1234561", "org-sch-222-456", syncaudit.Guardian, "", "Thomas", "Jones", "thomas.jones@testemail.com", "", "", "", ""),
				rec("usr-222-1234561232", "org-sch-222-456", syncaudit.Student, "", "mmichel", "Jones", "mmichel.jones2@myschool.com", "Introduction to Physics", "", "", ""),
			},
			columns: map[string]map[string]int{"users.csv": {"password": 6, "middleName": 6}},
		},
		{
			name: "OneRoster 1.1 minimal data set", format: OneRoster, in: "oneroster-1.1/moodle_Test_minimal_data_set", records: 6,
			reasons: map[string]int{},
			known: []syncaudit.SourceRecord{
				rec("usr-222-123456", "org-sch-222-456", syncaudit.Staff, "teacher", "John", "Doe", "", "Introduction to Physics|History - 2", "", "", ""),
			},
		},
		{
			name: "OneRoster 1.1 with vendor columns in another order", format: OneRoster, in: "oneroster-1.1/oat-sa_OneRosterv1p1BaseCSV", records: 2,
			schools: map[string]string{"12345": "School 1", "54321": "School 2"},
			reasons: map[string]int{},
			known: []syncaudit.SourceRecord{
				rec("user1", "12345", syncaudit.Student, "", "ionut", "padurariu", "", "Class 1 title|Class 2 title", "", "", ""),
				rec("user2", "54321", syncaudit.Student, "", "ionut2", "padurariu", "", "Class 3 title", "", "", ""),
			},
			columns: map[string]map[string]int{"users.csv": {"ext_tao_userMotherName": 1}},
		},
		{
			name: "OneRoster 1.2 with roles.csv and courses", format: OneRoster, in: "oneroster-1.2/moodle_oneroster_test_data", records: 1, withoutManifest: true,
			schools: map[string]string{"ORG_1": "Gotham High School"},
			reasons: map[string]int{},
			known: []syncaudit.SourceRecord{
				rec("USER_0", "ORG_1", syncaudit.Student, "", "Bruce", "Wayne", "", "Basic Detection", "Crime Fighting 101", "", ""),
			},
		},
		{
			name: "OneRoster 1.2 with header typos and short role rows", format: OneRoster, in: "oneroster-1.2/moodle_v1p2_full_dataset", records: 6,
			reasons: map[string]int{
				"class status tobedeleted": 1, "class left out (status tobedeleted)": 3,
				"also guardian at the same school: one record per person and school, the staff record is kept": 1,
			},
			known: []syncaudit.SourceRecord{
				rec("usr-222-123456", "org-sch-222-456", syncaudit.Staff, "teacher", "John", "Doe", "john.doe@myschool.com", "Introduction to Physics", "", "2024-03-06", "2025-09-23"),
				rec("usr-222-1234561", "org-sch-222-456", syncaudit.Staff, "siteAdministrator", "Thomas", "Jones", "thomas.jones@testemail.com", "", "", "2024-03-06", "2025-09-23"),
			},
			// The misspelt headers are reported, not silently read or refused.
			columns: map[string]map[string]int{"users.csv": {"prefferedGivenName": 2}, "roles.csv": {"dataLastModified": 7}},
		},
		{
			name: "SDS v1, 25 users", format: SDS, in: "sds-v1/25-users", records: 24,
			schools: map[string]string{"10001": "Contoso High School"},
			reasons: map[string]int{},
			known: []syncaudit.SourceRecord{
				rec("13001", "10001", syncaudit.Student, "", "Ora", "Klein", "", "Math - Algebra 1|Math - Algebra 2", "Math 101|Math 102", "", ""),
				rec("14002", "10001", syncaudit.Staff, "", "Daisy", "Todd", "", "Math - Algebra 2", "Math 102", "", ""),
			},
			columns: map[string]map[string]int{"Student.csv": {"Password": 22, "Username": 22}},
		},
		{
			name: "SDS v1, 100 users", format: SDS, in: "sds-v1/100-users", records: 98,
			schools: map[string]string{"10001": "Contoso High School", "10002": "Fabrikam High School"},
			reasons: map[string]int{},
		},
		{
			name: "SDS v1, UK spelling, full attributes", format: SDS, in: "sds-v1-uk/full-attributes-2018", records: 122,
			reasons: map[string]int{},
			known: []syncaudit.SourceRecord{
				rec("14012", "10002", syncaudit.Staff, "", "Susana", "Rocha", "", "Health 1|Science - Biology 2", "Health 501|Science 402", "", ""),
			},
		},
		{
			name: "SDS v2", format: SDS, in: "sds-v2", records: 30,
			reasons:    map[string]int{},
			schools:    map[string]string{"10001": "Contoso Middle School", "10003": "College of Higher Learning"},
			notSchools: map[string]string{},
			notes:      map[string]int{"roles made from an enrollment at the class's school (the user's orgs do not list it)": 1},
			known: []syncaudit.SourceRecord{
				rec("13001", "10001", syncaudit.Student, "", "Ora", "Klein", "", "Math - Algebra 1", "", "", ""),
				// orgSourcedIds lists 10001 only; the enrollment in a class of 10002 is a role there.
				rec("13007", "10002", syncaudit.Student, "", "Ronald", "Lees", "", "Math - Algebra 2", "", "", ""),
			},
		},
		{
			name: "SDS v2.1 with roles and relationships", format: SDS, in: "sds-v2.1", records: 10,
			reasons:    map[string]int{"relationship relative is not a guardian": 1},
			notSchools: map[string]string{"110002": "department", "110004": "ministryofeducation"},
			notes:      map[string]int{"roles made from an enrollment at the class's school (the user's orgs do not list it)": 1},
			known: []syncaudit.SourceRecord{
				rec("114001", "110003", syncaudit.Student, "", "Jack", "Craig", "", "Biology 10", "Biology 10 2021", "2021-08-24", "2022-06-11"),
				rec("114002", "110003", syncaudit.Guardian, "", "Jean", "Craig", "jean.craig@outlook.com", "", "", "", ""),
				rec("114006", "110002", syncaudit.Staff, "professor", "Jason", "Jonzer", "", "", "", "2021-09-01", "2021-12-01"),
				// A professor of the department teaches a class of the college.
				rec("114006", "110001", syncaudit.Staff, "professor", "Jason", "Jonzer", "", "Computer Science 101", "Computer Science 101", "", ""),
			},
		},
		{
			name: "SS12000 reference sample", format: SS12000, in: "ss12000/skolverket-dnp-reference-api", records: 1,
			reasons: map[string]int{"group member has no enrolment or duty at the group's school": 1, "activity's teacher duty not among the duties": 1},
			known: []syncaudit.SourceRecord{
				// middleName is a given name, kept with the first.
				rec("123456789", "fa592db1-912b-57fe-8cf6-df5f81522f01", syncaudit.Student, "", "Given Name Test Middle Name Test", "Family Name Test", "elev1@soderhavetsgymnasium.se", "", "", "", ""),
			},
			// Every field not carried is counted, nested ones under their path.
			columns: map[string]map[string]int{
				"person.json":     {"civicNo": 1, "enrolments.schoolYear": 1, "enrolments.schoolType": 1, "enrolments.educationCode": 1, "enrolments.programme": 1, "enrolments.specification": 1},
				"activity.json":   {"parentActivity": 1},
				"group_json.json": {"schoolType": 1},
			},
		},
		{
			name: "HelloID HR export", format: HelloID, in: "hr-export/helloid-csv-demo", records: 33,
			reasons: map[string]int{
				"person blocked in HR": 2, "contract of a person left out": 2,
				"a second record of the person at the same school, merged into the first (earliest start, latest end, role of the latest start)": 1,
			},
			schools: map[string]string{"EN_ICT": "ICT", "EN_HR": "Human resources"},
			known: []syncaudit.SourceRecord{
				// Two contracts at EN: one record from the first start, open-ended.
				rec("AmirA", "EN", syncaudit.Staff, "EN", "Amir", "Atkinson", "Amir.Atkinson@domain.local", "", "", "2013-06-18", ""),
				// PreferredNaming 1: the partner's name.
				rec("BiancaM", "EN_CO", syncaudit.Staff, "EN_DIREC", "Bianca", "Hartman", "Bianca.Munoz@domain.local", "", "", "2006-02-13", ""),
				rec("RashadW", "EN_SYSO", syncaudit.Staff, "EN_MANA", "Rashad", "Wong", "Rashad.Wong@domain.local", "", "", "2014-07-10", "2015-08-04"),
			},
			columns: map[string]map[string]int{"T4E_HELLOID_Persons.csv": {"DateOfBirth": 33, "Street": 34}, "T4E_HelloID_Contracts.csv": {"FTE": 36}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := realdata(t, tt.in)
			if tt.withoutManifest {
				in = withoutManifest(t, in)
			}
			res, err := Convert(context.Background(), tt.format, in, Options{Source: syncaudit.SIS})
			if err != nil {
				t.Fatalf("Convert() error = %v", err)
			}
			if got := len(res.Records); got != tt.records || res.Dropped.Records != tt.records {
				t.Errorf("records = %d (dropped report says %d), want %d", got, res.Dropped.Records, tt.records)
			}
			if !reflect.DeepEqual(res.Dropped.Reasons, tt.reasons) {
				t.Errorf("skipped rows per reason = %v, want %v", res.Dropped.Reasons, tt.reasons)
			}
			for _, want := range tt.known {
				if got := find(t, res, want.SourceID, want.School); !same(got, want) {
					t.Errorf("record of %s at %s =\n%+v\nwant\n%+v", want.SourceID, want.School, got, want)
				}
			}
			names := map[string]string{}
			for _, s := range res.Schools {
				names[s.ID] = s.Name
			}
			for code, name := range tt.schools {
				if got, ok := names[code]; !ok || got != name {
					t.Errorf("school %s = %q (listed %v), want %q", code, got, ok, name)
				}
			}
			if tt.notSchools != nil {
				got := map[string]string{}
				for code, ns := range res.Dropped.NotSchools {
					got[code] = ns.Type
					if _, listed := names[code]; listed {
						t.Errorf("org %s (%s) is listed as a school", code, ns.Type)
					}
				}
				if !reflect.DeepEqual(got, tt.notSchools) {
					t.Errorf("orgs that are not schools = %v, want %v", got, tt.notSchools)
				}
			}
			if tt.notes != nil && !reflect.DeepEqual(res.Dropped.Notes, tt.notes) {
				t.Errorf("notes = %v, want %v", res.Dropped.Notes, tt.notes)
			}
			for file, cols := range tt.columns {
				for col, n := range cols {
					if got := res.Dropped.Columns[file][col]; got != n {
						t.Errorf("dropped %s %s = %d, want %d", file, col, got, n)
					}
				}
			}
			seen := map[[2]string]bool{}
			for _, r := range res.Records {
				k := [2]string{r.SourceID, r.School}
				if seen[k] {
					t.Errorf("%s is listed twice at %s: ingest would refuse the table", r.SourceID, r.School)
				}
				seen[k] = true
				if r.Source != syncaudit.SIS || r.FirstName == "" || r.LastName == "" || r.Kind == "" {
					t.Errorf("record %+v lacks a required value", r)
				}
			}
		})
	}
}

// TestConvertSS12000 converts a hand-made SS12000 set with every object type:
// students by enrolment and placement, staff by duty, guardians by the
// students' responsibles, classes and teaching groups.
func TestConvertSS12000(t *testing.T) {
	res, err := Convert(context.Background(), SS12000, filepath.Join("testdata", "ss12000"), Options{Source: syncaudit.SIS})
	if err != nil {
		t.Fatal(err)
	}
	want := []syncaudit.SourceRecord{
		rec("p-s1", "12345678", syncaudit.Student, "", "Astrid", "Lind", "astrid.lind@skola.se", "7A", "MA7", "2024-08-15", ""),
		rec("p-c1", "87654321", syncaudit.Student, "", "Ebba", "Holm", "", "", "", "2025-01-07", ""),
		rec("p-t1", "12345678", syncaudit.Staff, "Lärare", "Karin", "Ek", "karin.ek@skola.se", "7A", "", "2020-01-01", ""),
		rec("p-g1", "12345678", syncaudit.Guardian, "", "Sven", "Lind", "", "", "", "", ""),
	}
	if len(res.Records) != len(want) {
		t.Fatalf("records = %+v, want %d", res.Records, len(want))
	}
	for i := range want {
		if !same(res.Records[i], want[i]) {
			t.Errorf("record %d =\n%+v\nwant\n%+v", i, res.Records[i], want[i])
		}
	}
	wantReasons := map[string]int{
		"group type Schema is not synced": 1,
		"personStatus Utvandrad":          1,
		"person has no enrolment, placement or duty, and is no student's responsible": 1,
	}
	if !reflect.DeepEqual(res.Dropped.Reasons, wantReasons) {
		t.Errorf("reasons = %v, want %v", res.Dropped.Reasons, wantReasons)
	}
	wantSchools := []syncaudit.School{newSchool("12345678", "Södra skolan"), newSchool("87654321", "Norra förskolan")}
	if !reflect.DeepEqual(res.Schools, wantSchools) {
		t.Errorf("schools = %+v, want %+v", res.Schools, wantSchools)
	}
}

// TestSchoolMap renames school codes, merges what becomes one school, and
// counts the codes the map does not list.
func TestSchoolMap(t *testing.T) {
	in := realdata(t, "hr-export/helloid-csv-demo")
	sm, err := ReadSchoolMap(filepath.Join("testdata", "school-map.csv"), "school-map.csv")
	if err != nil {
		t.Fatal(err)
	}
	res, err := Convert(context.Background(), HelloID, in, Options{Source: syncaudit.HR, SchoolMap: sm})
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for _, r := range res.Records {
		counts[r.School]++
		if r.Source != syncaudit.HR {
			t.Errorf("record %s has source %q, want hr", r.SourceID, r.Source)
		}
	}
	// EN (AmirA, ElifO) and EN_ICT (BethanyC) become 12AB; EN_HR (four people) 34CD.
	if counts["12AB"] != 3 || counts["34CD"] != 4 {
		t.Errorf("records per school = %v, want 12AB: 3, 34CD: 4", counts)
	}
	if res.Dropped.UnmappedSchools["EN_DEV"] != 2 {
		t.Errorf("unmapped schools = %v, want EN_DEV: 2 among them", res.Dropped.UnmappedSchools)
	}
	ids := map[string]bool{}
	for _, s := range res.Schools {
		ids[s.ID] = true
	}
	if !ids["12AB"] || !ids["34CD"] || ids["EN"] || ids["EN_ICT"] {
		t.Errorf("schools = %v, want 12AB and 34CD in place of EN, EN_ICT and EN_HR", ids)
	}

	for _, bad := range []struct{ name, content, want string }{
		{"one column", "old,new\nEN\n", "the row has 1 fields"},
		{"empty code", "old,new\nEN,\n", "needs two codes"},
		{"renamed twice", "EN,12AB\nEN,34CD\n", "renamed twice"},
	} {
		t.Run(bad.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "map.csv")
			if err := os.WriteFile(path, []byte(bad.content), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := ReadSchoolMap(path, "map.csv")
			var ie *syncaudit.InputError
			if !errors.As(err, &ie) || ie.File != "map.csv" || ie.Line != 2 || !strings.Contains(ie.Problem, bad.want) {
				t.Errorf("ReadSchoolMap() error = %v, want map.csv line 2: %s", err, bad.want)
			}
		})
	}
}

// TestConvertBrokenExports: the deliberately broken real files, and a few
// hand-made ones, give an input error that names file, line, column and
// value; never a panic, never silent garbage.
func TestConvertBrokenExports(t *testing.T) {
	writeDir := func(t *testing.T, files map[string]string) string {
		dir := t.TempDir()
		for name, content := range files {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return dir
	}
	const persons = "EmployeeCode;FirstName;LastName;Blocked\nE1;Ann;Smit;FALSE\nE2;Bo;Berg;FALSE\n"
	tests := []struct {
		name    string
		format  Format
		in      func(t *testing.T) string
		mapping string
		want    syncaudit.InputError
		problem string
	}{
		{
			name: "OneRoster-like table without orgSourcedIds", format: OneRoster,
			in:   func(t *testing.T) string { return realdata(t, "oneroster-like-mock/vossenv-oneroster-api-mock/data") },
			want: syncaudit.InputError{File: "users.csv", Line: 1, Column: "orgSourcedIds"}, problem: "the header has no orgSourcedIds column",
		},
		{
			name: "OneRoster REST JSON is not bulk CSV", format: OneRoster,
			in:   func(t *testing.T) string { return realdata(t, "oneroster-1.1-rest-json/1edtech_or11_1574845678") },
			want: syncaudit.InputError{}, problem: "no users.csv",
		},
		{
			name: "SDS minimal files have no names", format: SDS,
			in:   func(t *testing.T) string { return realdata(t, "sds-v1/min-required") },
			want: syncaudit.InputError{File: "Student.csv", Line: 1, Column: "First Name"}, problem: "the header has no First Name column",
		},
		{
			name: "SDS UK minimal files have no names", format: SDS,
			in:   func(t *testing.T) string { return realdata(t, "sds-v1-uk/min-required") },
			want: syncaudit.InputError{File: "Student.csv", Line: 1, Column: "First Name"}, problem: "minimal SDS files lack them",
		},
		{
			name: "ragged rows of the Adobe fixture", format: CSV,
			in: func(t *testing.T) string {
				return realdata(t, "identity-sync-input/adobe-user-sync/tests-fixture/test_csv_data.csv")
			},
			mapping: "table: accounts\ncolumns:\n  account_id: email\n  username: email\n  first_name: firstname\n  last_name: lastname\n  status: {value: active}\n  schools: {value: 12AB}\n",
			want:    syncaudit.InputError{Line: 2}, problem: "the row has 6 fields and the header 10",
		},
		{
			name: "an odd date in the real HR contracts, read by a mapping", format: CSV,
			in:      func(t *testing.T) string { return realdata(t, "hr-export/helloid-csv-demo/T4E_HelloID_Contracts.csv") },
			mapping: "table: hr\ncolumns:\n  source_id: EmployeeCode\n  school: OrganizationalUnit\n  kind: {value: staff}\n  first_name: EmployeeCode\n  last_name: EmployeeCode\n  start_date: {column: ContractStartDate, date: D-M-YYYY}\n",
			want:    syncaudit.InputError{Line: 27, Column: "ContractStartDate", ColumnIndex: 6, Value: "8-17-2005"}, problem: "not a date in the format D-M-YYYY",
		},
		{
			name: "a HelloID contract with an odd date", format: HelloID,
			in: func(t *testing.T) string {
				return writeDir(t, map[string]string{"Persons.csv": persons,
					"Contracts.csv": "EmployeeCode;OrganizationalUnit;FunctionCode;ContractStartDate;ContractEndDate\nE1;12AB;LKR;1-8-2020;\nE2;12AB;LKR;8-17-2005;\n"})
			},
			want: syncaudit.InputError{File: "Contracts.csv", Line: 3, Column: "ContractStartDate", ColumnIndex: 4, Value: "8-17-2005"}, problem: "start date cannot be read",
		},
		{
			name: "a quote that does not close", format: HelloID,
			in: func(t *testing.T) string {
				return writeDir(t, map[string]string{"Persons.csv": persons,
					"Contracts.csv": "EmployeeCode;OrganizationalUnit;FunctionCode\nE1;\"12AB;LKR\nE2;12AB;LKR\n"})
			},
			want: syncaudit.InputError{File: "Contracts.csv", Line: 2, ColumnIndex: 13}, problem: "cannot be read as CSV",
		},
		{
			name: "an unknown OneRoster role", format: OneRoster,
			in: func(t *testing.T) string {
				return writeDir(t, map[string]string{"users.csv": "sourcedId,enabledUser,orgSourcedIds,role,givenName,familyName\nu1,true,o1,wizard,Ann,Smit\n"})
			},
			want: syncaudit.InputError{File: "users.csv", Line: 2, Column: "role", ColumnIndex: 4, Value: "wizard"}, problem: "not a OneRoster role",
		},
		{
			name: "enabledUser that is no boolean", format: OneRoster,
			in: func(t *testing.T) string {
				return writeDir(t, map[string]string{"users.csv": "sourcedId,enabledUser,orgSourcedIds,role,givenName,familyName\nu1,maybe,o1,student,Ann,Smit\n"})
			},
			want: syncaudit.InputError{File: "users.csv", Line: 2, Column: "enabledUser", ColumnIndex: 2, Value: "maybe"}, problem: "not true or false",
		},
		{
			name: "SS12000 that is not JSON", format: SS12000,
			in: func(t *testing.T) string {
				return writeDir(t, map[string]string{"persons.json": "[\n{\"id\": \"p1\",\n \"givenName\": }\n]"})
			},
			want: syncaudit.InputError{File: "persons.json", Line: 3}, problem: "not valid JSON",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opt := Options{Source: syncaudit.SIS}
			if tt.mapping != "" {
				m, err := mapping.Parse("test.mapping.yaml", []byte(tt.mapping))
				if err != nil {
					t.Fatal(err)
				}
				opt.Mapping = m
			}
			in := tt.in(t)
			res, err := Convert(context.Background(), tt.format, in, opt)
			var ie *syncaudit.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("Convert() = %v, %v; want an *InputError", res, err)
			}
			want := tt.want
			if want.File == "" {
				want.File = in
			}
			got := syncaudit.InputError{File: ie.File, Line: ie.Line, Column: ie.Column, ColumnIndex: ie.ColumnIndex, Value: ie.Value}
			if got != want || !strings.Contains(ie.Problem, tt.problem) {
				t.Errorf("error = %+v %q\nwant %+v with %q", got, ie.Error(), want, tt.problem)
			}
		})
	}
}

// TestSkipInvalid leaves a row that cannot be read out, listed with its
// error, instead of failing the conversion.
func TestSkipInvalid(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"Persons.csv":   "EmployeeCode;FirstName;LastName\nE1;Ann;Smit\nE2;Bo;Berg\n",
		"Contracts.csv": "EmployeeCode;OrganizationalUnit;FunctionCode;ContractStartDate\nE1;12AB;LKR;1-8-2020\nE2;12AB;LKR;8-17-2005\n",
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res, err := Convert(context.Background(), HelloID, dir, Options{Source: syncaudit.HR, SkipInvalid: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Records) != 1 || res.Records[0].SourceID != "E1" {
		t.Errorf("records = %+v, want E1 only", res.Records)
	}
	if res.Dropped.Reasons["cannot be read"] != 1 || len(res.Dropped.Rows) != 1 ||
		res.Dropped.Rows[0].Line != 3 || !strings.Contains(res.Dropped.Rows[0].Reason, `"8-17-2005"`) {
		t.Errorf("dropped rows = %+v, want Contracts.csv line 3 with its error", res.Dropped.Rows)
	}
}

func TestParseFormat(t *testing.T) {
	for _, f := range Formats {
		if got, err := ParseFormat(" " + strings.ToUpper(string(f)) + " "); err != nil || got != f {
			t.Errorf("ParseFormat(%q) = %q, %v", f, got, err)
		}
	}
	if _, err := ParseFormat("xlsx"); err == nil {
		t.Error("ParseFormat(xlsx) gave no error")
	}
	if _, err := Convert(context.Background(), "xlsx", ".", Options{Source: syncaudit.SIS}); err == nil {
		t.Error("Convert(xlsx) gave no error")
	}
}

// TestSkipInvalidWithMapping maps the real HR contracts, leaving out the
// contract whose date is not a date.
func TestSkipInvalidWithMapping(t *testing.T) {
	in := realdata(t, "hr-export/helloid-csv-demo/T4E_HelloID_Contracts.csv")
	m, err := mapping.Parse("contracts.mapping.yaml", []byte("table: hr\ncolumns:\n  source_id: EmployeeCode\n  school: OrganizationalUnit\n  kind: {value: staff}\n  first_name: EmployeeCode\n  last_name: EmployeeCode\n  start_date: {column: ContractStartDate, date: D-M-YYYY}\n  end_date: {column: ContractEndDate, date: D-M-YYYY}\n"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Convert(context.Background(), CSV, in, Options{Mapping: m, SkipInvalid: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Table.Rows) != 35 || res.Dropped.Records != 35 {
		t.Errorf("rows = %d (report %d), want 35 of 36", len(res.Table.Rows), res.Dropped.Records)
	}
	if len(res.Dropped.Rows) != 1 || res.Dropped.Rows[0].Line != 27 || !strings.Contains(res.Dropped.Rows[0].Reason, `"8-17-2005"`) {
		t.Errorf("dropped rows = %+v, want line 27 with its date", res.Dropped.Rows)
	}
}
