package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"sort"

	"github.com/syncaudit/syncaudit"
)

// A jsonField is one key of a JSON object with its value and the offset of
// the key in the text.
type jsonField struct {
	key    string
	value  any
	offset int
}

// errNotObject is returned by decodeObject for a value that is not an object.
var errNotObject = errors.New("not a JSON object")

// decodeObject reads one JSON object from dec, keeping its keys in the order
// written and every one of them, so that a key written twice is seen
// (encoding/json would keep the last silently). text is what dec reads, for
// the offsets; base is where dec's input starts in text.
func decodeObject(dec *json.Decoder, text []byte, base int) ([]jsonField, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	if tok != json.Delim('{') {
		return nil, errNotObject
	}
	var fields []jsonField
	for dec.More() {
		off := skipSeparators(text, base+int(dec.InputOffset()))
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, _ := tok.(string) // a key is always a string
		var v any
		if err := dec.Decode(&v); err != nil {
			return nil, err
		}
		fields = append(fields, jsonField{key: key, value: v, offset: off})
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		return nil, err
	}
	return fields, nil
}

// jsonProblem words a JSON decoding error for a coordinator.
func jsonProblem(err error) string {
	var se *json.SyntaxError
	switch {
	case errors.Is(err, errNotObject):
		return "the value is not a JSON object"
	case errors.As(err, &se):
		return "not valid JSON: " + se.Error()
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "the JSON ends in the middle of an object"
	}
	return "not valid JSON: " + err.Error()
}

// readJSON reads a JSON array of objects, or JSON Lines, into the same rows
// as a CSV file: list values become |-joined cells, scalars their text. JSON
// Lines holds exactly one object per line; a key written twice in an object,
// or two keys that name one column, are input errors.
func readJSON[T any](file, format string, text []byte, spec tableSpec, count func(int) error, sink rowSink[T]) (header, int, error) {
	lookup := spec.lookup()
	h := header{names: make([]string, len(spec.columns)), index: map[string]int{}, present: map[string]bool{}}
	for i, c := range spec.columns {
		h.names[i] = c.name
	}
	d := newChunkDecoder[T](file, h, count)
	rows := 0
	lines := newLineIndex(text)
	unknown := map[string]bool{}
	addObject := func(fields []jsonField, line int) error {
		rec := make([]string, len(spec.columns)) // kept by the decoder until its chunk is decoded
		keyOf := map[string]string{}             // contract name -> the key that gave it
		sort.SliceStable(fields, func(i, j int) bool { return fields[i].key < fields[j].key })
		for i, fl := range fields {
			at := lines.lineAt(fl.offset)
			if i > 0 && fields[i-1].key == fl.key {
				return &syncaudit.InputError{File: file, Line: at, Column: fl.key, Value: fl.key,
					Problem: "the key is written twice in this object", Fix: "keep one of them: syncaudit does not choose which value counts"}
			}
			name, ok := lookup[normaliseHeader(fl.key)]
			if !ok {
				unknown[fl.key] = true
				continue
			}
			if prev, dup := keyOf[name]; dup {
				return &syncaudit.InputError{File: file, Line: at, Column: name, Value: fl.key,
					Problem: fmt.Sprintf("two keys of this object mean %s (%q and %q)", name, prev, fl.key), Fix: "remove or rename one of them"}
			}
			keyOf[name] = fl.key
			h.present[name] = true
			cell, err := jsonCell(fl.value)
			if err != nil {
				return &syncaudit.InputError{File: file, Line: at, Column: name, Problem: err.Error(), Fix: "use a string, a number, a boolean or a list of strings"}
			}
			rec[indexOf(spec, name)] = cell
		}
		rows++
		return d.add(rec, line, sink)
	}
	if format == "jsonl" {
		start := 0
		for i, raw := range bytes.Split(text, []byte{'\n'}) {
			base := start
			start += len(raw) + 1
			if len(bytes.TrimSpace(raw)) == 0 {
				continue
			}
			dec := json.NewDecoder(bytes.NewReader(raw))
			dec.UseNumber()
			fields, err := decodeObject(dec, text, base)
			if err != nil {
				return h, rows, &syncaudit.InputError{File: file, Line: i + 1, Problem: jsonProblem(err), Fix: "write one JSON object per line"}
			}
			if rest := skipSeparators(raw, int(dec.InputOffset())); rest < len(raw) {
				return h, rows, &syncaudit.InputError{File: file, Line: i + 1,
					Problem: fmt.Sprintf("the line holds more than one JSON value (the next starts at character %d): a line break is missing", rest+1),
					Fix:     "write one JSON object per line; every object after the first would otherwise be lost"}
			}
			if err := addObject(fields, i+1); err != nil {
				return h, rows, err
			}
		}
	} else {
		dec := json.NewDecoder(bytes.NewReader(text))
		dec.UseNumber()
		if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
			return h, 0, &syncaudit.InputError{File: file, Line: 1, Problem: "the file is not a JSON array of objects", Fix: "write [ {...}, {...} ], or use .jsonl for one object per line"}
		}
		for dec.More() {
			line := lines.lineAt(skipSeparators(text, int(dec.InputOffset())))
			fields, err := decodeObject(dec, text, 0)
			if err != nil {
				return h, rows, &syncaudit.InputError{File: file, Line: line, Problem: jsonProblem(err), Fix: "every element of the array must be an object with the table's columns as keys"}
			}
			if err := addObject(fields, line); err != nil {
				return h, rows, err
			}
		}
		end := lines.lineAt(skipSeparators(text, int(dec.InputOffset())))
		if _, err := dec.Token(); err != nil {
			return h, rows, &syncaudit.InputError{File: file, Line: end, Problem: jsonProblem(err), Fix: "close the array with ]"}
		}
		if rest := skipSeparators(text, int(dec.InputOffset())); rest < len(text) {
			return h, rows, &syncaudit.InputError{File: file, Line: lines.lineAt(rest), Problem: "there is more after the JSON array's closing ]",
				Fix: "keep one array in the file, with every object inside it"}
		}
	}
	if err := d.flush(sink); err != nil {
		return h, rows, err
	}
	h.ignored = slices.Sorted(maps.Keys(unknown))
	if rows > 0 {
		if err := checkRequired(file, spec, h.present); err != nil {
			return h, rows, err
		}
	}
	return h, rows, nil
}
