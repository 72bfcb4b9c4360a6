package ingest

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/internal/testtree"
)

// The attacks of issue 14, each on a copy of the de-linde sample as a
// coordinator's messy export would bring it: every one used to lose rows
// without a word (and exit 0). Each must now stop the read with a message
// naming the file and the line, or read exactly what the clean sample holds.

// sample copies samples/de-linde into a fresh folder and returns it.
func sample(tb testing.TB) string {
	tb.Helper()
	dir := tb.TempDir()
	testtree.Copy(tb, filepath.Join("..", "samples", "de-linde"), dir)
	return dir
}

// rewrite replaces the file's bytes by edit's result.
func rewrite(tb testing.TB, path string, edit func([]byte) []byte) {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(path, edit(data), 0o644); err != nil {
		tb.Fatal(err)
	}
}

// editNthLine applies edit to the 1-based line n of a LF-ended file.
func editNthLine(tb testing.TB, path string, n int, edit func(string) string) {
	tb.Helper()
	rewrite(tb, path, func(b []byte) []byte {
		lines := strings.Split(string(b), "\n")
		lines[n-1] = edit(lines[n-1])
		return []byte(strings.Join(lines, "\n"))
	})
}

// cell returns a copy of line with its i-th (0-based) ;-separated cell changed by edit.
func cell(line string, i int, edit func(string) string) string {
	cells := strings.Split(line, ";")
	cells[i] = edit(cells[i])
	return strings.Join(cells, ";")
}

// sampleIn1252 is sample with the one name that Windows-1252 cannot
// write (a dotless ı) written with an i, so that every encoding can hold it.
func sampleIn1252(tb testing.TB) string {
	dir := sample(tb)
	for _, f := range []string{"sources/las.csv", "target/accounts.csv"} {
		rewrite(tb, filepath.Join(dir, filepath.FromSlash(f)), func(b []byte) []byte { return bytes.ReplaceAll(b, []byte("ı"), []byte("i")) })
	}
	return dir
}

func readDir(tb testing.TB, dir string) (*syncaudit.Snapshot, error) {
	tb.Helper()
	return Read(context.Background(), dir, Options{Limits: DefaultLimits})
}

func TestStrayQuotesDoNotSwallowRows(t *testing.T) {
	tests := []struct {
		name string
		edit func(t *testing.T, las string)
		want string
	}{
		{"a quote before a first name, and one after another six lines on",
			func(t *testing.T, las string) {
				editNthLine(t, las, 3, func(l string) string { return cell(l, 3, func(c string) string { return `"` + c }) })
				editNthLine(t, las, 9, func(l string) string { return cell(l, 3, func(c string) string { return c + `"` }) })
			},
			`sources/las.csv:3:4: column first_name: a quote opened here runs on to line 9, so lines 3 to 9 would be read as one value (value "Olivier;;Vos;;5|6;…")`},
		{"a quote after a first name only",
			func(t *testing.T, las string) {
				editNthLine(t, las, 9, func(l string) string { return cell(l, 3, func(c string) string { return c + `"` }) })
			},
			`sources/las.csv:9: a stray " in a value that is not quoted (character 26 of the line)`},
		{"a quote before a first name that is never closed",
			func(t *testing.T, las string) {
				editNthLine(t, las, 3, func(l string) string { return cell(l, 3, func(c string) string { return `"` + c }) })
			},
			`sources/las.csv:3: a quote opened on this line is not closed properly`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := sample(t)
			tt.edit(t, filepath.Join(dir, "sources", "las.csv"))
			_, err := readDir(t, dir)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v\nwant %s", err, tt.want)
			}
			checkInputError(t, err)
		})
	}
}

