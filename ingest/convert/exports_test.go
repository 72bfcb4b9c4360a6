package convert

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/syncaudit/syncaudit"
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
	for _, want := range []string{"orgs the export's org list does not hold, kept without a name: s9 (1 records)", "orgs that are not schools, left out of the starter tenant.yaml (map them to a school with --school-map): d1 (district, 1 records)", "note      2  roles made from an enrollment"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("summary lacks %q:\n%s", want, text.String())
		}
	}
}
