package syncaudit

import "strings"

// ReportSchema is the schema name every report.json carries.
const ReportSchema = "syncaudit.report/v1"

// A Severity ranks a finding: deny refuses the run or names an invalid state,
// warn asks a reviewer to look, info is for the record.
type Severity string

// The severities of a finding, from most to least severe.
const (
	Deny Severity = "deny"
	Warn Severity = "warn"
	Info Severity = "info"
)

// Severities lists every severity, most severe first.
var Severities = []Severity{Deny, Warn, Info}

// Rank orders severities: deny 3, warn 2, info 1, anything else 0.
func (s Severity) Rank() int {
	switch s {
	case Deny:
		return 3
	case Warn:
		return 2
	case Info:
		return 1
	}
	return 0
}

// An ActionKind is what the next sync (or a review) will do to an account.
type ActionKind string

// The action kinds of the report schema.
const (
	Create          ActionKind = "create"            // M4
	Update          ActionKind = "update"            // L2, V8
	LinkSchool      ActionKind = "link_school"       // S2–S5 at a new school
	UnlinkSchool    ActionKind = "unlink_school"     // D3, D4, D5
	UnlinkSource    ActionKind = "unlink_source"     // D1
	SoftDelete      ActionKind = "soft_delete"       // D2, D3, D4
	KeepByException ActionKind = "keep_by_exception" // D5
	SuspendM365     ActionKind = "suspend_m365"      // D6
	ReleaseLicense  ActionKind = "release_license"   // D6
	SuspendGoogle   ActionKind = "suspend_google"    // D6
	PurgeCandidate  ActionKind = "purge_candidate"   // D7
	AddMembership   ActionKind = "add_membership"    // V5–V7
	RemoveMember    ActionKind = "remove_membership" // V9
	// Actions from an exception-list review (E9).
	SetExceptionReason ActionKind = "set_exception_reason"
	RemoveException    ActionKind = "remove_exception"
	DeleteAccount      ActionKind = "delete_account"
)

// ActionKinds lists every action kind in the order reports show them.
var ActionKinds = []ActionKind{
	Create, Update, LinkSchool, UnlinkSchool, UnlinkSource, SoftDelete, KeepByException,
	SuspendM365, ReleaseLicense, SuspendGoogle, PurgeCandidate, AddMembership, RemoveMember,
	SetExceptionReason, RemoveException, DeleteAccount,
}

// A State says whether an action will happen: planned, or skipped because a
// sync switch (V1, V3–V7) holds it back.
type State string

// The states of an action.
const (
	Planned State = "planned"
	Skipped State = "skipped"
)

// An Action is one change the next sync (or a review decision) makes to the
// target. It names its rule, the account, the evidence and, in Reason, why in
// words a coordinator can check.
type Action struct {
	Kind     ActionKind `json:"kind"`
	Account  string     `json:"account"`
	School   string     `json:"school,omitempty"`
	Field    string     `json:"field,omitempty"`     // update
	From     string     `json:"from,omitempty"`      // update
	To       string     `json:"to,omitempty"`        // update
	Source   string     `json:"source,omitempty"`    // update, create, unlink_source
	SourceID string     `json:"source_id,omitempty"` // create, unlink_source
	Group    string     `json:"group,omitempty"`     // add_membership, remove_membership
	// ExpiresAt is the new expiry date of a kept exception entry (E9, E10).
	ExpiresAt Date   `json:"expires_at,omitempty"`
	Rule      string `json:"rule"`
	State     State  `json:"state"`
	SkippedBy string `json:"skipped_by,omitempty"` // the V rule that holds a skipped action back
	// Reason says why in the report's language, rendered from MessageID and
	// Args (or written by a user policy as it is).
	Reason string `json:"reason,omitempty"`
	// MessageID names the reason's sentence in the message catalogue, and
	// Args are its named arguments (docs/policies.md, "Messages").
	MessageID string         `json:"message_id,omitempty"`
	Args      map[string]any `json:"args,omitempty"`
	// Evidence holds the facts the action rests on (source, value, date, days).
	Evidence map[string]string `json:"evidence,omitempty"`
}

// A Finding is something the rule book reports about an account, an entry of
// the exception list, a source record or the run as a whole: what is wrong or
// worth a look, the evidence, and the fix in a coordinator's words.
type Finding struct {
	Rule     string   `json:"rule"`
	Severity Severity `json:"severity"`
	Account  string   `json:"account"`
	School   string   `json:"school,omitempty"`
	Source   string   `json:"source,omitempty"`
	SourceID string   `json:"source_id,omitempty"`
	// Message and Fix are in the report's language, rendered from MessageID
	// and Args (or written by a user policy as they are).
	Message string `json:"message"`
	Fix     string `json:"fix"`
	// MessageID names the finding's message and fix in the message
	// catalogue, and Args are their named arguments (docs/policies.md,
	// "Messages").
	MessageID string         `json:"message_id,omitempty"`
	Args      map[string]any `json:"args,omitempty"`
	// Evidence holds the facts the finding rests on (source, value, date, days).
	Evidence map[string]string `json:"evidence,omitempty"`
}

