package apply

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"

	"github.com/syncaudit/syncaudit"
)

// An Outcome says whether an action changed the target.
type Outcome string

// The outcomes of a journal entry.
const (
	// Applied: the action changed the next snapshot.
	Applied Outcome = "applied"
	// NotApplied: the action was deliberately left out (skipped by a switch,
	// kept by the exception list, a purge candidate, or already so); Why says why.
	NotApplied Outcome = "not_applied"
)

// An Entry is one line of NEWDIR/journal.jsonl: one action of the plan, what
// it changed, or why it changed nothing, tied to the plan by its digest.
type Entry struct {
	// Plan is the SHA-256 of the plan file.
	Plan string `json:"plan"`
	// Seq is the action's position in the plan's actions list (0-based, as
	// in actions[Seq]).
	Seq      int                  `json:"seq"`
	RunDate  syncaudit.Date       `json:"run_date"`
	Outcome  Outcome              `json:"outcome"`
	Kind     syncaudit.ActionKind `json:"kind"`
	Rule     string               `json:"rule"`
	Account  string               `json:"account"` // for create: the new account's id
	School   string               `json:"school,omitempty"`
	Source   string               `json:"source,omitempty"`
	SourceID string               `json:"source_id,omitempty"`
	Group    string               `json:"group,omitempty"`
	// Changes lists what changed, field by field.
	Changes []Change `json:"changes,omitempty"`
	// Why says why a not-applied action changed nothing.
	Why string `json:"why,omitempty"`
	// AcceptedDeny names the deny rules of the plan that the person running
	// apply accepted (--accept-deny), on every line, so that an audit sees
	// under which refusal each change went through.
	AcceptedDeny []string `json:"accepted_deny,omitempty"`
}

// A Change is one field of one row that an action changed. Table is
// accounts, exceptions or memberships; an added row has an empty From, a
// removed row an empty To.
type Change struct {
	Table string `json:"table"`
	Field string `json:"field"`
	From  string `json:"from"`
	To    string `json:"to"`
}

// WriteJournal writes the entries as JSON Lines, one entry per line.
func WriteJournal(w io.Writer, entries []Entry) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for i := range entries {
		if err := enc.Encode(&entries[i]); err != nil {
			return fmt.Errorf("write journal line %d: %w", i+1, err)
		}
	}
	return bw.Flush()
}
