package ingest

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/syncaudit/syncaudit"
)

// TestReadsTargetPrograms reads the optional programs column of
// target/accounts (P3): present (even with empty cells) means the program
// libraries are known; absent means nothing is known about them.
func TestReadsTargetPrograms(t *testing.T) {
	tests := []struct {
		name     string
		accounts string
		known    bool
		programs [][]string
	}{
		{
			name:     "no programs column",
			accounts: plainAccounts,
			programs: [][]string{nil},
		},
		{
			name:     "programs column, English header",
			accounts: "account_id,username,first_name,last_name,status,schools,links,programs\nA1,zoe@delinde.nl,Zoë,Berg,active,12AB,las:1001,Rekentuin| Taalzee\nA2,x@delinde.nl,X,Y,active,12AB,,\n",
			known:    true,
			programs: [][]string{{"Rekentuin", "Taalzee"}, nil},
		},
		{
			name:     "Dutch header programma's with semicolons",
			accounts: "account_id;username;voornaam;achternaam;status;scholen;koppelingen;programma's\nA1;zoe@delinde.nl;Zoë;Berg;active;12AB;las:1001;Gynzy\n",
			known:    true,
			programs: [][]string{{"Gynzy"}},
		},
		{
			name:     "JSON Lines with a programs array",
			accounts: "",
			known:    true,
			programs: [][]string{{"Squla", "Blink"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"target/accounts.csv": tt.accounts}
			if tt.accounts == "" {
				files["target/accounts.jsonl"] = `{"account_id":"A1","username":"zoe@delinde.nl","first_name":"Zoë","last_name":"Berg","status":"active","schools":["12AB"],"links":["las:1001"],"programs":["Squla","Blink"]}` + "\n"
			}
			snap, err := read(t, files)
			if err != nil {
				t.Fatal(err)
			}
			if snap.TargetPrograms != tt.known {
				t.Errorf("TargetPrograms = %v, want %v", snap.TargetPrograms, tt.known)
			}
			var got [][]string
			for _, a := range snap.Accounts {
				got = append(got, a.Programs)
			}
			if !reflect.DeepEqual(got, tt.programs) {
				t.Errorf("programs = %q, want %q", got, tt.programs)
			}
		})
	}
}

// TestWriteAccountsProgramsColumn writes the programs column only when some
// account has programs, so that apply's next export of a target without the
// column does not read back as "every library is empty" (P3).
func TestWriteAccountsProgramsColumn(t *testing.T) {
	plain := []syncaudit.Account{{ID: "A1", Username: "a@x.nl", FirstName: "A", LastName: "B", Status: syncaudit.Active, Schools: []string{"12AB"}}}
	withPrograms := append([]syncaudit.Account{}, plain...)
	withPrograms[0].Programs = []string{"Rekentuin", "Taalzee"}
	for _, tt := range []struct {
		name     string
		accounts []syncaudit.Account
		format   TableFormat
		want     string // in the output
		not      string // not in the output
	}{
		{"csv without programs", plain, CSV, ",google\n", "programs"},
		{"csv with programs", withPrograms, CSV, ",google,programs\n", ""},
		{"csv cell", withPrograms, CSV, ",Rekentuin|Taalzee\n", ""},
		{"semicolon csv without programs", plain, TableFormat{Format: "csv", Delimiter: ';'}, ";google\n", "programs"},
		{"json without programs", plain, TableFormat{Format: "jsonl"}, `"status":"active"`, "programs"},
		{"json with programs", withPrograms, TableFormat{Format: "jsonl"}, `"programs":["Rekentuin","Taalzee"]`, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := WriteAccounts(&b, tt.accounts, tt.format); err != nil {
				t.Fatal(err)
			}
			out := b.String()
			if !strings.Contains(out, tt.want) {
				t.Errorf("output lacks %q:\n%s", tt.want, out)
			}
			if tt.not != "" && strings.Contains(out, tt.not) {
				t.Errorf("output has %q:\n%s", tt.not, out)
			}
		})
	}
}
