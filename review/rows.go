// Package review runs the exception-list review round trip (E9): it turns a
// snapshot and the check's report into review rows (one per entry, with what
// E1–E8 know and a recommendation, most urgent first) that the review
// workbook shows, and turns the decisions a coordinator filled in back into a
// plan in the report schema: set_exception_reason, remove_exception and
// delete_account actions, the last only where L5 lets the platform own the
// account.
package review

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/report"
)

// urgency ranks a recommendation: lower is more urgent.
var urgency = map[string]int{
	"rec_remove_missing":      0,
	"rec_remove_soft_deleted": 0,
	"rec_remove_restored":     0,
	"rec_remove_manual":       0,
	"rec_remove_duplicate":    0,
	"rec_reason_needed":       0,
	"rec_expired":             1,
	"rec_delete_inactive":     2,
	"rec_review_stale":        3,
	"rec_remove_idle":         4,
	"rec_keep":                5,
}

// Rows returns one review row per entry of the snapshot's exception list,
// joined with the check's report (its findings, and its keep_by_exception and
// unlink_source actions, which say whether the account is absent), most
// urgent first: invalid entries, expired ones, absent and inactive accounts,
// entries due for review, idle ones, then the rest; within each, the longest
// unreviewed first.
func Rows(snap *syncaudit.Snapshot, rep *syncaudit.Report, runDate syncaudit.Date) []report.ReviewRow {
	// The day counts only word a recommendation; whether an entry is due
	// (E5), expired (E10) or protects an inactive account (E6) is the rule
	// book's finding.
	reviewDays := intParam(rep, "exception_review_days")

	accounts := map[string]*syncaudit.Account{}
	for i := range snap.Accounts {
		accounts[snap.Accounts[i].ID] = &snap.Accounts[i]
	}
	// hrEnd is the HR end date per hr source id: the latest of its records,
	// or none while one record has no end date (still employed there).
	hrEnd := map[string]syncaudit.Date{}
	open := map[string]bool{}
	for _, r := range snap.Records {
		if r.Source != syncaudit.HR {
			continue
		}
		if r.EndDate.IsZero() {
			open[r.SourceID] = true
		} else if r.EndDate.After(hrEnd[r.SourceID]) || hrEnd[r.SourceID].IsZero() {
			hrEnd[r.SourceID] = r.EndDate
		}
	}
	for id := range open {
		delete(hrEnd, id)
	}
	count := map[string]int{}
	for _, e := range snap.Exceptions {
		count[e.AccountID]++
	}
	protected, unlinked := actionIndex(rep)
	inExport := map[syncaudit.Link]bool{}
	for i := range snap.Records {
		inExport[snap.Records[i].Link()] = true
	}
	findings := map[string][]syncaudit.Finding{}
	for _, f := range rep.Findings {
		if count[f.Account] > 0 {
			findings[f.Account] = append(findings[f.Account], f)
		}
	}

	seen := map[string]int{}
	rows := make([]report.ReviewRow, 0, len(snap.Exceptions))
	for _, e := range snap.Exceptions {
		seen[e.AccountID]++
		occurrence := seen[e.AccountID]
		r := report.ReviewRow{
			Key:       Key(e.AccountID, occurrence),
			AccountID: e.AccountID, Reason: e.Reason, AddedBy: e.AddedBy,
			AddedAt: e.AddedAt, ReviewedAt: e.ReviewedAt, ExpiresAt: e.ExpiresAt,
			DaysOnList: -1, DaysSinceReview: -1,
			Findings: entryFindings(findings[e.AccountID], e.Line),
		}
		if !e.AddedAt.IsZero() {
			r.DaysOnList = e.AddedAt.DaysUntil(runDate)
		}
		if last := e.LastReviewed(); !last.IsZero() {
			r.DaysSinceReview = last.DaysUntil(runDate)
		}
		acc := accounts[e.AccountID]
		absent := protected[e.AccountID]
		if acc != nil {
			r.Username = acc.Username
			r.Name = report.FullName(acc.FirstName, acc.NamePrefix, acc.LastName)
			r.Schools = acc.Schools
			r.LastLogin = acc.LastLogin
			for _, l := range acc.Links {
				// Present: the export has the record, and the rule book
				// neither keeps the account as absent (D5) nor unlinks
				// the source (D1). A soft-deleted account's links are
				// absent when their records are gone.
				present := inExport[l] && !absent && !unlinked[e.AccountID][l.Source]
				r.Presence = append(r.Presence, report.SourcePresence{Link: l, Present: present})
				if d := hrEnd[l.SourceID]; l.Source == syncaudit.HR && (d.After(r.HREndDate) || r.HREndDate.IsZero()) {
					r.HREndDate = d
				}
			}
		}
		denied, stale, expired, inactive := false, false, false, false
		for _, f := range r.Findings {
			denied = denied || f.Severity == syncaudit.Deny
			stale = stale || f.Rule == "E5"
			expired = expired || f.Rule == "E10"
			inactive = inactive || f.Rule == "E6" && f.Severity == syncaudit.Warn
		}
		daysNoLogin := -1
		if !r.LastLogin.IsZero() {
			daysNoLogin = r.LastLogin.DaysUntil(runDate)
		}
		r.StatusKey = "status_active"
		switch {
		case acc == nil:
			r.StatusKey, r.RecommendationKey = "status_missing", "rec_remove_missing"
		case acc.Status == syncaudit.SoftDeleted:
			r.StatusKey, r.RecommendationKey = "status_soft_deleted", "rec_remove_soft_deleted"
		case acc.RestoredAt.After(e.AddedAt):
			r.RecommendationKey = "rec_remove_restored"
		case acc.Manual():
			r.StatusKey, r.RecommendationKey = "status_manual", "rec_remove_manual"
		case occurrence > 1:
			r.RecommendationKey = "rec_remove_duplicate"
		case e.Reason == "":
			r.RecommendationKey = "rec_reason_needed"
		case expired:
			r.RecommendationKey, r.RecommendationArg = "rec_expired", e.ExpiresAt.String()
		case absent && inactive:
			r.RecommendationKey, r.RecommendationArg = "rec_delete_inactive", daysNoLogin
		case !absent:
			r.RecommendationKey = "rec_remove_idle"
		case stale:
			r.RecommendationKey, r.RecommendationArg = "rec_review_stale", reviewDays
		default:
			r.RecommendationKey = "rec_keep"
		}
		r.Invalid = urgency[r.RecommendationKey] <= 1 || count[e.AccountID] > 1 || denied
		r.Stale = stale
		rows = append(rows, r)
	}
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if ua, ub := urgency[a.RecommendationKey], urgency[b.RecommendationKey]; ua != ub {
			return ua < ub
		}
		if a.DaysSinceReview != b.DaysSinceReview {
			return a.DaysSinceReview > b.DaysSinceReview
		}
		return a.Key < b.Key
	})
	return rows
}

