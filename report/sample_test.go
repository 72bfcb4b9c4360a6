package report

import (
	"fmt"

	syncaudit "github.com/syncaudit/syncaudit"
)

// The SHA-256 digests of the sample report's inputs, asserted in the PDF.
const (
	shaTenant     = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
	shaLAS        = "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752"
	shaAccounts   = "fd61a03af4f77d870fc21e05e7e80678095c92d808cfb3b5c279ee04c74aca13"
	shaExceptions = "a4e624d686e03ed2767c0abd85c14426b0b1157d2ce81d27bb4fe4f6f01d688a"
)

// pdfSampleReport is a hand-made report of a board with two schools, with the
// names whose diacritics the PDF must print, a deny finding, and nE5 warn
// findings of rule E5 (enough to pass the cap when nE5 is large).
func pdfSampleReport(nE5 int) *syncaudit.Report {
	rep := &syncaudit.Report{
		Schema: syncaudit.ReportSchema,
		Tool:   syncaudit.Tool{Name: "syncaudit", Version: "1.0.0-test"},
		Run: syncaudit.Run{
			Tenant: "de-linde", TenantName: "Stichting De Linde", Structure: syncaudit.Board,
			RunDate: "2026-11-23", Language: "en",
			Inputs: []syncaudit.InputFile{
				{File: "tenant.yaml", SHA256: shaTenant, Records: 1},
				{File: "sources/las.csv", SHA256: shaLAS, Records: 812},
				{File: "target/accounts.csv", SHA256: shaAccounts, Records: 1234},
				{File: "target/exceptions.csv", SHA256: shaExceptions, Records: 71},
			},
			PolicyDigest: "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8",
			Policies: []syncaudit.PolicyFile{
				{File: "policies/deletion.rego", SHA256: "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"},
				{File: "policies/exceptions.rego", SHA256: "fcde2b2edba56bf408601fb721fe9b5c338d10ee429ea04fae5511b68fbf8fb9"},
			},
			Parameters: map[string]any{
				"exception_review_days": 90,
				"mass_delete":           map[string]any{"max_count": 500, "max_percent": 10, "min_count": 10},
				"precedence":            []any{"hr", "las", "sis"},
			},
			DisabledRules: []string{"E7"},
			Unoffered:     map[syncaudit.Source]int{"hr": 37, "las": 0},
		},
		Actions: []syncaudit.Action{
			{Kind: syncaudit.SoftDelete, Account: "A17", School: "12AB", Rule: "D3", State: syncaudit.Planned,
				Reason: "Åsa Öberg is absent from every source", Evidence: map[string]string{"last_source": "las", "since": "2026-10-01"}},
			{Kind: syncaudit.SuspendM365, Account: "A17", Rule: "D6", State: syncaudit.Planned, Reason: "linked Microsoft 365 account of a soft-deleted account"},
			{Kind: syncaudit.ReleaseLicense, Account: "A17", Rule: "D6", State: syncaudit.Planned, Reason: "the Microsoft 365 licence is freed"},
			{Kind: syncaudit.UnlinkSchool, Account: "A18", School: "34CD", Rule: "D3", State: syncaudit.Planned, Reason: "no longer offered at 34CD"},
			{Kind: syncaudit.Update, Account: "A20", School: "12AB", Field: "last_name", From: "Bakker", To: "Bakker-de Vries", Source: "hr", Rule: "L2", State: syncaudit.Planned},
			{Kind: syncaudit.Create, Source: "las", SourceID: "1001", School: "34CD", Rule: "M4", State: syncaudit.Skipped, SkippedBy: "V1"},
			{Kind: syncaudit.SoftDelete, Account: "A30", School: "34CD", Rule: "D3", State: syncaudit.Skipped, SkippedBy: "V1"},
			{Kind: syncaudit.KeepByException, Account: "A40", School: "12AB", Rule: "D5", State: syncaudit.Planned},
		},
		Findings: []syncaudit.Finding{
			{Rule: "M2", Severity: syncaudit.Deny, Account: "", School: "12AB", Source: "las", SourceID: "2002",
				Message:  "the LAS offers Åsa Öberg, but a manual account with the same e-mail exists (A55)",
				Fix:      "delete the manual account A55; the linked account appears after the next nightly sync",
				Evidence: map[string]string{"email": "asa.oberg@regenboog.nl", "manual_account": "A55"}},
			{Rule: "L2", Severity: syncaudit.Warn, Account: "A20", School: "12AB", Source: "hr",
				Message: "last name in the target is Bakker, HR says Bakker-de Vries",
				Fix:     "ask the coördinator who edited the locked field; the next sync writes Bakker-de Vries"},
			{Rule: "U1", Severity: syncaudit.Warn, Account: "A21", School: "34CD",
				Message: "username j.devries@eenpitter.nl does not fit the board domain (Eénpitter school domain)",
				Fix:     "rename the account to the board domain delinde.nl"},
			{Rule: "E6", Severity: syncaudit.Info, Account: "A40", School: "12AB", Message: "protection in use"},
			{Rule: "E4", Severity: syncaudit.Deny, Account: "A41", Message: "the exception entry has no reason", Fix: "add a reason or remove the entry"},
		},
		Rules: []syncaudit.Rule{
			{ID: "M2", Severity: syncaudit.Deny, Title: "Manual account blocks a LAS account", Description: "A manual account cannot carry a Basispoort link.", Seed: "000"},
			{ID: "L2", Severity: syncaudit.Warn, Title: "Locked field drift", Description: "The next sync overwrites a locked field that differs from the leading source.", Seed: "001"},
			{ID: "U1", Severity: syncaudit.Warn, Title: "Username domain", Description: "The username's domain fits the tenant structure.", Seed: "001"},
			{ID: "E4", Severity: syncaudit.Deny, Title: "Exception entry without a reason", Description: "An entry without a reason is invalid.", Seed: "002"},
			{ID: "E5", Severity: syncaudit.Warn, Title: "Exception entry due for review", Description: "An entry not added or reviewed in the last 90 days is due for review.", Seed: "002"},
			{ID: "E6", Severity: syncaudit.Info, Title: "Protection in use", Description: "An entry whose account is absent.", Seed: "002"},
			{ID: "D3", Title: "Board: unlink or soft delete", Description: "Board accounts lose a school no longer offered; absent accounts are soft-deleted.", Seed: "001"},
		},
	}
	for i := 0; i < nE5; i++ {
		rep.Findings = append(rep.Findings, syncaudit.Finding{
			Rule: "E5", Severity: syncaudit.Warn, Account: fmt.Sprintf("E%03d", i), School: "34CD",
			Message:  fmt.Sprintf("exception entry not reviewed for %d days", 91+i),
			Fix:      "review the entry: keep it with a reason, remove it, or delete the account",
			Evidence: map[string]string{"added_at": "2026-01-10", "days": fmt.Sprint(91 + i)},
		})
	}
	rep.Summarise(1234)
	return rep
}
