package report

// sanitizeCell neutralises text that a spreadsheet program would read as a
// formula: a value that starts with = + - @, a tab or a carriage return gets a
// leading apostrophe, as OWASP advises against CSV and formula injection. The
// CSV and workbook writers pass every text that comes from an input through
// it, so a first name of "=HYPERLINK(...)" is shown, never evaluated.
func sanitizeCell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

// UnsanitizeCell undoes sanitizeCell: it drops the apostrophe that
// sanitizeCell put before a leading = + - @, tab or carriage return. A reader
// of a workbook syncaudit wrote (the review import) uses it to get the
// original text back.
func UnsanitizeCell(s string) string {
	if len(s) >= 2 && s[0] == '\'' {
		switch s[1] {
		case '=', '+', '-', '@', '\t', '\r':
			return s[1:]
		}
	}
	return s
}
