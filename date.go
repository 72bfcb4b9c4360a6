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

// dateLayouts are the spellings the contract accepts, canonical first.
var dateLayouts = []string{"2006-01-02", "02-01-2006", "2006-01-02T15:04:05Z07:00", "2-1-2006", "02/01/2006", "2/1/2006"}

// ParseDate reads a date in one of the contract's spellings: YYYY-MM-DD,
// DD-MM-YYYY or YYYY-MM-DDThh:mm:ssZ (a Dutch export's D-M-YYYY and DD/MM/YYYY
// are accepted too). An empty or blank string gives the zero Date.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	if isCanonicalDate(s) {
		return Date(s), nil // as parsing and formatting it would give, without either
	}
	return parseDateLayouts(s)
}

// parseDateLayouts tries each of the contract's spellings in turn.
func parseDateLayouts(s string) (Date, error) {
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return DateOf(t), nil
		}
	}
	return "", fmt.Errorf("%q is not a date: write it as YYYY-MM-DD (or DD-MM-YYYY)", s)
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
	return day <= time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
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
	return DateOf(d.Time().AddDate(0, 0, n))
}

// DaysUntil returns the number of days from d to later; negative when later is
// before d. Either date being zero gives 0.
func (d Date) DaysUntil(later Date) int {
	if d == "" || later == "" {
		return 0
	}
	return int(later.Time().Sub(d.Time()).Hours() / 24)
}

// Before reports whether d is strictly before other. Zero dates are never before anything.
func (d Date) Before(other Date) bool { return d != "" && other != "" && d < other }

// After reports whether d is strictly after other. Zero dates are never after anything.
func (d Date) After(other Date) bool { return d != "" && other != "" && d > other }
