package ingest

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/internal/testtree"
)

const boardTenant = `id: de-linde
name: Stichting De Linde
structure: bestuur
domain: delinde.nl
run_date: 2026-11-23
schools:
  - id: 12AB
    name: OBS De Regenboog
  - id: 34CD
    name: CBS Het Anker
`

const plainAccounts = "account_id,username,first_name,last_name,status,schools,links\nA1,zoe@delinde.nl,Zoë,Berg,active,12AB,las:1001\n"

const plainLAS = "source_id,school,kind,first_name,last_name,groups\n1001,12AB,student,Zoë,Berg,7A\n"

// writeSnapshot lays out files (path -> content) in a fresh folder, with a
// board tenant, one LAS row and one account unless files replace them.
func writeSnapshot(tb testing.TB, files map[string]string) string {
	tb.Helper()
	dir := tb.TempDir()
	all := map[string]string{"tenant.yaml": boardTenant, "sources/las.csv": plainLAS, "target/accounts.csv": plainAccounts}
	for name, content := range files {
		if content == "" {
			delete(all, name)
			continue
		}
		all[name] = content
	}
	return testtree.Write(tb, dir, all)
}

func read(tb testing.TB, files map[string]string) (*syncaudit.Snapshot, error) {
	tb.Helper()
	return ReadSnapshot(context.Background(), writeSnapshot(tb, files))
}

