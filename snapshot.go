package syncaudit

import (
	"fmt"
	"strings"
	"unicode"
)

// A Source is a system that feeds the target (S1): the LAS through Basispoort,
// an HR system, or a student register.
type Source string

// The sources a snapshot may hold, in the default order of precedence (S4).
const (
	LAS Source = "las"
	HR  Source = "hr"
	SIS Source = "sis"
)

// Sources lists every source in the default order of precedence (S4).
var Sources = []Source{HR, LAS, SIS}

// ParseSource reads a source name: las, hr or sis.
func ParseSource(s string) (Source, error) {
	switch src := Source(strings.ToLower(strings.TrimSpace(s))); src {
	case LAS, HR, SIS:
		return src, nil
	}
	return "", fmt.Errorf("unknown source %q: use las, hr or sis", s)
}

// A Kind is the role a person has at a school.
type Kind string

// The kinds of person; the target syncs them separately (V3, V4).
const (
	Student  Kind = "student"
	Staff    Kind = "staff"
	Guardian Kind = "guardian"
)

// ParseKind reads a kind in English, Dutch or Swedish
// (leerling/leerkracht/medewerker/ouder, elev/lärare/personal/vårdnadshavare).
func ParseKind(s string) (Kind, error) {
	switch normaliseWord(s) {
	case "student", "pupil", "leerling", "elev":
		return Student, nil
	case "staff", "teacher", "employee", "leerkracht", "leraar", "docent", "medewerker", "personeel", "larare", "lärare", "personal":
		return Staff, nil
	case "guardian", "parent", "ouder", "verzorger", "vardnadshavare", "vårdnadshavare":
		return Guardian, nil
	}
	return "", fmt.Errorf("unknown kind %q: use student, staff or guardian (leerling, leerkracht, ouder; elev, lärare, vårdnadshavare)", s)
}

// A SourceRecord is one row of a source export: one person at one school in
// one role (S1). A person at two schools is two records with the same SourceID.
// Eligibility is decided by the rule book (S2, S3, S5, V1–V4).
type SourceRecord struct {
	Source     Source   `json:"source"`
	SourceID   string   `json:"source_id"`
	School     string   `json:"school"`
	Kind       Kind     `json:"kind"`
	Role       string   `json:"role,omitempty"` // S3 condition
	FirstName  string   `json:"first_name"`
	NamePrefix string   `json:"name_prefix,omitempty"` // the Dutch tussenvoegsel
	LastName   string   `json:"last_name"`
	Email      string   `json:"email,omitempty"`
	Groups     []string `json:"groups,omitempty"`   // S2, V7
	Courses    []string `json:"courses,omitempty"`  // V5, V6
	Programs   []string `json:"programs,omitempty"` // P1
	StartDate  Date     `json:"start_date,omitempty"`
	EndDate    Date     `json:"end_date,omitempty"`
	// Line is the record's line in its file (1 = header), for messages.
	Line int `json:"-"`
}

// Link returns the link an account would carry for this record (M1).
func (r *SourceRecord) Link() Link { return Link{Source: r.Source, SourceID: r.SourceID} }

// A Link is an account's reference to a person in a source, written
// source:source_id (M1). Accounts are matched to source records by links only.
type Link struct {
	Source   Source
	SourceID string
}

// ParseLink reads a link written source:source_id.
func ParseLink(s string) (Link, error) {
	src, id, ok := strings.Cut(strings.TrimSpace(s), ":")
	if !ok || strings.TrimSpace(id) == "" {
		return Link{}, fmt.Errorf("link %q is not written source:id (for example las:1001 or hr:E-42)", s)
	}
	source, err := ParseSource(src)
	if err != nil {
		return Link{}, fmt.Errorf("link %q: %w", s, err)
	}
	return Link{Source: source, SourceID: strings.TrimSpace(id)}, nil
}

// String returns the link as source:source_id.
func (l Link) String() string { return string(l.Source) + ":" + l.SourceID }

// MarshalText writes the link as source:source_id.
func (l Link) MarshalText() ([]byte, error) { return []byte(l.String()), nil }

// UnmarshalText reads a link written source:source_id.
func (l *Link) UnmarshalText(b []byte) error {
	parsed, err := ParseLink(string(b))
	if err != nil {
		return err
	}
	*l = parsed
	return nil
}

// An AccountStatus is whether an account is active or in "deleted users" (D2–D8).
type AccountStatus string

// The statuses of an account in the target.
const (
	Active      AccountStatus = "active"
	SoftDeleted AccountStatus = "soft_deleted"
)

// An Account is a user in the target platform, active or soft-deleted.
// With at least one link it is source-managed (L1, L4); without, it is manual
// (M2, P2, E2).
type Account struct {
	ID          string        `json:"account_id"`
	Username    string        `json:"username"` // U1
	FirstName   string        `json:"first_name"`
	NamePrefix  string        `json:"name_prefix,omitempty"`
	LastName    string        `json:"last_name"`
	Email       string        `json:"email,omitempty"`
	Kind        Kind          `json:"kind,omitempty"`
	Status      AccountStatus `json:"status"`
	DeletedAt   Date          `json:"deleted_at,omitempty"`  // D7
	RestoredAt  Date          `json:"restored_at,omitempty"` // D8, E3
	Schools     []string      `json:"schools"`
	Links       []Link        `json:"links,omitempty"`
	LastLogin   Date          `json:"last_login,omitempty"` // E6
	M365        bool          `json:"m365,omitempty"`       // D6
	M365License bool          `json:"m365_license,omitempty"`
	Google      bool          `json:"google,omitempty"`
	// Programs are the Basispoort programs in the account's program library
	// in the target (P3), as the optional programs column shows them.
	Programs []string `json:"programs,omitempty"`
	// Line is the account's line in its file (1 = header), for messages.
	Line int `json:"-"`
}

