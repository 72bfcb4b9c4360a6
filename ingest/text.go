package ingest

import (
	"bytes"
	"fmt"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/syncaudit/syncaudit"
)

// The byte-order marks a table file may start with.
var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
)

// cp1252Undefined are the five bytes Windows-1252 gives no character: a file
// holding one is not Windows-1252 text.
var cp1252Undefined = [256]bool{0x81: true, 0x8D: true, 0x8F: true, 0x90: true, 0x9D: true}

// decodeText returns the file's text as UTF-8 with LF line endings, or an
// input error; it never guesses at a file that is neither one thing nor the
// other:
//
//   - UTF-8, with or without a BOM, is taken as it is;
//   - UTF-16 (little- or big-endian) with its BOM is decoded;
//   - a file without a BOM that is not UTF-8 is read as Windows-1252 only
//     when it holds no UTF-8 character at all (an older Dutch or Swedish
//     export); a UTF-8 file with a few stray bytes is refused, naming the
//     first, since reading it as Windows-1252 would garble every other name
//     (Zoë as ZoÃ«);
//   - a NUL byte (a binary file) is refused;
//   - CRLF and CR-only line endings become LF, so that every reader and
//     every line number sees one kind of line.
func decodeText(f tableFile) ([]byte, error) {
	data := f.data
	switch {
	case bytes.HasPrefix(data, bomUTF16LE), bytes.HasPrefix(data, bomUTF16BE):
		text, err := decodeUTF16(f.name, data)
		if err != nil {
			return nil, err
		}
		data = text
	case bytes.HasPrefix(data, bomUTF8):
		data = data[len(bomUTF8):]
		if at, ok := firstInvalidUTF8(data); !ok {
			return nil, notUTF8(f.name, data, at, "the file starts with a UTF-8 byte-order mark")
		}
	default:
		if at, ok := firstInvalidUTF8(data); !ok {
			if hasUTF8Character(data) {
				return nil, notUTF8(f.name, data, at, "the file is UTF-8 text")
			}
			for i, c := range data {
				if cp1252Undefined[c] {
					return nil, &syncaudit.InputError{File: f.name, Line: lineOf(data, i),
						Problem: fmt.Sprintf("the file is neither UTF-8 nor Windows-1252 text (byte 0x%02X at byte %d of the line)", c, i-lineStart(data, i)+1),
						Fix:     "save it as UTF-8 and run again"}
				}
			}
			decoded, err := charmap.Windows1252.NewDecoder().Bytes(data)
			if err != nil {
				return nil, &syncaudit.InputError{File: f.name, Problem: "the file is neither UTF-8 nor Windows-1252 text", Fix: "save it as UTF-8 and run again"}
			}
			data = decoded
		}
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return nil, &syncaudit.InputError{File: f.name, Line: lineOf(data, i), Problem: "the file holds binary data (a NUL byte), not text", Fix: "export the table again as CSV or JSON"}
	}
	return normaliseLineEndings(data), nil
}

// decodeUTF16 decodes UTF-16 text that starts with its byte-order mark; an
// odd number of bytes or a broken surrogate pair is refused.
func decodeUTF16(file string, data []byte) ([]byte, error) {
	bigEndian := bytes.HasPrefix(data, bomUTF16BE)
	data = data[2:]
	if len(data)%2 != 0 {
		return nil, &syncaudit.InputError{File: file, Problem: "the file says it is UTF-16 text but holds an odd number of bytes", Fix: "export the table again, as UTF-8 if the program can"}
	}
	units := make([]uint16, len(data)/2)
	for i := range units {
		if bigEndian {
			units[i] = uint16(data[2*i])<<8 | uint16(data[2*i+1])
		} else {
			units[i] = uint16(data[2*i+1])<<8 | uint16(data[2*i])
		}
	}
	out := make([]byte, 0, len(units)+len(units)/8)
	line := 1
	for i := 0; i < len(units); i++ {
		u := units[i]
		r := rune(u)
		switch {
		case utf16.IsSurrogate(r):
			if u >= 0xDC00 || i+1 >= len(units) {
				return nil, brokenUTF16(file, line)
			}
			r = utf16.DecodeRune(r, rune(units[i+1]))
			if r == utf8.RuneError {
				return nil, brokenUTF16(file, line)
			}
			i++
		case r == '\n':
			line++
		}
		out = utf8.AppendRune(out, r)
	}
	return out, nil
}

