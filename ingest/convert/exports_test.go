package convert

import (
	"archive/zip"
	"context"
	"errors"
	"io"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/ingest/mapping"
)

// exportDir writes files (name -> bytes) into a fresh folder.
func exportDir(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// utf16LE encodes s as UTF-16 little-endian with its byte-order mark, as
// PowerShell 5.1's > and Excel's "Unicode text" write.
func utf16LE(s string) string {
	b := []byte{0xFF, 0xFE}
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return string(b)
}

// sdsV21 is an SDS v2.1 export as US-locale Excel saves it: CRLF, dates
// month-first without leading zeros.
func sdsV21(roles string) map[string]string {
	return map[string]string{
		"orgs.csv":  "sourcedId,name,type\r\n110003,School of TwoDotOne,school\r\n",
		"users.csv": "sourcedId,username,givenName,familyName,email\r\n114001,jcraig,Jack,Craig,jcraig@example.org\r\n114007,mbell,Mia,Bell,mbell@example.org\r\n",
		"roles.csv": "userSourcedId,orgSourcedId,role,sessionSourcedId,grade,isPrimary,roleStartDate,roleEndDate\r\n" + roles,
	}
}

// TestUSDates reads /-separated dates through the contract's date rules: the
// column decides when a day above 12 settles it, the format's default
// (month-first for SDS and OneRoster) when both orders read every value,
// and --date-format overrides.
func TestUSDates(t *testing.T) {
	tests := []struct {
		name       string
		format     Format
		dateFormat syncaudit.DateFormat
		roles      string
		want       map[string][2]syncaudit.Date // user -> start, end
		problem    string                       // a wanted error
		line       int
	}{
		{
			name: "ambiguous dates month-first by default", format: SDS,
			roles: "114001,110003,student,SY2021,10,TRUE,9/1/2021,6/11/2022\r\n114007,110003,teacher,SY2021,10,TRUE,9/1/2021,6/1/2022\r\n",
			want:  map[string][2]syncaudit.Date{"114001": {"2021-09-01", "2022-06-11"}, "114007": {"2021-09-01", "2022-06-01"}},
		},
		{
			name: "a day above 12 in the column", format: OneRoster,
			roles: "114001,110003,student,SY2021,10,TRUE,8/24/2021,6/11/2022\r\n114007,110003,teacher,SY2021,10,TRUE,9/1/2021,6/1/2022\r\n",
			want:  map[string][2]syncaudit.Date{"114001": {"2021-08-24", "2022-06-11"}, "114007": {"2021-09-01", "2022-06-01"}},
		},
		{
			name: "a day-first column settled by its values", format: SDS,
			roles: "114001,110003,student,SY2021,10,TRUE,24/8/2021,11/6/2022\r\n114007,110003,teacher,SY2021,10,TRUE,1/9/2021,30/6/2022\r\n",
			want:  map[string][2]syncaudit.Date{"114001": {"2021-08-24", "2022-06-11"}, "114007": {"2021-09-01", "2022-06-30"}},
		},
		{
			name: "--date-format DD/MM/YYYY overrides the default", format: SDS, dateFormat: syncaudit.DayFirstSlash,
			roles: "114001,110003,student,SY2021,10,TRUE,9/1/2021,6/11/2022\r\n114007,110003,teacher,SY2021,10,TRUE,,\r\n",
			want:  map[string][2]syncaudit.Date{"114001": {"2021-01-09", "2022-11-06"}, "114007": {"", ""}},
		},
		{
			name: "--date-format refuses a date the other way round", format: SDS, dateFormat: syncaudit.DayFirstSlash,
			roles:   "114001,110003,student,SY2021,10,TRUE,8/24/2021,6/11/2022\r\n",
			problem: "not written DD/MM/YYYY, as --date-format says", line: 2,
		},
		{
			name: "one column in two orders", format: SDS,
			roles:   "114001,110003,student,SY2021,10,TRUE,8/24/2021,6/11/2022\r\n114007,110003,teacher,SY2021,10,TRUE,24/8/2021,6/1/2022\r\n",
			problem: "but the column's other dates are MM/DD/YYYY", line: 3,
		},
		{
			name: "a year out of range", format: SDS,
			roles:   "114001,110003,student,SY2021,10,TRUE,8/24/2021,12/31/9999\r\n",
			problem: "outside the years 1900 to 2200", line: 2,
		},
		{
			name: "ISO dates unchanged", format: SDS,
			roles: "114001,110003,student,SY2021,10,TRUE,2021-08-24,2022-06-11\r\n",
			want:  map[string][2]syncaudit.Date{"114001": {"2021-08-24", "2022-06-11"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Convert(context.Background(), tt.format, exportDir(t, sdsV21(tt.roles)), Options{Source: syncaudit.SIS, DateFormat: tt.dateFormat})
			if tt.problem != "" {
				var ie *syncaudit.InputError
				if !errors.As(err, &ie) || ie.File != "roles.csv" || ie.Line != tt.line || !strings.Contains(ie.Problem, tt.problem) {
					t.Fatalf("Convert() error = %v, want roles.csv line %d: %s", err, tt.line, tt.problem)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for id, dates := range tt.want {
				got := find(t, res, id, "110003")
				if got.StartDate != dates[0] || got.EndDate != dates[1] {
					t.Errorf("%s: dates %q-%q, want %q-%q", id, got.StartDate, got.EndDate, dates[0], dates[1])
				}
			}
		})
	}
}

// TestHelloIDDatesDayFirst reads a Dutch HR export's /-separated dates
// day-first by default (Excel in a Dutch locale writes 1/9/2021 for 1
// September).
func TestHelloIDDatesDayFirst(t *testing.T) {
	dir := exportDir(t, map[string]string{
		"Persons.csv":   "EmployeeCode;FirstName;LastName\nE1;Ann;Smit\n",
		"Contracts.csv": "EmployeeCode;OrganizationalUnit;FunctionCode;ContractStartDate;ContractEndDate\nE1;12AB;LKR;1/9/2021;31/7/2022\n",
	})
	res, err := Convert(context.Background(), HelloID, dir, Options{Source: syncaudit.HR})
	if err != nil {
		t.Fatal(err)
	}
	if got := find(t, res, "E1", "12AB"); got.StartDate != "2021-09-01" || got.EndDate != "2022-07-31" {
		t.Errorf("dates %q-%q, want 2021-09-01-2022-07-31", got.StartDate, got.EndDate)
	}
}

// TestLineEndingsAndEncodings reads exports as Mac-era tools (CR-only line
// ends) and PowerShell 5.1 / Excel "Unicode text" (UTF-16 with BOM) write
// them, through the snapshot reader's decoder.
func TestLineEndingsAndEncodings(t *testing.T) {
	users := "sourcedId,enabledUser,orgSourcedIds,role,givenName,familyName\nu1,true,o1,student,Zoë,Smit\nu2,true,o1,teacher,Bo,Berg\n"
	tests := []struct {
		name  string
		users string
	}{
		{"CR-only", strings.ReplaceAll(users, "\n", "\r")},
		{"UTF-16 little-endian with BOM", utf16LE(strings.ReplaceAll(users, "\n", "\r\n"))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Convert(context.Background(), OneRoster, exportDir(t, map[string]string{"users.csv": tt.users}), Options{Source: syncaudit.SIS})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Records) != 2 || find(t, res, "u1", "o1").FirstName != "Zoë" || find(t, res, "u2", "o1").Line != 3 {
				t.Errorf("records = %+v, want u1 (Zoë) and u2 on line 3", res.Records)
			}
		})
	}
	// A UTF-8 file with one Windows-1252 byte is refused at its line, not guessed at.
	mixed := "sourcedId,enabledUser,orgSourcedIds,role,givenName,familyName\nu1,true,o1,student,Zoë,Smit\nu2,true,o1,teacher,Ren\xe9,Berg\n"
	_, err := Convert(context.Background(), OneRoster, exportDir(t, map[string]string{"users.csv": mixed}), Options{Source: syncaudit.SIS})
	var ie *syncaudit.InputError
	if !errors.As(err, &ie) || ie.File != "users.csv" || ie.Line != 3 || !strings.Contains(ie.Problem, "mixes two encodings") {
		t.Errorf("mixed encodings: error = %v, want users.csv line 3", err)
	}
}

// TestEnrollmentAtAnotherSchool reads a OneRoster 1.1 bundle as vendors write
// it: users.csv lists the home school only, the enrollments reach a class at
// a second school; the district org is not a school, and an org id missing
// from orgs.csv is reported.
func TestEnrollmentAtAnotherSchool(t *testing.T) {
	dir := exportDir(t, map[string]string{
		"orgs.csv": "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\r\n" +
			"d1,active,2023-05-01,North District,district,,\r\ns1,active,2023-05-01,North High,school,,d1\r\ns2,active,2023-05-01,North Middle,school,,d1\r\n",
		"users.csv": "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password\r\n" +
			"t1,active,2023-05-01,true,s1,teacher,tbell,,Tom,Bell,,,tbell@example.org,,,,,\r\n" +
			"u1,active,2023-05-01,true,s1,student,aeng,,Ann,Eng,,,,,,,09,\r\n" +
			"a1,active,2023-05-01,true,d1,districtAdministrator,pdoe,,Pat,Doe,,,,,,,,\r\n" +
			"x1,active,2023-05-01,true,s9,student,xray,,Xia,Ray,,,,,,,09,\r\n",
		"classes.csv": "sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods\r\n" +
			"c1,active,2023-05-01,Mathematics,09,,M1,scheduled,,s1,,,,\r\nc2,active,2023-05-01,Mathematics,09,,M2,scheduled,,s2,,,,\r\n",
		"enrollments.csv": "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate\r\n" +
			"e1,active,2023-05-01,c1,s1,t1,teacher,true,,\r\ne2,active,2023-05-01,c2,s2,t1,teacher,true,,\r\ne3,active,2023-05-01,c2,s2,u1,student,false,,\r\n",
	})
	res, err := Convert(context.Background(), OneRoster, dir, Options{Source: syncaudit.SIS})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []struct{ id, school, role, group string }{{"t1", "s1", "teacher", "Mathematics"}, {"t1", "s2", "teacher", "Mathematics"}, {"u1", "s2", "", "Mathematics"}} {
		got := find(t, res, want.id, want.school)
		if got.Role != want.role || len(got.Groups) != 1 || got.Groups[0] != want.group {
			t.Errorf("%s at %s: role %q groups %v, want %q [%s]", want.id, want.school, got.Role, got.Groups, want.role, want.group)
		}
	}
	if n := res.Dropped.Notes["roles made from an enrollment at the class's school (the user's orgs do not list it)"]; n != 2 || len(res.Dropped.Rows) != 0 {
		t.Errorf("notes %v, skipped %v: want 2 roles made and nothing skipped", res.Dropped.Notes, res.Dropped.Rows)
	}
	var schools []string
	for _, s := range res.Schools {
		schools = append(schools, s.ID+"="+s.Name)
	}
	if got := strings.Join(schools, ","); got != "s1=North High,s2=North Middle,s9=" {
		t.Errorf("schools = %s, want s1, s2 and the unknown s9 (no district)", got)
	}
	if ns := res.Dropped.NotSchools["d1"]; ns.Type != "district" || ns.Records != 1 {
		t.Errorf("not schools = %v, want d1 (district, 1 record)", res.Dropped.NotSchools)
	}
	if res.Dropped.UnknownOrgs["s9"] != 1 {
		t.Errorf("unknown orgs = %v, want s9 with 1 record", res.Dropped.UnknownOrgs)
	}
	var text strings.Builder
	if err := res.Dropped.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"orgs the export's org list does not hold, kept without a name: s9 (1 record)", "orgs that are not schools, left out of the starter tenant.yaml (map them to a school with --school-map): d1 (district, 1 record)", "note      2  roles made from an enrollment"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("summary lacks %q:\n%s", want, text.String())
		}
	}
}

