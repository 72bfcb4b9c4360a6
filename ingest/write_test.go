package ingest

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/syncaudit/syncaudit"
)

// TestWriteSnapshotRoundTrip writes a snapshot in every table format and
// reads it back: the domain values survive unchanged.
func TestWriteSnapshotRoundTrip(t *testing.T) {
	for _, format := range []TableFormat{{Format: "csv", Delimiter: ','}, {Format: "csv", Delimiter: ';'}, {Format: "json"}, {Format: "jsonl"}} {
		t.Run(format.Ext()+string(format.Delimiter), func(t *testing.T) {
			src, err := read(t, map[string]string{
				"sources/las.csv":        "source_id;school;kind;first_name;name_prefix;last_name;groups;programs;start_date\n1001;12AB;student;Zoë;van der;Berg;7A|7B;rekentuin;2025-08-01\n",
				"target/accounts.csv":    "account_id,username,first_name,last_name,status,deleted_at,schools,links,m365\nA1,zoe@delinde.nl,Zoë,\"Berg, van der\",active,,12AB|34CD,las:1001|hr:E-1,true\nA2,x@delinde.nl,X,Y,soft_deleted,2026-10-01,,,false\n",
				"target/exceptions.csv":  "account_id,reason,added_at\nA2,\"=HYPERLINK(\"\"x\"\")\",2026-01-01\n",
				"target/memberships.csv": "account_id,school,group,kind,origin\nA1,12AB,7A,group,sync\n",
			})
			if err != nil {
				t.Fatal(err)
			}
			for i := range src.Inputs {
				if src.Inputs[i].Format != "yaml" {
					src.Inputs[i].Format, src.Inputs[i].Delimiter = format.Format, format.Delimiter
				}
			}
			dir := t.TempDir()
			if err := WriteSnapshot(dir, src); err != nil {
				t.Fatal(err)
			}
			if _, err := os.Stat(filepath.Join(dir, "target", "accounts."+format.Ext())); err != nil {
				t.Fatalf("accounts not written as %s: %v", format.Ext(), err)
			}
			got, err := ReadSnapshot(context.Background(), dir)
			if err != nil {
				t.Fatal(err)
			}
			clearLines(src)
			clearLines(got)
			if !reflect.DeepEqual(got.Tenant, src.Tenant) {
				t.Errorf("tenant = %+v\nwant %+v", got.Tenant, src.Tenant)
			}
			for name, pair := range map[string][2]any{
				"records":     {got.Records, src.Records},
				"accounts":    {got.Accounts, src.Accounts},
				"exceptions":  {got.Exceptions, src.Exceptions},
				"memberships": {got.Memberships, src.Memberships},
			} {
				if !reflect.DeepEqual(pair[0], pair[1]) {
					t.Errorf("%s = %+v\nwant %+v", name, pair[0], pair[1])
				}
			}
		})
	}
}

func clearLines(s *syncaudit.Snapshot) {
	for i := range s.Records {
		s.Records[i].Line = 0
	}
	for i := range s.Accounts {
		s.Accounts[i].Line = 0
	}
	for i := range s.Exceptions {
		s.Exceptions[i].Line = 0
	}
	for i := range s.Memberships {
		s.Memberships[i].Line = 0
	}
}

func TestWriteEmptyTableHasHeader(t *testing.T) {
	var b bytes.Buffer
	if err := WriteExceptions(&b, nil, TableFormat{Format: "csv", Delimiter: ';'}); err != nil {
		t.Fatal(err)
	}
	if got, want := strings.TrimSpace(b.String()), "account_id;reason;added_by;added_at;reviewed_at;expires_at"; got != want {
		t.Errorf("header = %q, want %q", got, want)
	}
}
