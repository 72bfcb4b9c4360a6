package syncaudit

import "fmt"

// A Structure is how a tenant is organised; it decides usernames (U1) and what
// happens to an account that a school no longer offers (D2–D5).
type Structure string

// The three tenant structures of rule U1, with their Dutch names as aliases.
const (
	SingleSchool Structure = "single_school" // eenpitter: one school, name@schooldomain, D2
	Board        Structure = "board"         // bestuur: name@boarddomain, D3
	MultiDomain  Structure = "multi_domain"  // multidomein: name@schooldomain of one school, D4
)

// ParseStructure reads a structure in English or Dutch (eenpitter, bestuur, multidomein).
func ParseStructure(s string) (Structure, error) {
	switch normaliseWord(s) {
	case "singleschool", "eenpitter", "single":
		return SingleSchool, nil
	case "board", "bestuur", "bestuursorganisatie":
		return Board, nil
	case "multidomain", "multidomein":
		return MultiDomain, nil
	}
	return "", fmt.Errorf("unknown structure %q: use single_school, board or multi_domain (eenpitter, bestuur, multidomein)", s)
}

// A Tenant is one organisation in the target platform: a single school, a
// school board, or a multi-domain municipality (U1), with its schools and the
// policy settings that override the rule book's defaults.
type Tenant struct {
	ID        string    `json:"id" yaml:"id"`
	Name      string    `json:"name" yaml:"name"`
	Structure Structure `json:"structure" yaml:"structure"`
	// Domain is the board domain; required for a Board (U1).
	Domain string `json:"domain,omitempty" yaml:"domain,omitempty"`
	// Language is the report language: en, nl or sv.
	Language string `json:"language,omitempty" yaml:"language,omitempty"`
	// RunDate is the date the policies treat as today; the CLI's --run-date overrides it.
	RunDate Date     `json:"run_date,omitempty" yaml:"run_date,omitempty"`
	Schools []School `json:"schools" yaml:"schools"`
	// Policy holds the tenant's overrides of the rule book's parameters
	// (precedence, hr_roles, locks, day counts, mass_delete, mass_update,
	// disabled_rules), exactly as written under tenant.yaml's policy key.
	Policy map[string]any `json:"policy,omitempty" yaml:"policy,omitempty"`
	// DateFormats says, per table file, how its /-separated dates are written
	// when every value would read both day-first and month-first: keys las,
	// hr, sis (the sources), accounts and exceptions (tenant.yaml's
	// date_format). Reading only; the rule book never sees it.
	DateFormats map[string]DateFormat `json:"-" yaml:"date_format,omitempty"`
}

// School returns the school with the given code and whether the tenant lists it.
func (t *Tenant) School(id string) (School, bool) {
	for _, s := range t.Schools {
		if s.ID == id {
			return s, true
		}
	}
	return School{}, false
}

// A School is one school of a tenant: its code (BRIN in the Netherlands, the
// school-unit code in Sweden), its e-mail domain (U1) and its sync switches (V1–V9).
type School struct {
	ID     string       `json:"id" yaml:"id"`
	Name   string       `json:"name" yaml:"name"`
	Domain string       `json:"domain,omitempty" yaml:"domain,omitempty"`
	Sync   SyncSwitches `json:"sync" yaml:"sync"`
}

// SyncSwitches are the per-school switches of a student-register sync (S5, V1–V9).
// Every switch defaults to true and GuardiansFrom to the zero Date (no limit):
// use DefaultSyncSwitches, then override what the tenant sets.
type SyncSwitches struct {
	Automatic           bool       `json:"automatic" yaml:"automatic"`                         // V1 master switch
	Students            bool       `json:"students" yaml:"students"`                           // V2, V3
	Staff               bool       `json:"staff" yaml:"staff"`                                 // V2, V3
	Guardians           bool       `json:"guardians" yaml:"guardians"`                         // V4
	GuardiansFrom       Date       `json:"guardians_from,omitempty" yaml:"guardians_from"`     // V4
	Subjects            bool       `json:"subjects" yaml:"subjects"`                           // V5
	SubjectMembers      bool       `json:"subject_members" yaml:"subject_members"`             // V6
	Classes             bool       `json:"classes" yaml:"classes"`                             // V7
	ClassTeachers       bool       `json:"class_teachers" yaml:"class_teachers"`               // V7
	ForceEmail          ForceEmail `json:"force_email" yaml:"force_email"`                     // V8
	ManualCourseMembers bool       `json:"manual_course_members" yaml:"manual_course_members"` // V9
}

// ForceEmail says, per kind of person, whether the register's e-mail address is
// forced onto the account and locked there (V8, an L1 lock).
type ForceEmail struct {
	Students  bool `json:"students" yaml:"students"`
	Staff     bool `json:"staff" yaml:"staff"`
	Guardians bool `json:"guardians" yaml:"guardians"`
}

// DefaultSyncSwitches returns the switches of a school whose tenant sets none:
// every switch on, forced e-mail off (V1–V9).
func DefaultSyncSwitches() SyncSwitches {
	return SyncSwitches{
		Automatic: true, Students: true, Staff: true, Guardians: true,
		Subjects: true, SubjectMembers: true, Classes: true, ClassTeachers: true,
		ManualCourseMembers: true,
	}
}