func brokenUTF16(file string, line int) error {
	return &syncaudit.InputError{File: file, Line: line, Problem: "the file is UTF-16 text with a broken character (half a surrogate pair)", Fix: "export the table again, as UTF-8 if the program can"}
}

// firstInvalidUTF8 returns the offset of the first byte that is not part of
// a UTF-8 character, and whether there is none.
func firstInvalidUTF8(data []byte) (int, bool) {
	if utf8.Valid(data) {
		return 0, true
	}
	for i := 0; i < len(data); {
		if data[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n == 1 {
			return i, false
		}
		i += n
	}
	return 0, true
}

// hasUTF8Character reports whether data holds at least one well-formed
// UTF-8 character beyond ASCII.
func hasUTF8Character(data []byte) bool {
	for i := 0; i < len(data); {
		if data[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(data[i:])
		if r != utf8.RuneError || n > 1 {
			return true
		}
		i++
	}
	return false
}

// notUTF8 is the error for a UTF-8 file with a byte that is not UTF-8 at
// offset at.
func notUTF8(file string, data []byte, at int, why string) error {
	return &syncaudit.InputError{File: file, Line: lineOf(data, at),
		Problem: fmt.Sprintf("%s, but byte %d of this line (0x%02X) is not UTF-8: the file mixes two encodings", why, at-lineStart(data, at)+1, data[at]),
		Fix:     "correct that character (it was most likely pasted from another program) and save the file as UTF-8; syncaudit does not guess which encoding each name is in"}
}

// lineOf returns the 1-based line of the byte at offset at, counting LF and
// CR-only line breaks alike.
func lineOf(data []byte, at int) int {
	line := 1
	for i, c := range data[:at] {
		if c == '\n' || c == '\r' && (i+1 >= len(data) || data[i+1] != '\n') {
			line++
		}
	}
	return line
}

// lineStart returns the offset of the first byte of the line holding offset at.
func lineStart(data []byte, at int) int {
	return bytes.LastIndexAny(data[:at], "\r\n") + 1
}

// normaliseLineEndings turns CRLF and CR-only line breaks into LF; data
// without a CR is returned as it is, without a copy.
func normaliseLineEndings(data []byte) []byte {
	if bytes.IndexByte(data, '\r') < 0 {
		return data
	}
	out := make([]byte, 0, len(data))
	for i := 0; i < len(data); i++ {
		c := data[i]
		if c == '\r' {
			if i+1 < len(data) && data[i+1] == '\n' {
				continue // the LF follows
			}
			c = '\n'
		}
		out = append(out, c)
	}
	return out
}

// countLines counts the line breaks in raw file bytes: LF, CRLF and CR-only
// alike (for a UTF-16 file, about twice too few or exactly: a close enough
// estimate for progress).
func countLines(data []byte) int {
	lf := bytes.Count(data, []byte{'\n'})
	cr := bytes.Count(data, []byte{'\r'})
	if cr > lf {
		return cr
	}
	return lf
}

// DecodeText returns a table file's text as the snapshot reader reads it:
// UTF-8 with LF line endings, from UTF-8 (with or without BOM), UTF-16 with
// its BOM, or Windows-1252 without a UTF-8 character; CRLF and CR-only line
// endings become LF. A file mixing encodings, or holding a NUL byte, is an
// input error naming file and line. file names the file in messages.
// convert reads exports through it, so that an export and a snapshot table
// are read alike.
func DecodeText(file string, data []byte) ([]byte, error) {
	return decodeText(tableFile{name: file, data: data})
}