func TestRowsWithTheWrongCellCount(t *testing.T) {
	dir := sample(t)
	hr := filepath.Join(dir, "sources", "hr.csv")
	editNthLine(t, hr, 4, func(l string) string { return strings.Join(strings.Split(l, ",")[:3], ",") })
	_, err := readDir(t, dir)
	want := `sources/hr.csv:4:3: column kind: the row has 3 cells but the header has 10: the cells after kind are missing (value "medewerker")`
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("error = %v\nwant %s", err, want)
	}
}

// TestLineEndingsAndEncodingsReadAlike reads the sample with its files
// re-encoded and with other line endings: the snapshot must be the same.
func TestLineEndingsAndEncodingsReadAlike(t *testing.T) {
	clean, err := readDir(t, sampleIn1252(t))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		encode func([]byte) []byte
	}{
		{"CRLF", func(b []byte) []byte { return bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n")) }},
		{"CR only", func(b []byte) []byte { return bytes.ReplaceAll(b, []byte("\n"), []byte("\r")) }},
		{"UTF-8 with BOM", func(b []byte) []byte { return append(append([]byte{}, bomUTF8...), b...) }},
		{"UTF-16 LE", func(b []byte) []byte { return utf16Bytes(string(b), false) }},
		{"UTF-16 BE, CRLF", func(b []byte) []byte {
			return utf16Bytes(strings.ReplaceAll(string(b), "\n", "\r\n"), true)
		}},
		{"Windows-1252", func(b []byte) []byte { return cp1252(t, b) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := sampleIn1252(t)
			for _, f := range []string{"sources/las.csv", "sources/hr.csv", "target/accounts.csv", "target/exceptions.csv"} {
				rewrite(t, filepath.Join(dir, filepath.FromSlash(f)), tt.encode)
			}
			got, err := readDir(t, dir)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(withoutInputs(got), withoutInputs(clean)) {
				t.Errorf("the re-encoded sample reads differently")
			}
			if got.Inputs[1].Records != clean.Inputs[1].Records {
				t.Errorf("records = %d, want %d", got.Inputs[1].Records, clean.Inputs[1].Records)
			}
		})
	}
}

// withoutInputs returns the snapshot without what depends on the bytes (the
// digests) and the folder.
func withoutInputs(s *syncaudit.Snapshot) syncaudit.Snapshot {
	c := *s
	c.Dir, c.Inputs = "", nil
	return c
}

func utf16Bytes(s string, bigEndian bool) []byte {
	units := utf16.Encode([]rune(s))
	out := []byte{0xFF, 0xFE}
	if bigEndian {
		out = []byte{0xFE, 0xFF}
	}
	for _, u := range units {
		if bigEndian {
			out = append(out, byte(u>>8), byte(u))
		} else {
			out = append(out, byte(u), byte(u>>8))
		}
	}
	return out
}

// cp1252 writes UTF-8 text as Windows-1252 (the sample's names all fit).
func cp1252(tb testing.TB, b []byte) []byte {
	tb.Helper()
	var out []byte
	for _, r := range string(b) {
		switch {
		case r < 0x80 || r >= 0xA0 && r <= 0xFF:
			out = append(out, byte(r))
		default:
			tb.Fatalf("%q has no Windows-1252 byte in this test", r)
		}
	}
	return out
}

func TestMixedEncodingsAreRefused(t *testing.T) {
	tests := []struct {
		name string
		edit func([]byte) []byte
		want string
	}{
		{"one Windows-1252 byte appended to a UTF-8 file",
			func(b []byte) []byte {
				return append(b, []byte("A1999,zoe.x@delinde.nl,Zo\xeb,,X,,student,active,,,04KT,,,false,false,false,\n")...)
			},
			"target/accounts.csv:156: the file is UTF-8 text, but byte 26 of this line (0xEB) is not UTF-8: the file mixes two encodings"},
		{"a UTF-8 BOM before a Windows-1252 byte",
			func(b []byte) []byte {
				return append(append([]byte{}, bomUTF8...), bytes.ReplaceAll(b, []byte("Owen,,Willems"), []byte("Ow\xebn,,Willems"))...)
			},
			"target/accounts.csv:2: the file starts with a UTF-8 byte-order mark, but byte 33 of this line (0xEB) is not UTF-8"},
		{"a byte Windows-1252 does not define",
			func(b []byte) []byte {
				return bytes.ReplaceAll(cp1252(t, b), []byte("Owen,,Willems"), []byte("Ow\x81n,,Willems"))
			},
			"target/accounts.csv:2: the file is neither UTF-8 nor Windows-1252 text (byte 0x81 at byte 33 of the line)"},
		{"UTF-16 with an odd number of bytes",
			func(b []byte) []byte { return append(utf16Bytes(string(b), false), 'x') },
			"target/accounts.csv: the file says it is UTF-16 text but holds an odd number of bytes"},
		{"UTF-16 with half a surrogate pair",
			func(b []byte) []byte { return append(utf16Bytes(string(b), false), 0x00, 0xD8, 'a', 0) },
			"target/accounts.csv:156: the file is UTF-16 text with a broken character"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := sampleIn1252(t)
			rewrite(t, filepath.Join(dir, "target", "accounts.csv"), tt.edit)
			_, err := readDir(t, dir)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v\nwant %s", err, tt.want)
			}
		})
	}
}