// withoutManifest copies the files of the export folder in, all but its
// manifest.csv, into a temporary folder.
func withoutManifest(t *testing.T, in string) string {
	t.Helper()
	entries, err := os.ReadDir(in)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, e := range entries {
		if e.IsDir() || strings.EqualFold(e.Name(), "manifest.csv") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(in, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		files[e.Name()] = string(data)
	}
	return exportDir(t, files)
}

// zipOf zips files (name -> content) into a bundle in a temporary folder.
func zipOf(t *testing.T, files map[string]string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "bundle.zip")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for _, name := range slices.Sorted(maps.Keys(files)) {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(w, files[name]); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return p
}

// readAll reads the files of a real export folder, name -> content.
func readAll(t *testing.T, in string) map[string]string {
	t.Helper()
	entries, err := os.ReadDir(in)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(in, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		files[e.Name()] = string(data)
	}
	return files
}

// TestZipBundle reads OneRoster and SDS bundles as they arrive: zipped with
// or without their folder, with macOS litter beside them; the result equals
// that of the unpacked folder.
func TestZipBundle(t *testing.T) {
	for _, tt := range []struct {
		format Format
		in     string
		prefix string
	}{
		{OneRoster, "oneroster-1.1/oat-sa_OneRosterv1p1BaseCSV", ""},
		{OneRoster, "oneroster-1.1/moodle_Test_full_data_set", "Test_full_data_set/"},
		{SDS, "sds-v2.1", "sds/"},
	} {
		t.Run(tt.in, func(t *testing.T) {
			in := realdata(t, tt.in)
			files := map[string]string{"__MACOSX/._users.csv": "junk", tt.prefix + ".DS_Store": "junk"}
			for name, data := range readAll(t, in) {
				files[tt.prefix+name] = data
			}
			want, err := Convert(context.Background(), tt.format, in, Options{Source: syncaudit.SIS})
			if err != nil {
				t.Fatal(err)
			}
			bundle := zipOf(t, files)
			got, err := Convert(context.Background(), tt.format, bundle, Options{Source: syncaudit.SIS})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got.Records, want.Records) || !reflect.DeepEqual(got.Schools, want.Schools) || !reflect.DeepEqual(got.Dropped.Reasons, want.Dropped.Reasons) {
				t.Errorf("the bundle gave %d records, the folder %d", len(got.Records), len(want.Records))
			}
			if got.Dropped.Input != bundle {
				t.Errorf("dropped report input = %s, want the bundle", got.Dropped.Input)
			}
		})
	}
	bad := []struct {
		name    string
		files   map[string]string
		problem string
	}{
		{"two files of one name", map[string]string{"a/users.csv": "x", "b/Users.csv": "y"}, "two files named Users.csv"},
		{"not a zip", nil, "cannot be read"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			var p string
			if tt.files != nil {
				p = zipOf(t, tt.files)
			} else {
				p = filepath.Join(t.TempDir(), "bundle.zip")
				if err := os.WriteFile(p, []byte("PK\x03\x04 broken"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			_, err := Convert(context.Background(), OneRoster, p, Options{Source: syncaudit.SIS})
			var ie *syncaudit.InputError
			if !errors.As(err, &ie) || !strings.HasPrefix(ie.File, p) || !strings.Contains(ie.Problem, tt.problem) {
				t.Errorf("error = %v, want %s: %s", err, p, tt.problem)
			}
		})
	}
}

// TestZipBundleLimits refuses a bundle whose files claim, or unpack to,
// more than the limits.
func TestZipBundleLimits(t *testing.T) {
	defer func(file, total int64, n int) {
		MaxBundleFileBytes, MaxBundleTotalBytes, MaxBundleFiles = file, total, n
	}(MaxBundleFileBytes, MaxBundleTotalBytes, MaxBundleFiles)
	big := strings.Repeat("sourcedId,givenName\n", 100) // 2000 bytes, compresses to little
	tests := []struct {
		name        string
		file, total int64
		files       int
		problem     string
	}{
		{"one file over the file limit", 1000, 1 << 20, 10, "claims 2000 bytes unpacked, more than the limit of 1000"},
		{"all files over the total", 1 << 20, 3000, 10, "the files claim 4000 bytes unpacked, more than the limit of 3000"},
		{"too many files", 1 << 20, 1 << 20, 1, "holds 2 files, more than the limit of 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			MaxBundleFileBytes, MaxBundleTotalBytes, MaxBundleFiles = tt.file, tt.total, tt.files
			p := zipOf(t, map[string]string{"users.csv": big, "orgs.csv": big})
			_, err := Convert(context.Background(), OneRoster, p, Options{Source: syncaudit.SIS})
			var ie *syncaudit.InputError
			if !errors.As(err, &ie) || !strings.Contains(ie.Problem, tt.problem) {
				t.Errorf("error = %v, want %q", err, tt.problem)
			}
		})
	}
}

// TestDeltaBundleRefused refuses the real OneRoster 1.2 bundle whose
// manifest.csv marks its files delta, naming the manifest's line.
func TestDeltaBundleRefused(t *testing.T) {
	in := realdata(t, "oneroster-1.2/moodle_oneroster_test_data")
	_, err := Convert(context.Background(), OneRoster, in, Options{Source: syncaudit.SIS})
	var ie *syncaudit.InputError
	if !errors.As(err, &ie) || ie.File != "manifest.csv" || ie.Line != 4 || ie.Value != "delta" || !strings.Contains(ie.Problem, "delta export (file.academicSessions is delta)") || !strings.Contains(ie.Fix, "bulk") {
		t.Errorf("error = %v, want manifest.csv line 4: a delta export", err)
	}
	// A bulk manifest is read, and not listed as a file not read.
	res, err := Convert(context.Background(), OneRoster, realdata(t, "oneroster-1.1/oat-sa_OneRosterv1p1BaseCSV"), Options{Source: syncaudit.SIS})
	if err != nil {
		t.Fatal(err)
	}
	if _, listed := res.Dropped.Files["manifest.csv"]; listed {
		t.Errorf("manifest.csv listed as not read: %v", res.Dropped.Files)
	}
	// SDS v2 follows OneRoster: its delta manifest is refused too.
	files := sdsV21("114001,110003,student,SY2021,10,TRUE,,\r\n")
	files["manifest.csv"] = "propertyName,value\r\nmanifest.version,1.0\r\nfile.users,delta\r\n"
	if _, err := Convert(context.Background(), SDS, exportDir(t, files), Options{Source: syncaudit.SIS}); !errors.As(err, &ie) || ie.Line != 3 {
		t.Errorf("SDS delta: error = %v, want manifest.csv line 3", err)
	}
}

// TestSS12000Activities reads an SS12000 v2.1 feed as a register writes it:
// /persons?expand=duties,groupMemberships (the staff member's duty and the
// student's memberships in _embedded), /groups and /activities pages. The
// teacher reaches the groups through the activity's teachers -> duty.
func TestSS12000Activities(t *testing.T) {
	school := `{"id": "org-1"}`
	dir := exportDir(t, map[string]string{
		"organisations.json": `{"data": [{"id": "org-1", "displayName": "Södra skolan", "organisationType": "Skolenhet", "schoolUnitCode": "12345678", "meta": {"created": "2024-01-01T00:00:00Z"}}], "pageToken": null}`,
		"persons.json": `{"data": [
 {"id": "p-t", "givenName": "Karin", "middleName": "Maria", "familyName": "Ek", "civicNo": {"value": "197001011234"},
  "_embedded": {"duties": [{"id": "d-1", "dutyAt": ` + school + `, "dutyRole": "Lärare", "startDate": "2020-08-01", "signature": "KEK"}]}},
 {"id": "p-s", "givenName": "Astrid", "familyName": "Lind", "enrolments": [{"enroledAt": ` + school + `, "startDate": "2024-08-15", "schoolYear": 7}],
  "_embedded": {"groupMemberships": [{"group": {"id": "g-ma", "displayName": "MA7A", "groupType": "Undervisning", "organisation": ` + school + `}, "startDate": "2024-08-15"}]}}
]}`,
		"groups.json": `{"data": [{"id": "g-7a", "displayName": "7A", "groupType": "Klass", "organisation": ` + school + `, "groupMemberships": [{"person": {"id": "p-s"}}]}]}`,
		"activities.json": `{"data": [
 {"id": "a-1", "displayName": "Matematik åk 7", "activityType": "Undervisning", "groups": [{"id": "g-ma"}, {"id": "g-7a"}], "teachers": [{"duty": {"id": "d-1"}, "startDate": "2024-08-15"}], "organisation": ` + school + `, "calendarEventsRequired": true},
 {"id": "a-2", "displayName": "Nationellt prov", "activityType": "Provaktivitet"}
]}`,
	})
	res, err := Convert(context.Background(), SS12000, dir, Options{Source: syncaudit.SIS})
	if err != nil {
		t.Fatal(err)
	}
	teacher := find(t, res, "p-t", "12345678")
	if teacher.FirstName != "Karin Maria" || teacher.Role != "Lärare" || teacher.StartDate != "2020-08-01" ||
		!reflect.DeepEqual(teacher.Groups, []string{"7A"}) || !reflect.DeepEqual(teacher.Courses, []string{"MA7A"}) {
		t.Errorf("teacher = %+v, want Karin Maria, Lärare, group 7A, course MA7A", teacher)
	}
	student := find(t, res, "p-s", "12345678")
	if !reflect.DeepEqual(student.Groups, []string{"7A"}) || !reflect.DeepEqual(student.Courses, []string{"MA7A"}) {
		t.Errorf("student = %+v, want group 7A, course MA7A", student)
	}
	if res.Dropped.Reasons["activity names no teachers or no groups"] != 1 {
		t.Errorf("reasons = %v, want the test activity skipped", res.Dropped.Reasons)
	}
	want := map[string]map[string]int{
		"persons.json":       {"civicNo": 1, "enrolments.schoolYear": 1},
		"activities.json":    {"calendarEventsRequired": 1},
		"organisations.json": {"meta": 1},
	}
	for file, cols := range want {
		for col, n := range cols {
			if got := res.Dropped.Columns[file][col]; got != n {
				t.Errorf("dropped %s %s = %d, want %d (all: %v)", file, col, got, n, res.Dropped.Columns)
			}
		}
	}
}

// TestSS12000RealActivities reads Skolverket's national-test activities
// (EgilSCIM's fixture): none names teachers or groups, and each is counted.
func TestSS12000RealActivities(t *testing.T) {
	in := realdata(t, "ss12000/egilscim-dnp/activities.json")
	res, err := Convert(context.Background(), SS12000, in, Options{Source: syncaudit.SIS})
	if err != nil {
		t.Fatal(err)
	}
	if n := res.Dropped.Reasons["activity names no teachers or no groups"]; n != 102 {
		t.Errorf("activities skipped = %d, want 102", n)
	}
	if got := res.Dropped.Columns["activities.json"]; got["schoolType"] != 102 || got["schoolYear"] != 40 {
		t.Errorf("dropped = %v, want schoolType 102 and schoolYear 40 (the others have none)", got)
	}
}

// TestRepeatedSectionNames keeps two sections of one school that are both
// called "Mathematics" apart (SDS v1 and OneRoster, as SIS exports name
// sections by subject): each is written with its key, so their members are
// not one group; a name used once stays as it is.
func TestRepeatedSectionNames(t *testing.T) {
	sds := exportDir(t, map[string]string{
		"School.csv":            "SIS ID,Name\r\n10001,Contoso High School\r\n",
		"Student.csv":           "SIS ID,School SIS ID,First Name,Last Name,Username,Status\r\n13001,10001,Ora,Klein,OKlein,Active\r\n13002,10001,Lee,Berg,LBerg,Active\r\n",
		"Teacher.csv":           "SIS ID,School SIS ID,First Name,Last Name,Username,Status\r\n14001,10001,Craig,Beane,CBeane,Active\r\n",
		"Section.csv":           "SIS ID,School SIS ID,Section Name,Course Name,Status\r\n11001,10001,Mathematics,Math 101,Active\r\n11002,10001,mathematics,Math 101,Active\r\n11003,10001,Biology,Bio 101,Active\r\n",
		"StudentEnrollment.csv": "Section SIS ID,SIS ID\r\n11001,13001\r\n11002,13002\r\n11003,13002\r\n",
		"TeacherRoster.csv":     "Section SIS ID,SIS ID\r\n11001,14001\r\n11002,14001\r\n",
	})
	res, err := Convert(context.Background(), SDS, sds, Options{Source: syncaudit.SIS})
	if err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string][]string{"13001": {"Mathematics (11001)"}, "13002": {"mathematics (11002)", "Biology"}, "14001": {"Mathematics (11001)", "mathematics (11002)"}} {
		if got := find(t, res, id, "10001").Groups; !reflect.DeepEqual(got, want) {
			t.Errorf("SDS %s groups = %q, want %q", id, got, want)
		}
	}
	roster := exportDir(t, map[string]string{
		"users.csv":       "sourcedId,enabledUser,orgSourcedIds,role,givenName,familyName\r\nu1,true,s1,student,Ann,Eng\r\nu2,true,s1,student,Bo,Berg\r\n",
		"classes.csv":     "sourcedId,title,schoolSourcedId\r\nc1,Mathematics,s1\r\nc2,Mathematics,s1\r\n",
		"enrollments.csv": "sourcedId,classSourcedId,userSourcedId,role\r\ne1,c1,u1,student\r\ne2,c2,u2,student\r\n",
	})
	res, err = Convert(context.Background(), OneRoster, roster, Options{Source: syncaudit.SIS})
	if err != nil {
		t.Fatal(err)
	}
	if a, b := find(t, res, "u1", "s1").Groups, find(t, res, "u2", "s1").Groups; !reflect.DeepEqual(a, []string{"Mathematics (c1)"}) || !reflect.DeepEqual(b, []string{"Mathematics (c2)"}) {
		t.Errorf("OneRoster groups = %q and %q, want Mathematics (c1) and Mathematics (c2)", a, b)
	}
}