// Key returns a review row's key: the account id and the entry's occurrence
// for that account (1, or 2 and up for a duplicate entry, E8).
func Key(accountID string, occurrence int) string {
	return accountID + "#" + strconv.Itoa(occurrence)
}

// actionIndex returns the accounts the check keeps by exception (absent, on
// the list: L5 applies) and the sources it unlinks per account (D1).
func actionIndex(rep *syncaudit.Report) (map[string]bool, map[string]map[syncaudit.Source]bool) {
	protected := map[string]bool{}
	unlinked := map[string]map[syncaudit.Source]bool{}
	for _, a := range rep.Actions {
		switch a.Kind {
		case syncaudit.KeepByException:
			protected[a.Account] = true
		case syncaudit.UnlinkSource:
			if unlinked[a.Account] == nil {
				unlinked[a.Account] = map[syncaudit.Source]bool{}
			}
			unlinked[a.Account][syncaudit.Source(a.Source)] = true
		}
	}
	return protected, unlinked
}

// intParam reads a day count from the report's parameters in force (the
// rule book's defaults merged with the tenant's), 0 when absent.
func intParam(rep *syncaudit.Report, key string) int {
	n, _ := toInt(rep.Run.Parameters[key])
	return n
}

func toInt(v any) (int, bool) {
	switch n := v.(type) {
	case int:
		return n, true
	case int64:
		return int(n), true
	case float64:
		return int(n), true
	case json.Number:
		i, err := n.Int64()
		return int(i), err == nil
	case string:
		i, err := strconv.Atoi(n)
		return i, err == nil
	case fmt.Stringer:
		i, err := strconv.Atoi(n.String())
		return i, err == nil
	}
	return 0, false
}

// entryFindings keeps the findings about one entry: those whose evidence
// names another line of the exceptions file are about another entry of the
// same account (E8).
func entryFindings(fs []syncaudit.Finding, line int) []syncaudit.Finding {
	if line <= 0 {
		return fs
	}
	want := strconv.Itoa(line)
	var out []syncaudit.Finding
	for _, f := range fs {
		if l, ok := f.Evidence["line"]; ok && l != want {
			continue
		}
		out = append(out, f)
	}
	return out
}
