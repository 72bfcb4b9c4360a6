package ingest

import (
	"fmt"
	"strings"

	"github.com/syncaudit/syncaudit"
)

// The raw rows: one string per contract column, decoded from a CSV
// or JSON table. Converting them to domain values (dates, booleans, lists,
// links) happens in one place, with file, line and column for every error.

type sourceRow struct {
	SourceID   string `csv:"source_id"`
	School     string `csv:"school"`
	Kind       string `csv:"kind"`
	Role       string `csv:"role"`
	FirstName  string `csv:"first_name"`
	NamePrefix string `csv:"name_prefix"`
	LastName   string `csv:"last_name"`
	Email      string `csv:"email"`
	Groups     string `csv:"groups"`
	Courses    string `csv:"courses"`
	Programs   string `csv:"programs"`
	StartDate  string `csv:"start_date"`
	EndDate    string `csv:"end_date"`
}

type accountRow struct {
	AccountID   string `csv:"account_id"`
	Username    string `csv:"username"`
	FirstName   string `csv:"first_name"`
	NamePrefix  string `csv:"name_prefix"`
	LastName    string `csv:"last_name"`
	Email       string `csv:"email"`
	Kind        string `csv:"kind"`
	Status      string `csv:"status"`
	DeletedAt   string `csv:"deleted_at"`
	RestoredAt  string `csv:"restored_at"`
	Schools     string `csv:"schools"`
	Links       string `csv:"links"`
	LastLogin   string `csv:"last_login"`
	M365        string `csv:"m365"`
	M365License string `csv:"m365_license"`
	Google      string `csv:"google"`
	Programs    string `csv:"programs"`
}

type exceptionRow struct {
	AccountID  string `csv:"account_id"`
	Reason     string `csv:"reason"`
	AddedBy    string `csv:"added_by"`
	AddedAt    string `csv:"added_at"`
	ReviewedAt string `csv:"reviewed_at"`
	ExpiresAt  string `csv:"expires_at"`
}

type membershipRow struct {
	AccountID string `csv:"account_id"`
	School    string `csv:"school"`
	Group     string `csv:"group"`
	Kind      string `csv:"kind"`
	Origin    string `csv:"origin"`
}

// maxErrors is how many input errors of one file are collected before reading stops.
const maxErrors = 50

// A cells converts the cells of one row, collecting errors that name the
// file, line and column.
type cells struct {
	file string
	line int
	h    header
	errs *syncaudit.InputErrors
	// dates, when set, works out each date column's format (dates.go); row
	// is the row's index among the records its table keeps.
	dates *dateColumns
	row   int
}

func (c cells) fail(column, value, problem, fix string) {
	*c.errs = append(*c.errs, &syncaudit.InputError{File: c.file, Line: c.line, Column: column, ColumnIndex: c.h.index[column], Value: value, Problem: problem, Fix: fix})
}

func (c cells) required(column, value string) string {
	v := strings.TrimSpace(value)
	if v == "" {
		c.fail(column, value, "a value is required", "fill in "+column+" on this row")
	}
	return v
}

func (c cells) date(column, value string) syncaudit.Date {
	if strings.TrimSpace(value) == "" {
		return ""
	}
	if c.dates == nil {
		c.dates = newDateColumns(c.file, "", 0)
	}
	return c.dates.read(c, column, value)
}

// notAfter refuses the date of a past event (an entry added or reviewed)
// that lies after the run date: the export or the run date is wrong.
func (c cells) notAfter(column string, d, runDate syncaudit.Date) {
	if d.After(runDate) {
		c.fail(column, string(d), "the date is after the run date "+string(runDate), "correct the date, or pass the right --run-date")
	}
}

func (c cells) boolean(column, value string) bool {
	switch strings.ToLower(strings.TrimSpace(value)) {
	case "", "false", "no", "nee", "nej", "0", "n":
		return false
	case "true", "yes", "ja", "1", "y", "j":
		return true
	}
	c.fail(column, value, "not a yes/no value", "write true/false, yes/no, ja/nee or 1/0")
	return false
}

func (c cells) kind(column, value string, required bool) syncaudit.Kind {
	if strings.TrimSpace(value) == "" {
		if required {
			c.fail(column, value, "a value is required", "write student, staff or guardian")
		}
		return ""
	}
	k, err := syncaudit.ParseKind(value)
	if err != nil {
		c.fail(column, value, "unknown kind", "write student, staff or guardian (leerling, leerkracht, ouder; elev, lärare, vårdnadshavare)")
	}
	return k
}