// Manual reports whether the account has no link: made by hand in the target.
func (a *Account) Manual() bool { return len(a.Links) == 0 }

// An ExceptionEntry is one entry of the import-exceptions list: it protects
// an account against deletion by the sync (D5, E1–E10).
type ExceptionEntry struct {
	AccountID  string `json:"account_id"`
	Reason     string `json:"reason,omitempty"`      // E1, E4
	AddedBy    string `json:"added_by,omitempty"`    // E1
	AddedAt    Date   `json:"added_at,omitempty"`    // E1, E5
	ReviewedAt Date   `json:"reviewed_at,omitempty"` // E5, E9
	ExpiresAt  Date   `json:"expires_at,omitempty"`  // E10
	// Line is the entry's line in its file (1 = header), for messages.
	Line int `json:"-"`
}

// LastReviewed returns when the entry was last looked at: its review date, or
// else the date it was added (E5).
func (e *ExceptionEntry) LastReviewed() Date {
	if e.ReviewedAt.After(e.AddedAt) || e.AddedAt.IsZero() {
		return e.ReviewedAt
	}
	return e.AddedAt
}

// A MembershipKind says whether a membership is of a class group or a course.
type MembershipKind string

// The kinds of membership (V5–V7).
const (
	GroupMembership  MembershipKind = "group"
	CourseMembership MembershipKind = "course"
)

// An Origin says who made a membership: the sync, or a person by hand (V9).
type Origin string

// The origins of a membership.
const (
	SyncOrigin   Origin = "sync"
	ManualOrigin Origin = "manual"
)

// A Membership is an account's place in a group or course in the target (V5–V7, V9).
type Membership struct {
	AccountID string         `json:"account_id"`
	School    string         `json:"school"`
	Group     string         `json:"group"`
	Kind      MembershipKind `json:"kind"`
	Origin    Origin         `json:"origin"`
	// Line is the membership's line in its file (1 = header), for messages.
	Line int `json:"-"`
}

// An InputFile is one file a snapshot was read from, as the report's
// run.inputs records it: its path inside the snapshot, SHA-256 and record
// count. Format and Delimiter say how it was written, so that apply can write
// the next snapshot the same way.
type InputFile struct {
	File      string `json:"file"`
	SHA256    string `json:"sha256"`
	Records   int    `json:"records"`
	Format    string `json:"-"` // "yaml", "csv", "json" or "jsonl"
	Delimiter rune   `json:"-"` // for CSV: ',' or ';'
	// IgnoredColumns lists the table's columns that no contract column has
	// (header cells or JSON keys, as written): kept in the file, not read.
	IgnoredColumns []string `json:"ignored_columns,omitempty"`
	// ColumnHints are the ignored columns that nearly match an accepted
	// header: a misspelt column whose values are lost. For the rule book
	// (data.tenant.inputs), not the report's inputs.
	ColumnHints []ColumnHint `json:"-"`
	// Path is the file's path inside the snapshot when it is spelt otherwise
	// than File, the contract's name (sources/LAS.CSV for sources/las.csv);
	// "" when the two are the same.
	Path string `json:"-"`
}

// A ColumnHint is an ignored column of an input file that resembles an
// accepted header: Column as written, the accepted spelling it resembles,
// and the contract column that spelling means.
type ColumnHint struct {
	Column    string `json:"column"`
	Resembles string `json:"resembles"`
	Means     string `json:"means"`
}

// PathInSnapshot returns where the file lies inside the snapshot folder.
func (in InputFile) PathInSnapshot() string {
	if in.Path != "" {
		return in.Path
	}
	return in.File
}

// A Snapshot is everything syncaudit knows about one tenant at one moment:
// the tenant, every source record, and the target's accounts, exception list
// and memberships, with the files they came from.
type Snapshot struct {
	// Dir is the folder the snapshot was read from.
	Dir         string
	Tenant      Tenant
	Records     []SourceRecord
	Accounts    []Account
	Exceptions  []ExceptionEntry
	Memberships []Membership
	// Inputs lists the files read, in a fixed order: tenant, sources, target.
	Inputs []InputFile
	// Unoffered counts, per source, the rows at schools the tenant does not
	// list: an HR export holds every location. They are never offered.
	Unoffered map[Source]int
	// TargetPrograms is true when the target's account export has a programs
	// column (P3): only then does an empty library mean "no programs".
	TargetPrograms bool
}

// HasSource reports whether the snapshot holds an export of the source.
func (s *Snapshot) HasSource(src Source) bool {
	prefix := "sources/" + string(src) + "."
	for _, in := range s.Inputs {
		if strings.HasPrefix(in.File, prefix) {
			return true
		}
	}
	return false
}

// normaliseWord lowercases s and drops spaces, dashes, underscores and dots,
// so that "Single-School" and "single_school" read alike.
func normaliseWord(s string) string {
	if isLowerASCII(s) {
		return s // already normal: the common case, without building a copy
	}
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(s)) {
		if r == ' ' || r == '-' || r == '_' || r == '.' || unicode.IsSpace(r) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// isLowerASCII reports whether s is made of the letters a to z only.
func isLowerASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return true
}