// A Rule is one entry of the rule catalogue, read from a policy's METADATA.
type Rule struct {
	ID          string   `json:"id"`
	Severity    Severity `json:"severity,omitempty"`
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Seed        string   `json:"seed,omitempty"`
	// SeedTitle names the seed for a reader, in the report's language: the
	// title of the help article, or that the rule is a choice of this rule book.
	SeedTitle string `json:"seed_title,omitempty"`
	// File is the policy file that holds the rule.
	File string `json:"file,omitempty"`
}

// A PolicyFile is one Rego file of the policy set, with its digest (provenance).
type PolicyFile struct {
	File   string `json:"file"`
	SHA256 string `json:"sha256"`
}

// Tool names the program that wrote a report: its version (the one the
// build injected, else the module's), the VCS revision it was built from
// and the OPA library that evaluated the rule book, so a report names the
// build that wrote it.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	// Revision is the VCS revision of the build, with "-modified" when the
	// working tree had uncommitted changes; "" when the build recorded none.
	Revision string `json:"revision,omitempty"`
	// OPA is the version of the OPA library (github.com/open-policy-agent/opa).
	OPA string `json:"opa_version,omitempty"`
}

// String names the build: "syncaudit 1.2.0 (revision 0123456789ab, OPA 1.22.2)".
func (t Tool) String() string {
	s := strings.TrimSpace(t.Name + " " + t.Version)
	var extra []string
	if t.Revision != "" {
		rev := t.Revision
		if base, modified := strings.CutSuffix(rev, "-modified"); modified {
			rev = base[:min(len(base), 12)] + "-modified"
		} else {
			rev = rev[:min(len(rev), 12)]
		}
		extra = append(extra, "revision "+rev)
	}
	if t.OPA != "" {
		extra = append(extra, "OPA "+t.OPA)
	}
	if len(extra) > 0 {
		s += " (" + strings.Join(extra, ", ") + ")"
	}
	return s
}

// Run says what a report was made from: the tenant, the run date, every input
// file with its digest, and the policy set.
type Run struct {
	Tenant       string      `json:"tenant"`
	TenantName   string      `json:"tenant_name,omitempty"`
	Structure    Structure   `json:"structure"`
	RunDate      Date        `json:"run_date"`
	Language     string      `json:"language,omitempty"`
	Inputs       []InputFile `json:"inputs"`
	PolicyDigest string      `json:"policy_digest"`
	// Policies lists the policy files used, with their digests.
	Policies []PolicyFile `json:"policies,omitempty"`
	// Parameters are the rule book's parameters in force (defaults merged with
	// the tenant's policy settings).
	Parameters map[string]any `json:"parameters,omitempty"`
	// DisabledRules are the rule ids switched off for this run.
	DisabledRules []string `json:"disabled_rules,omitempty"`
	// GeneratedAt is when the report was made (RFC 3339, UTC): check
	// --generated-at, else SOURCE_DATE_EPOCH, else the clock. Apart from the
	// run date, which is the day the rules treat as today.
	GeneratedAt string `json:"generated_at,omitempty"`
	// Unoffered counts, per source, the rows at schools the tenant does not list.
	Unoffered map[Source]int `json:"unoffered_rows,omitempty"`
}

// Summary counts what a report holds.
type Summary struct {
	Accounts int `json:"accounts"`
	// Actions counts the actions per kind (planned and skipped together).
	Actions map[ActionKind]int `json:"actions"`
	// Skipped counts the skipped actions per kind.
	Skipped  map[ActionKind]int `json:"skipped,omitempty"`
	Findings map[Severity]int   `json:"findings"`
}

// A Report is the outcome of a check: what was checked, the actions the next
// sync will take and the findings, in a stable order.
type Report struct {
	Schema   string    `json:"schema"`
	Tool     Tool      `json:"tool"`
	Run      Run       `json:"run"`
	Summary  Summary   `json:"summary"`
	Actions  []Action  `json:"actions"`
	Findings []Finding `json:"findings"`
	// Rules is the catalogue of the rules in force, for the workbook and PDF.
	Rules []Rule `json:"rules,omitempty"`
	// Changes, when the check was given a previous report (check --previous),
	// says what is new, resolved and unchanged since then.
	Changes *Changes `json:"changes,omitempty"`
}

// Summarise recounts the report's summary from its actions and findings;
// accounts is the number of accounts in the snapshot.
func (r *Report) Summarise(accounts int) {
	s := Summary{
		Accounts: accounts,
		Actions:  map[ActionKind]int{},
		Findings: map[Severity]int{Deny: 0, Warn: 0, Info: 0},
	}
	for _, a := range r.Actions {
		s.Actions[a.Kind]++
		if a.State == Skipped {
			if s.Skipped == nil {
				s.Skipped = map[ActionKind]int{}
			}
			s.Skipped[a.Kind]++
		}
	}
	for _, f := range r.Findings {
		s.Findings[f.Severity]++
	}
	r.Summary = s
}

// WorstSeverity returns the most severe severity among the findings, or "" when there are none.
func (r *Report) WorstSeverity() Severity {
	var worst Severity
	for _, f := range r.Findings {
		if f.Severity.Rank() > worst.Rank() {
			worst = f.Severity
		}
	}
	return worst
}