func TestJSONLinesHoldOneObjectPerLine(t *testing.T) {
	dir := sample(t)
	snap, err := readDir(t, dir)
	if err != nil {
		t.Fatal(err)
	}
	for i := range snap.Inputs {
		if snap.Inputs[i].File == "sources/las.csv" {
			snap.Inputs[i].File, snap.Inputs[i].Format = "sources/las.jsonl", "jsonl"
		}
	}
	out := t.TempDir()
	if err := WriteSnapshot(out, snap); err != nil {
		t.Fatal(err)
	}
	las := filepath.Join(out, "sources", "las.jsonl")
	rewrite(t, las, func(b []byte) []byte {
		lines := strings.Split(string(b), "\n")
		joined := append([]string{}, lines[:4]...)
		joined = append(joined, lines[4]+lines[5]+" "+lines[6]) // three objects on line 5
		joined = append(joined, lines[7:]...)
		return []byte(strings.Join(joined, "\n"))
	})
	_, err = readDir(t, out)
	want := "sources/las.jsonl:5: the line holds more than one JSON value (the next starts at character "
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("error = %v\nwant %s", err, want)
	}
}

func TestJSONDuplicateKeys(t *testing.T) {
	tests := []struct {
		name, file, content, want string
	}{
		{"a key written twice", "sources/las.json",
			`[{"source_id": "1001", "school": "12AB", "kind": "student", "first_name": "Zoë", "last_name": "Berg", "groups": ["7A"]},` + "\n" +
				`{"source_id": "1002", "school": "12AB", "kind": "student", "first_name": "Ada",` + "\n" + `"last_name": "Berg", "groups": ["7A"], "source_id": "1003"}]`,
			`sources/las.json:3: column source_id: the key is written twice in this object (value "source_id")`},
		{"two keys for one column", "sources/las.jsonl",
			`{"source_id": "1001", "school": "12AB", "kind": "student", "first_name": "Zoë", "voornaam": "Zoe", "last_name": "Berg", "groups": "7A"}` + "\n",
			`sources/las.jsonl:1: column first_name: two keys of this object mean first_name ("first_name" and "voornaam")`},
		{"something after the array", "sources/las.json",
			`[{"source_id": "1001", "school": "12AB", "kind": "student", "first_name": "Zoë", "last_name": "Berg", "groups": ["7A"]}]` + "\n" + `[{"source_id": "1002"}]`,
			"sources/las.json:2: there is more after the JSON array's closing ]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := read(t, map[string]string{"sources/las.csv": "", tt.file: tt.content})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v\nwant %s", err, tt.want)
			}
		})
	}
}
