package syncaudit

import (
	"fmt"
	"strings"
	"time"
)

// A Date is a calendar date without a time of day, kept in its canonical
// spelling YYYY-MM-DD. The zero Date (the empty string) means "not given".
// Dates serve the rules that count days: S3 (employment dates), D7 (purge
// after soft delete), E5, E6 and E10 (exception staleness and expiry).
type Date string

// The years a date may lie in. A date outside them is an input error: it is
// a typo or a placeholder ("0001-01-01", "9999-12-31" for never), and the
// day counts of D7, E5 and E10 must not be switched off by it.
const (
	MinYear = 1900
	MaxYear = 2200
)

// ParseDate reads one date on its own (a tenant setting, a flag): YYYY-MM-DD,
// an ISO date-time (YYYY-MM-DDThh:mm:ss with Z or an offset; its date as
// written), DD-MM-YYYY or D-M-YYYY, or a /-separated date that only one of
// day-first and month-first reads (13/01/2026, 1/13/2026). A /-separated
// date both read (01/02/2026) is refused: a column of a table is read with
// ParseDateAs once its format is known (DateFits). An empty or blank string
// gives the zero Date.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	if isCanonicalDate(s) {
		return checkYear(s, Date(s)) // as parsing and formatting it would give, without either
	}
	fits := DateFits(s)
	switch {
	case fits == 0:
		return "", notADate(s)
	case fits == DayFirstSlash|MonthFirstSlash:
		if d, err := ParseDateAs(s, DayFirstSlash); err == nil {
			if m, _ := ParseDateAs(s, MonthFirstSlash); m == d {
				return d, nil // 01/01/2026: either reading gives the same date
			}
		}
		return "", fmt.Errorf("%q could be day-first or month-first: write it as YYYY-MM-DD", s)
	}
	return ParseDateAs(s, fits)
}

func notADate(s string) error {
	return fmt.Errorf("%q is not a date: write it as YYYY-MM-DD (or DD-MM-YYYY)", s)
}

// A DateFormat is a way of writing dates, as a column of an export does: one
// bit per format, so that a set of the formats a value fits is a DateFormat
// too (DateFits).
type DateFormat uint8

// The date formats a table may use. ISODate includes ISO date-times;
// DayMonthYear is DD-MM-YYYY with or without leading zeros (D-M-YYYY), the
// contract's second spelling; the /-separated formats take leading zeros or
// not, day-first as in the UK and the Netherlands, month-first as in the US
// (Microsoft School Data Sync's samples).
const (
	ISODate DateFormat = 1 << iota
	DayMonthYear
	DayFirstSlash
	MonthFirstSlash
)

// String names the format as a person writes it.
func (f DateFormat) String() string {
	var names []string
	for _, x := range []struct {
		f    DateFormat
		name string
	}{{ISODate, "YYYY-MM-DD"}, {DayMonthYear, "DD-MM-YYYY"}, {DayFirstSlash, "DD/MM/YYYY"}, {MonthFirstSlash, "MM/DD/YYYY"}} {
		if f&x.f != 0 {
			names = append(names, x.name)
		}
	}
	return strings.Join(names, " or ")
}

// MarshalText writes the format as ParseDateFormat reads it (tenant.yaml).
func (f DateFormat) MarshalText() ([]byte, error) { return []byte(f.String()), nil }

// UnmarshalText reads a format as ParseDateFormat does.
func (f *DateFormat) UnmarshalText(b []byte) error {
	parsed, err := ParseDateFormat(string(b))
	if err != nil {
		return err
	}
	*f = parsed
	return nil
}