// TestMultiFileMapping reads an export that splits people and their
// memberships over two files (a Comvius-style People.csv and
// PersonEnrollments.csv, semicolons and a BOM) through one mapping: the
// memberships join by the person's key and become the groups list.
func TestMultiFileMapping(t *testing.T) {
	dir := exportDir(t, map[string]string{
		"People.csv":            "\ufeffPersonId;FirstName;LastName;SchoolCode\r\n1001;Jan;Berg;12AB\r\n1002;Eva;Ek;12AB\r\n",
		"PersonEnrollments.csv": "\ufeffPersonId;GroupName;Year\r\n1001;1A;2024\r\n1001;Wiskunde 1;2024\r\n1003;2B;2024\r\n",
	})
	m, err := mapping.Parse("comvius.mapping.yaml", []byte(`table: sis
inputs:
  - file: People.csv
  - {file: PersonEnrollments.csv, as: enr, on: PersonId, to: PersonId}
columns:
  source_id: PersonId
  school: SchoolCode
  kind: {value: student}
  first_name: FirstName
  last_name: LastName
  groups: {column: enr.GroupName, split: "|"}
`))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Convert(context.Background(), CSV, dir, Options{Mapping: m})
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"1001", "12AB", "student", "Jan", "Berg", "1A|Wiskunde 1"}, {"1002", "12AB", "student", "Eva", "Ek", ""}}
	if len(res.Table.Rows) != 2 {
		t.Fatalf("rows = %v, want 2", res.Table.Rows)
	}
	for i, row := range res.Table.Rows {
		if !reflect.DeepEqual(row.Cells, want[i]) {
			t.Errorf("row %d = %q, want %q", i, row.Cells, want[i])
		}
	}
	if len(res.Dropped.Rows) != 1 || res.Dropped.Rows[0].File != "PersonEnrollments.csv" || res.Dropped.Rows[0].Line != 4 {
		t.Errorf("dropped rows = %+v, want the membership of the unknown person 1003", res.Dropped.Rows)
	}
	if res.Dropped.Columns["People.csv"]["enr.Year"] != 1 {
		t.Errorf("dropped columns = %v, want enr.Year counted", res.Dropped.Columns)
	}
	// A joined file without its key column names the file and the column.
	m2, _ := mapping.Parse("m.yaml", []byte("table: sis\ninputs:\n  - file: People.csv\n  - {file: PersonEnrollments.csv, as: enr, on: StudentId, to: PersonId}\ncolumns:\n  source_id: PersonId\n  school: SchoolCode\n  kind: {value: student}\n  first_name: FirstName\n  last_name: LastName\n"))
	_, err = Convert(context.Background(), CSV, dir, Options{Mapping: m2})
	var ie *syncaudit.InputError
	if !errors.As(err, &ie) || ie.File != "PersonEnrollments.csv" || ie.Column != "StudentId" {
		t.Errorf("missing key column: error = %v", err)
	}
}