func TestReadsConventions(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		check func(t *testing.T, s *syncaudit.Snapshot)
	}{
		{
			name:  "semicolon delimiter and Dutch headers",
			files: map[string]string{"sources/las.csv": "Leerlingnummer;BRIN;Soort;Voornaam;Tussenvoegsel;Achternaam;Groepen\n1001;12AB;leerling;Zoë;van der;Berg;7A|7B\n"},
			check: func(t *testing.T, s *syncaudit.Snapshot) {
				want := syncaudit.SourceRecord{Source: "las", SourceID: "1001", School: "12AB", Kind: "student", FirstName: "Zoë", NamePrefix: "van der", LastName: "Berg", Groups: []string{"7A", "7B"}, Line: 2}
				if !reflect.DeepEqual(s.Records[0], want) {
					t.Errorf("record = %+v, want %+v", s.Records[0], want)
				}
				if s.Inputs[1].Delimiter != ';' {
					t.Errorf("delimiter = %q, want ';'", s.Inputs[1].Delimiter)
				}
			},
		},
		{
			name:  "Swedish headers and kinds",
			files: map[string]string{"sources/las.csv": "Elev-ID,Skola,Typ,Förnamn,Efternamn,Klasser\n1001,12AB,elev,Åsa,Öberg,7A\n"},
			check: func(t *testing.T, s *syncaudit.Snapshot) {
				if r := s.Records[0]; r.FirstName != "Åsa" || r.LastName != "Öberg" || r.Kind != syncaudit.Student || r.SourceID != "1001" {
					t.Errorf("record = %+v", r)
				}
			},
		},
		{
			name:  "English headers with spaces and case",
			files: map[string]string{"sources/las.csv": "Source ID,School,KIND,First Name,Last-Name,Groups\n1001,12AB,Teacher,Jan,Jansen,7A\n"},
			check: func(t *testing.T, s *syncaudit.Snapshot) {
				if r := s.Records[0]; r.Kind != syncaudit.Staff || r.FirstName != "Jan" {
					t.Errorf("record = %+v", r)
				}
			},
		},
		{
			name:  "UTF-8 byte-order mark",
			files: map[string]string{"target/accounts.csv": "\ufeff" + plainAccounts},
			check: func(t *testing.T, s *syncaudit.Snapshot) {
				if s.Accounts[0].ID != "A1" {
					t.Errorf("account id = %q, want A1 (BOM not stripped?)", s.Accounts[0].ID)
				}
			},
		},
		{
			name:  "Windows-1252 bytes",
			files: map[string]string{"sources/las.csv": "source_id,school,kind,first_name,last_name,groups\n1001,12AB,student,Zo\xeb,M\xfcller,7A\n"},
			check: func(t *testing.T, s *syncaudit.Snapshot) {
				if r := s.Records[0]; r.FirstName != "Zoë" || r.LastName != "Müller" {
					t.Errorf("names = %q %q, want Zoë Müller", r.FirstName, r.LastName)
				}
			},
		},
		{
			name: "date spellings and booleans",
			files: map[string]string{"target/accounts.csv": "account_id,username,first_name,last_name,status,deleted_at,schools,last_login,m365,m365_license,google\n" +
				"A1,a@x.nl,A,B,active,,12AB,2026-11-01T08:30:00Z,ja,1,nee\n" +
				"A2,b@x.nl,A,B,soft_deleted,05-10-2026,12AB,,yes,no,true\n"},
			check: func(t *testing.T, s *syncaudit.Snapshot) {
				a1, a2 := s.Accounts[0], s.Accounts[1]
				if a1.LastLogin != "2026-11-01" || !a1.M365 || !a1.M365License || a1.Google {
					t.Errorf("A1 = %+v", a1)
				}
				if a2.DeletedAt != "2026-10-05" || a2.Status != syncaudit.SoftDeleted || !a2.M365 || a2.M365License || !a2.Google {
					t.Errorf("A2 = %+v", a2)
				}
			},
		},
		{
			name: "lists and links",
			files: map[string]string{"target/accounts.csv": "account_id,username,first_name,last_name,status,schools,links\nA1,a@x.nl,A,B,active,12AB| 34CD,las:1001|hr:E-42\n",
				"sources/hr.csv": "source_id,school,kind,first_name,last_name\nE-42,34CD,staff,A,B\n"},
			check: func(t *testing.T, s *syncaudit.Snapshot) {
				a := s.Accounts[0]
				if !reflect.DeepEqual(a.Schools, []string{"12AB", "34CD"}) {
					t.Errorf("schools = %q", a.Schools)
				}
				want := []syncaudit.Link{{Source: "las", SourceID: "1001"}, {Source: "hr", SourceID: "E-42"}}
				if !reflect.DeepEqual(a.Links, want) {
					t.Errorf("links = %v, want %v", a.Links, want)
				}
			},
		},
		{
			name: "JSON array with lists as arrays",
			files: map[string]string{"sources/las.csv": "", "sources/sis.json": `[
  {"source_id": 1001, "school": "12AB", "kind": "elev", "förnamn": "Åsa", "efternamn": "Öberg", "groups": ["7A", "7B"], "extra": {"x": 1}},
  {"source_id": "1002", "school": "34CD", "kind": "vårdnadshavare", "first_name": "Björn", "last_name": "Ängström"}
]`},
			check: func(t *testing.T, s *syncaudit.Snapshot) {
				if len(s.Records) != 2 {
					t.Fatalf("records = %d, want 2", len(s.Records))
				}
				if r := s.Records[0]; r.SourceID != "1001" || !reflect.DeepEqual(r.Groups, []string{"7A", "7B"}) || r.Source != syncaudit.SIS || r.Line != 2 {
					t.Errorf("record = %+v", r)
				}
				if r := s.Records[1]; r.Kind != syncaudit.Guardian || r.Line != 3 {
					t.Errorf("record = %+v", r)
				}
			},
		},
		{
			name: "JSON Lines",
			files: map[string]string{"target/accounts.csv": "", "target/accounts.jsonl": `{"account_id":"A1","username":"a@x.nl","first_name":"A","last_name":"B","status":"active","schools":["12AB"],"links":["las:1001"],"m365":true}
{"account_id":"A2","username":"b@x.nl","first_name":"C","last_name":"D","status":"active","schools":["34CD"]}
`},
			check: func(t *testing.T, s *syncaudit.Snapshot) {
				if len(s.Accounts) != 2 || !s.Accounts[0].M365 || s.Accounts[1].Line != 2 || len(s.Accounts[0].Links) != 1 {
					t.Errorf("accounts = %+v", s.Accounts)
				}
			},
		},
		{
			name:  "rows at schools the tenant does not list are counted, not read",
			files: map[string]string{"sources/hr.csv": "source_id,school,kind,first_name,last_name\nE1,12AB,staff,A,B\nE2,99ZZ,staff,C,D\nE3,88YY,staff,E,F\n"},
			check: func(t *testing.T, s *syncaudit.Snapshot) {
				if s.Unoffered[syncaudit.HR] != 2 {
					t.Errorf("unoffered hr = %d, want 2", s.Unoffered[syncaudit.HR])
				}
				if n := len(s.Records); n != 2 { // one LAS, one HR
					t.Errorf("records = %d, want 2", n)
				}
			},
		},
		{
			name:  "exceptions absent means empty, present are read",
			files: map[string]string{"target/exceptions.csv": "account_id;reden;toegevoegd door;toegevoegd op;beoordeeld op;verloopt op\nA1;langdurig ziek;p.devries;10-01-2026;;2027-01-01\n"},
			check: func(t *testing.T, s *syncaudit.Snapshot) {
				want := syncaudit.ExceptionEntry{AccountID: "A1", Reason: "langdurig ziek", AddedBy: "p.devries", AddedAt: "2026-01-10", ExpiresAt: "2027-01-01", Line: 2}
				if len(s.Exceptions) != 1 || s.Exceptions[0] != want {
					t.Errorf("exceptions = %+v, want %+v", s.Exceptions, want)
				}
			},
		},
		{
			name:  "memberships with defaults",
			files: map[string]string{"target/memberships.csv": "account_id,school,group,kind,origin\nA1,12AB,7A,,\nA1,12AB,wiskunde,course,manual\n"},
			check: func(t *testing.T, s *syncaudit.Snapshot) {
				if len(s.Memberships) != 2 || s.Memberships[0].Kind != syncaudit.GroupMembership || s.Memberships[0].Origin != syncaudit.SyncOrigin ||
					s.Memberships[1].Kind != syncaudit.CourseMembership || s.Memberships[1].Origin != syncaudit.ManualOrigin {
					t.Errorf("memberships = %+v", s.Memberships)
				}
			},
		},
		{
			name:  "a board account with no school left stands at board level (D5)",
			files: map[string]string{"target/accounts.csv": "account_id,username,first_name,last_name,status,schools,links\nA1,zoe@delinde.nl,Zoë,Berg,active,,las:1001\n"},
			check: func(t *testing.T, s *syncaudit.Snapshot) {
				if len(s.Accounts) != 1 || len(s.Accounts[0].Schools) != 0 {
					t.Errorf("accounts = %+v", s.Accounts)
				}
			},
		},
		{
			name:  "unknown columns are ignored and blank lines skipped",
			files: map[string]string{"sources/las.csv": "source_id,school,kind,first_name,last_name,groups,shoe_size\n1001,12AB,student,Zoë,Berg,7A,38\n\n"},
			check: func(t *testing.T, s *syncaudit.Snapshot) {
				if len(s.Records) != 1 || s.Inputs[1].Records != 1 {
					t.Errorf("records = %d (input says %d), want 1", len(s.Records), s.Inputs[1].Records)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := read(t, tt.files)
			if err != nil {
				t.Fatalf("ReadSnapshot: %v", err)
			}
			tt.check(t, s)
		})
	}
}