// ParseDateFormat reads a date format as tenant.yaml's date_format writes
// it: DD/MM/YYYY (or D/M/YYYY, day-first), MM/DD/YYYY (or M/D/YYYY,
// month-first), DD-MM-YYYY or YYYY-MM-DD.
func ParseDateFormat(s string) (DateFormat, error) {
	switch strings.ToUpper(strings.TrimSpace(s)) {
	case "DD/MM/YYYY", "D/M/YYYY", "DAY-FIRST", "DAYFIRST", "UK":
		return DayFirstSlash, nil
	case "MM/DD/YYYY", "M/D/YYYY", "MONTH-FIRST", "MONTHFIRST", "US":
		return MonthFirstSlash, nil
	case "DD-MM-YYYY", "D-M-YYYY":
		return DayMonthYear, nil
	case "YYYY-MM-DD", "ISO":
		return ISODate, nil
	}
	return 0, fmt.Errorf("unknown date format %q: write DD/MM/YYYY (day first), MM/DD/YYYY (month first), DD-MM-YYYY or YYYY-MM-DD", s)
}

// DateFits returns the formats that read s as a valid date (0: none). A
// /-separated date may fit both DayFirstSlash and MonthFirstSlash.
func DateFits(s string) DateFormat {
	s = strings.TrimSpace(s)
	if isCanonicalDate(s) {
		return ISODate
	}
	if len(s) > 10 && s[10] == 'T' {
		if _, err := parseISODateTime(s); err == nil {
			return ISODate
		}
		return 0
	}
	a, b, y, sep, ok := splitDate(s)
	if !ok {
		return 0
	}
	var fits DateFormat
	switch sep {
	case '-':
		if validDate(y, b, a) {
			fits |= DayMonthYear
		}
	case '/':
		if validDate(y, b, a) {
			fits |= DayFirstSlash
		}
		if validDate(y, a, b) {
			fits |= MonthFirstSlash
		}
	}
	return fits
}

// ParseDateAs reads s in the one format f; an empty or blank string gives the
// zero Date.
func ParseDateAs(s string, f DateFormat) (Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	var y, m, d int
	switch f {
	case ISODate:
		if isCanonicalDate(s) {
			return checkYear(s, Date(s))
		}
		t, err := parseISODateTime(s)
		if err != nil {
			return "", notADate(s)
		}
		return checkYear(s, DateOf(t))
	case DayMonthYear, DayFirstSlash, MonthFirstSlash:
		a, b, year, sep, ok := splitDate(s)
		if !ok || (sep == '-') != (f == DayMonthYear) {
			return "", fmt.Errorf("%q is not a date written %s", s, f)
		}
		y, m, d = year, b, a
		if f == MonthFirstSlash {
			m, d = a, b
		}
	default:
		return "", fmt.Errorf("%q: no single date format given", s)
	}
	if !validDate(y, m, d) {
		return "", fmt.Errorf("%q is not a date written %s", s, f)
	}
	return checkYear(s, Date(fmt.Sprintf("%04d-%02d-%02d", y, m, d)))
}

// parseISODateTime reads an ISO 8601 date-time with seconds and a zone (Z or
// an offset), with or without fractions of a second.
func parseISODateTime(s string) (time.Time, error) {
	return time.Parse(time.RFC3339, s)
}

// splitDate splits a date written with one or two digits, a separator (- or
// /), one or two digits, the same separator and four digits.
func splitDate(s string) (a, b, year int, sep byte, ok bool) {
	i := 0
	num := func(min, max int) (int, bool) {
		start, n := i, 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' && i-start < max {
			n = n*10 + int(s[i]-'0')
			i++
		}
		return n, i-start >= min && (i == len(s) || s[i] < '0' || s[i] > '9')
	}
	var ok1, ok2, ok3 bool
	if a, ok1 = num(1, 2); !ok1 || i >= len(s) || s[i] != '-' && s[i] != '/' {
		return 0, 0, 0, 0, false
	}
	sep = s[i]
	i++
	if b, ok2 = num(1, 2); !ok2 || i >= len(s) || s[i] != sep {
		return 0, 0, 0, 0, false
	}
	i++
	if year, ok3 = num(4, 4); !ok3 || i != len(s) {
		return 0, 0, 0, 0, false
	}
	return a, b, year, sep, true
}