// list splits a |-separated cell into trimmed, non-empty items.
func list(value string) []string {
	if strings.TrimSpace(value) == "" {
		return nil
	}
	parts := strings.Split(value, listSeparator)
	out := parts[:0]
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func (r *sourceRow) record(c cells, src syncaudit.Source) syncaudit.SourceRecord {
	return syncaudit.SourceRecord{
		Source:     src,
		SourceID:   c.required("source_id", r.SourceID),
		School:     c.required("school", r.School),
		Kind:       c.kind("kind", r.Kind, true),
		Role:       strings.TrimSpace(r.Role),
		FirstName:  strings.TrimSpace(r.FirstName),
		NamePrefix: strings.TrimSpace(r.NamePrefix),
		LastName:   strings.TrimSpace(r.LastName),
		Email:      strings.TrimSpace(r.Email),
		Groups:     list(r.Groups),
		Courses:    list(r.Courses),
		Programs:   list(r.Programs),
		StartDate:  c.date("start_date", r.StartDate),
		EndDate:    c.date("end_date", r.EndDate),
		Line:       c.line,
	}
}

func (r *accountRow) account(c cells) syncaudit.Account {
	a := syncaudit.Account{
		ID:          c.required("account_id", r.AccountID),
		Username:    c.required("username", r.Username),
		FirstName:   strings.TrimSpace(r.FirstName),
		NamePrefix:  strings.TrimSpace(r.NamePrefix),
		LastName:    strings.TrimSpace(r.LastName),
		Email:       strings.TrimSpace(r.Email),
		Kind:        c.kind("kind", r.Kind, false),
		DeletedAt:   c.date("deleted_at", r.DeletedAt),
		RestoredAt:  c.date("restored_at", r.RestoredAt),
		Schools:     list(r.Schools),
		LastLogin:   c.date("last_login", r.LastLogin),
		M365:        c.boolean("m365", r.M365),
		M365License: c.boolean("m365_license", r.M365License),
		Google:      c.boolean("google", r.Google),
		Programs:    list(r.Programs),
		Line:        c.line,
	}
	switch normaliseHeader(r.Status) {
	case "active", "actief", "aktiv", "enabled":
		a.Status = syncaudit.Active
	case "softdeleted", "deleted", "verwijderd", "borttagen", "raderad":
		a.Status = syncaudit.SoftDeleted
	default:
		c.fail("status", r.Status, "unknown status", "write active or soft_deleted")
	}
	if a.Status == syncaudit.SoftDeleted && a.DeletedAt.IsZero() && strings.TrimSpace(r.DeletedAt) == "" {
		c.fail("deleted_at", r.DeletedAt, "a soft-deleted account needs the date it was deleted", "fill in deleted_at (D7 counts the days from it)")
	}
	seen := map[syncaudit.Link]bool{}
	for _, item := range list(r.Links) {
		l, err := syncaudit.ParseLink(item)
		if err != nil {
			problem := "not a link"
			if src, _, ok := strings.Cut(item, ":"); ok {
				if _, err := syncaudit.ParseSource(src); err != nil {
					problem = fmt.Sprintf("a link to an unknown source %q", src)
				}
			}
			c.fail("links", item, problem, "write links as source:id, e.g. las:1001|hr:E-42 (source las, hr or sis)")
			continue
		}
		if !seen[l] {
			seen[l] = true
			a.Links = append(a.Links, l)
		}
	}
	return a
}

func (r *exceptionRow) entry(c cells) syncaudit.ExceptionEntry {
	return syncaudit.ExceptionEntry{
		AccountID:  c.required("account_id", r.AccountID),
		Reason:     strings.TrimSpace(r.Reason),
		AddedBy:    strings.TrimSpace(r.AddedBy),
		AddedAt:    c.date("added_at", r.AddedAt),
		ReviewedAt: c.date("reviewed_at", r.ReviewedAt),
		ExpiresAt:  c.date("expires_at", r.ExpiresAt),
		Line:       c.line,
	}
}

func (r *membershipRow) membership(c cells) syncaudit.Membership {
	m := syncaudit.Membership{
		AccountID: c.required("account_id", r.AccountID),
		School:    c.required("school", r.School),
		Group:     c.required("group", r.Group),
		Kind:      syncaudit.GroupMembership,
		Origin:    syncaudit.SyncOrigin,
		Line:      c.line,
	}
	switch normaliseHeader(r.Kind) {
	case "", "group", "groep", "klas", "class", "grupp", "klass":
	case "course", "cursus", "vak", "lesgroep", "kurs", "subject":
		m.Kind = syncaudit.CourseMembership
	default:
		c.fail("kind", r.Kind, "unknown membership kind", "write group or course")
	}
	switch normaliseHeader(r.Origin) {
	case "", "sync", "synced", "synchronisatie", "synk":
	case "manual", "handmatig", "manuell", "manuellt":
		m.Origin = syncaudit.ManualOrigin
	default:
		c.fail("origin", r.Origin, "unknown origin", "write sync or manual")
	}
	return m
}

// tooMany reports whether a file has collected enough errors to stop reading.
func tooMany(errs syncaudit.InputErrors) bool { return len(errs) >= maxErrors }

// errOrNil returns the collected errors as one error, or nil.
func errOrNil(errs syncaudit.InputErrors) error {
	if len(errs) == 0 {
		return nil
	}
	if len(errs) == 1 {
		return errs[0]
	}
	return errs
}

// errStop ends a table read early once too many errors are collected.
var errStop = fmt.Errorf("too many errors")