func TestTenant(t *testing.T) {
	tests := []struct {
		name, yaml string
		check      func(t *testing.T, tn syncaudit.Tenant)
	}{
		{"Dutch alias eenpitter", "id: x\nstructure: eenpitter\nschools: [{id: 12AB, domain: a.nl}]\n", func(t *testing.T, tn syncaudit.Tenant) {
			if tn.Structure != syncaudit.SingleSchool {
				t.Errorf("structure = %q", tn.Structure)
			}
		}},
		{"Dutch alias multidomein", "id: x\nstructure: multidomein\nschools: [{id: 12AB}]\n", func(t *testing.T, tn syncaudit.Tenant) {
			if tn.Structure != syncaudit.MultiDomain {
				t.Errorf("structure = %q", tn.Structure)
			}
		}},
		{"switches default on, set ones kept", "id: x\nstructure: board\ndomain: b.nl\nschools:\n  - id: 12AB\n    sync: {automatic: nee, guardians_from: 2026-08-01, force_email: {staff: ja}}\n", func(t *testing.T, tn syncaudit.Tenant) {
			sw := tn.Schools[0].Sync
			want := syncaudit.DefaultSyncSwitches()
			want.Automatic = false
			want.GuardiansFrom = "2026-08-01"
			want.ForceEmail.Staff = true
			if sw != want {
				t.Errorf("switches = %+v, want %+v", sw, want)
			}
		}},
		{"tenant.json", `{"id": "x", "structure": "single_school", "schools": [{"id": "12AB"}], "policy": {"exception_review_days": 30}}`, func(t *testing.T, tn syncaudit.Tenant) {
			if tn.Policy["exception_review_days"] != 30 {
				t.Errorf("policy = %v", tn.Policy)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name := "tenant.yaml"
			if strings.HasPrefix(tt.yaml, "{") {
				name = "tenant.json"
			}
			s, err := read(t, map[string]string{"tenant.yaml": "", name: tt.yaml})
			if err != nil {
				t.Fatalf("ReadSnapshot: %v", err)
			}
			tt.check(t, s.Tenant)
		})
	}
}

// TestInputErrors checks every validation error: the file, line and column it
// names, and the words a coordinator needs.
func TestInputErrors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  []string // substrings of the message, in order: location first
	}{
		{"missing required column names the aliases",
			map[string]string{"sources/las.csv": "source_id,school,first_name,last_name\n1001,12AB,Zoë,Berg\n"},
			[]string{"sources/las.csv:1: column kind: required column kind is missing; add a column kind", "soort"}},
		{"bad date", map[string]string{"target/accounts.csv": "account_id,username,first_name,last_name,status,schools,last_login\nA1,a@x.nl,A,B,active,12AB,31-31-2026\n"},
			[]string{"target/accounts.csv:2:7: column last_login: not a date", `"31-31-2026"`, "YYYY-MM-DD"}},
		{"bad boolean", map[string]string{"target/accounts.csv": "account_id,username,first_name,last_name,status,schools,m365\nA1,a@x.nl,A,B,active,12AB,misschien\n"},
			[]string{"target/accounts.csv:2:7: column m365: not a yes/no value", `"misschien"`, "ja/nee"}},
		{"unknown kind", map[string]string{"sources/las.csv": "source_id,school,kind,first_name,last_name\n1001,12AB,conciërge,A,B\n"},
			[]string{"sources/las.csv:2:3: column kind: unknown kind", `"conciërge"`}},
		{"unknown structure", map[string]string{"tenant.yaml": "id: x\nstructure: federatie\nschools: [{id: 12AB}]\n"},
			[]string{"tenant.yaml:2: column structure: unknown structure", `"federatie"`, "bestuur"}},
		{"board without domain", map[string]string{"tenant.yaml": "id: x\nstructure: board\nschools: [{id: 12AB}]\n"},
			[]string{"tenant.yaml:2: column domain:", "board domain"}},
		{"duplicate account id", map[string]string{"target/accounts.csv": plainAccounts + "A1,b@x.nl,C,D,active,12AB,\n"},
			[]string{"target/accounts.csv:3:1: column account_id: the account id is used twice (first on line 2)", `"A1"`}},
		{"duplicate source, source_id, school", map[string]string{"sources/las.csv": plainLAS + "1001,12AB,student,Zoë,Berg,7B\n"},
			[]string{"sources/las.csv:3:1: column source_id: the person is listed twice at school 12AB (first on line 2)"}},
		{"link not source:id", map[string]string{"target/accounts.csv": "account_id,username,first_name,last_name,status,schools,links\nA1,a@x.nl,A,B,active,12AB,basispoort-1001\n"},
			[]string{"target/accounts.csv:2:7: column links: not a link", `"basispoort-1001"`, "source:id"}},
		{"link to unknown source", map[string]string{"target/accounts.csv": "account_id,username,first_name,last_name,status,schools,links\nA1,a@x.nl,A,B,active,12AB,ad:1001\n"},
			[]string{"target/accounts.csv:2:7: column links: a link to an unknown source \"ad\"", `"ad:1001"`}},
		{"school in an account the tenant does not list", map[string]string{"target/accounts.csv": "account_id,username,first_name,last_name,status,schools\nA1,a@x.nl,A,B,active,12AB|99ZZ\n"},
			[]string{"target/accounts.csv:2:6: column schools: the tenant does not list this school", `"99ZZ"`}},
		{"unknown status", map[string]string{"target/accounts.csv": "account_id,username,first_name,last_name,status,schools\nA1,a@x.nl,A,B,archived,12AB\n"},
			[]string{"target/accounts.csv:2:5: column status: unknown status", `"archived"`}},
		{"active account without a school outside a board", map[string]string{"tenant.yaml": "id: x\nstructure: single_school\nschools: [{id: 12AB}]\n", "target/accounts.csv": "account_id,username,first_name,last_name,status,schools\nA1,a@x.nl,A,B,active,\n"},
			[]string{"target/accounts.csv:2:6: column schools: an active account needs at least one school"}},
		{"soft-deleted without date", map[string]string{"target/accounts.csv": "account_id,username,first_name,last_name,status,schools\nA1,a@x.nl,A,B,soft_deleted,12AB\n"},
			[]string{"target/accounts.csv:2: column deleted_at: a soft-deleted account needs the date"}},
		{"missing accounts file", map[string]string{"target/accounts.csv": ""},
			[]string{"target/accounts.csv: a required file is missing"}},
		{"no source at all", map[string]string{"sources/las.csv": ""},
			[]string{"the snapshot has no source export"}},
		{"table twice", map[string]string{"sources/las.json": "[]"},
			[]string{"sources/las.csv: the snapshot holds this table twice: sources/las.csv and sources/las.json"}},
		{"empty file", map[string]string{"target/exceptions.csv": "\n"},
			[]string{"target/exceptions.csv: the file is empty"}},
		{"more cells than the header", map[string]string{"sources/las.csv": "source_id,school,kind,first_name,last_name\n1001,12AB,student,Zoë,Berg,extra\n"},
			[]string{"sources/las.csv:2:6: the row has 6 cells but the header has 5", `"extra"`}},
		{"UTF-16 cut in the middle of a character", map[string]string{"target/accounts.csv": "\xff\xfea\x00b"},
			[]string{"target/accounts.csv: the file says it is UTF-16 text but holds an odd number of bytes"}},
		{"typo in a switch", map[string]string{"tenant.yaml": boardTenant + "    sync: {automatc: false}\n"},
			[]string{"tenant.yaml:11:", "automatc"}},
		{"unknown policy key", map[string]string{"tenant.yaml": boardTenant + "policy:\n  exception_days: 30\n"},
			[]string{"tenant.yaml:12: column policy.exception_days: unknown policy setting", "exception_review_days"}},
		{"JSON that is not an array", map[string]string{"sources/las.csv": "", "sources/las.json": `{"source_id": 1}`},
			[]string{"sources/las.json:1: the file is not a JSON array of objects"}},
		{"several errors at once", map[string]string{"target/accounts.csv": "account_id,username,first_name,last_name,status,schools\nA1,a@x.nl,A,B,archived,12AB\nA2,,C,D,active,12AB\n"},
			[]string{"target/accounts.csv:2:5: column status", "\ntarget/accounts.csv:3:2: column username: a value is required"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := read(t, tt.files)
			if err == nil {
				t.Fatal("ReadSnapshot succeeded, want an input error")
			}
			var ie *syncaudit.InputError
			var ies syncaudit.InputErrors
			if !errors.As(err, &ie) && !errors.As(err, &ies) {
				t.Errorf("error %T is not an input error: %v", err, err)
			}
			msg := err.Error()
			at := 0
			for _, want := range tt.want {
				i := strings.Index(msg[at:], want)
				if i < 0 {
					t.Fatalf("message %q lacks %q (after position %d)", msg, want, at)
				}
				at += i + len(want)
			}
		})
	}
}

func TestInputsRecordDigestsAndCounts(t *testing.T) {
	s, err := read(t, map[string]string{"sources/hr.csv": "source_id,school,kind,first_name,last_name\nE1,12AB,staff,A,B\nE2,99ZZ,staff,C,D\n"})
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, in := range s.Inputs {
		files = append(files, in.File)
		if len(in.SHA256) != 64 {
			t.Errorf("%s: sha256 %q", in.File, in.SHA256)
		}
	}
	if want := []string{"tenant.yaml", "sources/las.csv", "sources/hr.csv", "target/accounts.csv"}; !reflect.DeepEqual(files, want) {
		t.Errorf("inputs = %v, want %v", files, want)
	}
	if s.Inputs[2].Records != 2 {
		t.Errorf("hr records = %d, want 2 (every row, offered or not)", s.Inputs[2].Records)
	}
}