// validDate reports whether the month has the day in that year.
func validDate(y, m, d int) bool {
	return m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m)
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// checkYear refuses a date outside MinYear to MaxYear.
func checkYear(s string, d Date) (Date, error) {
	y := (int(d[0]-'0')*10+int(d[1]-'0'))*100 + int(d[2]-'0')*10 + int(d[3]-'0')
	if y < MinYear || y > MaxYear {
		return "", fmt.Errorf("%q lies outside the years %d to %d: correct the date (write no placeholder such as 9999-12-31; leave the cell empty when there is no date)", s, MinYear, MaxYear)
	}
	return d, nil
}

// isCanonicalDate reports whether s is a valid date spelt YYYY-MM-DD, the
// spelling nearly every export uses: exactly what time.Parse accepts with the
// layout 2006-01-02 (four-digit year, two-digit month 01-12, two-digit day
// that the month has).
func isCanonicalDate(s string) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	n := 0
	for i := range 10 {
		if i == 4 || i == 7 {
			continue
		}
		c := s[i]
		if c < '0' || c > '9' {
			return false
		}
		n = n*10 + int(c-'0') // yyyymmdd
	}
	year, month, day := n/10000, n/100%100, n%100
	if month < 1 || month > 12 || day < 1 {
		return false
	}
	return day <= daysIn(year, month)
}

// MustDate is ParseDate for constants in tests and generators; it panics on a bad date.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// DateOf returns the calendar date of t in t's location.
func DateOf(t time.Time) Date { return Date(t.Format("2006-01-02")) }

// IsZero reports whether the date was not given.
func (d Date) IsZero() bool { return d == "" }

// String returns the canonical spelling, or "" for the zero Date.
func (d Date) String() string { return string(d) }

// Time returns midnight UTC of the date; the zero Date gives the zero Time.
func (d Date) Time() time.Time {
	if d == "" {
		return time.Time{}
	}
	t, err := time.Parse("2006-01-02", string(d))
	if err != nil {
		return time.Time{}
	}
	return t
}

// AddDays returns the date n days later (earlier for negative n).
func (d Date) AddDays(n int) Date {
	if d == "" {
		return ""
	}
	y, m, dd := civilFromDays(d.dayNumber() + n)
	return Date(fmt.Sprintf("%04d-%02d-%02d", y, m, dd))
}

// DaysUntil returns the number of days from d to later; negative when later is
// before d. Either date being zero gives 0. It counts calendar days, not
// nanoseconds, so that it holds for any year.
func (d Date) DaysUntil(later Date) int {
	if d == "" || later == "" {
		return 0
	}
	return later.dayNumber() - d.dayNumber()
}

// dayNumber returns the days from 1970-01-01 to a canonical date (Howard
// Hinnant's days_from_civil).
func (d Date) dayNumber() int {
	s := string(d)
	if len(s) < 10 {
		return 0
	}
	digits := func(from, to int) int {
		n := 0
		for _, c := range s[from:to] {
			n = n*10 + int(c-'0')
		}
		return n
	}
	y, m, day := digits(0, 4), digits(5, 7), digits(8, 10)
	if m <= 2 {
		y--
	}
	era := y / 400
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + day - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// civilFromDays is dayNumber's inverse (Howard Hinnant's civil_from_days),
// for days on or after 0000-03-01.
func civilFromDays(z int) (y, m, d int) {
	z += 719468
	era := z / 146097
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = doy - (153*mp+2)/5 + 1
	m = mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return y, m, d
}

// Before reports whether d is strictly before other. Zero dates are never before anything.
func (d Date) Before(other Date) bool { return d != "" && other != "" && d < other }

// After reports whether d is strictly after other. Zero dates are never after anything.
func (d Date) After(other Date) bool { return d != "" && other != "" && d > other }
