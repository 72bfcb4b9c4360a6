package ingest

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/samples/gen"
)

// TestEveryAcceptedSpellingReadsAlike writes one generated snapshot in every
// encoding, line ending, delimiter and date format the reader accepts, and
// reads each back: the records, accounts, entries and memberships must be
// those of the plain UTF-8, LF, ISO-dated CSV (issue 14).
func TestEveryAcceptedSpellingReadsAlike(t *testing.T) {
	o := gen.DefaultOptions()
	o.Accounts, o.Seed = 300, 11
	o.Exceptions, o.SoftDeleted, o.Leavers = 0.2, 0.1, 0.1
	snap := gen.Generate(o)
	// Names Windows-1252 cannot write (a Polish ł, say) get a letter it can,
	// so that every encoding holds the same snapshot.
	for i := range snap.Records {
		r := &snap.Records[i]
		r.FirstName, r.NamePrefix, r.LastName = in1252(r.FirstName), in1252(r.NamePrefix), in1252(r.LastName)
	}
	for i := range snap.Accounts {
		a := &snap.Accounts[i]
		a.FirstName, a.NamePrefix, a.LastName = in1252(a.FirstName), in1252(a.NamePrefix), in1252(a.LastName)
	}
	tables := []string{"sources/las", "sources/hr", "sources/sis", "target/accounts", "target/exceptions", "target/memberships"}
	write := func(t *testing.T, delim rune) string {
		s := *snap
		s.Inputs = nil
		for _, base := range tables {
			s.Inputs = append(s.Inputs, syncaudit.InputFile{File: base + ".csv", Format: "csv", Delimiter: delim})
		}
		dir := t.TempDir()
		if err := WriteSnapshot(dir, &s); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	want, err := Read(context.Background(), write(t, ','), Options{Limits: DefaultLimits})
	if err != nil {
		t.Fatal(err)
	}
	if len(want.Records) == 0 || len(want.Accounts) == 0 || len(want.Exceptions) == 0 {
		t.Fatal("the generated snapshot holds nothing to compare")
	}
	iso := regexp.MustCompile(`\b(\d{4})-(\d{2})-(\d{2})\b`)
	dateFormats := []struct {
		name, setting string
		rewrite       func(y, m, d string) string
	}{
		{"YYYY-MM-DD", "", nil},
		{"DD-MM-YYYY", "", func(y, m, d string) string { return d + "-" + m + "-" + y }},
		{"D-M-YYYY", "", func(y, m, d string) string { return trim0(d) + "-" + trim0(m) + "-" + y }},
		{"DD/MM/YYYY", "DD/MM/YYYY", func(y, m, d string) string { return d + "/" + m + "/" + y }},
		{"M/D/YYYY", "MM/DD/YYYY", func(y, m, d string) string { return trim0(m) + "/" + trim0(d) + "/" + y }},
		{"ISO date-time", "", func(y, m, d string) string { return y + "-" + m + "-" + d + "T09:30:00+01:00" }},
	}
	encodings := []struct {
		name   string
		encode func(t *testing.T, b []byte) []byte
	}{
		{"UTF-8", func(_ *testing.T, b []byte) []byte { return b }},
		{"UTF-8 BOM", func(_ *testing.T, b []byte) []byte { return append(append([]byte{}, bomUTF8...), b...) }},
		{"UTF-16LE", func(_ *testing.T, b []byte) []byte { return utf16Bytes(string(b), false) }},
		{"UTF-16BE", func(_ *testing.T, b []byte) []byte { return utf16Bytes(string(b), true) }},
		{"Windows-1252", func(t *testing.T, b []byte) []byte {
			out, err := charmap.Windows1252.NewEncoder().Bytes(b)
			if err != nil {
				t.Fatalf("not Windows-1252: %v", err)
			}
			return out
		}},
	}
	endings := map[string]string{"LF": "\n", "CRLF": "\r\n", "CR": "\r"}
	for _, delim := range []rune{',', ';'} {
		for _, df := range dateFormats {
			for _, enc := range encodings {
				for _, endName := range []string{"LF", "CRLF", "CR"} {
					name := fmt.Sprintf("%q %s %s %s", delim, df.name, enc.name, endName)
					t.Run(name, func(t *testing.T) {
						dir := write(t, delim)
						if df.setting != "" {
							appendTo(t, filepath.Join(dir, "tenant.yaml"), "date_format: {las: "+df.setting+", hr: "+df.setting+", sis: "+df.setting+", accounts: "+df.setting+", exceptions: "+df.setting+"}\n")
						}
						for _, base := range tables {
							rewrite(t, filepath.Join(dir, filepath.FromSlash(base+".csv")), func(b []byte) []byte {
								if df.rewrite != nil {
									b = iso.ReplaceAllFunc(b, func(m []byte) []byte {
										p := iso.FindSubmatch(m)
										return []byte(df.rewrite(string(p[1]), string(p[2]), string(p[3])))
									})
								}
								b = bytes.ReplaceAll(b, []byte("\n"), []byte(endings[endName]))
								return enc.encode(t, b)
							})
						}
						got, err := Read(context.Background(), dir, Options{Limits: DefaultLimits})
						if err != nil {
							t.Fatal(err)
						}
						g, w := withoutInputs(got), withoutInputs(want)
						g.Tenant.DateFormats = nil
						if !reflect.DeepEqual(g, w) {
							t.Error("the snapshot reads differently")
						}
					})
				}
			}
		}
	}
}

// in1252 replaces each character Windows-1252 has no byte for by an x.
func in1252(s string) string {
	enc := charmap.Windows1252.NewEncoder()
	return strings.Map(func(r rune) rune {
		if _, err := enc.String(string(r)); err != nil {
			return 'x'
		}
		return r
	}, s)
}

func trim0(s string) string { return strings.TrimPrefix(s, "0") }

func appendTo(t *testing.T, path, text string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(text); err != nil {
		t.Fatal(err)
	}
}
