package policies_test

import (
	"context"
	"testing"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/policies"
)

// TestDocsExample loads the user policy example of docs/policies.md
// (docs/examples/custom.rego) with the built-in rule book, runs its Rego
// tests, and checks that it reports on a small snapshot.
func TestDocsExample(t *testing.T) {
	const dir = "../docs/examples"
	opts := policies.Options{Dirs: []string{dir}}
	results, err := policies.Test(context.Background(), opts)
	if err != nil {
		t.Fatalf("Test: %v", err)
	}
	ran := 0
	for _, r := range results {
		if r.Package == "data.syncaudit.rules.custom_delinde_test" {
			ran++
		}
	}
	if ran != 3 || results.Failed() != 0 {
		t.Errorf("example tests: %d ran (want 3), %d failed", ran, results.Failed())
	}

	engine, err := policies.Load(context.Background(), opts)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	snap := &syncaudit.Snapshot{
		Tenant: syncaudit.Tenant{ID: "t", Structure: syncaudit.Board, Domain: "delinde.nl", RunDate: "2026-11-23",
			Schools: []syncaudit.School{{ID: "12AB", Domain: "regenboog.nl", Sync: syncaudit.DefaultSyncSwitches()}}},
		Records: []syncaudit.SourceRecord{
			{Source: "hr", SourceID: "E-7", School: "12AB", Kind: "staff", Role: "leerkracht", FirstName: "Els", LastName: "Bos"},
			{Source: "las", SourceID: "1001", School: "12AB", Kind: "student", FirstName: "Kim", LastName: "Smit", Groups: []string{"7A"}},
		},
		Accounts: []syncaudit.Account{
			{ID: "A7", Username: "e.bos@delinde.nl", FirstName: "Els", LastName: "Bos", Email: "e.bos@delinde.nl", Kind: "staff",
				Status: "active", Schools: []string{"12AB"}, Links: []syncaudit.Link{{Source: "hr", SourceID: "E-7"}}, M365: true},
			{ID: "A8", Username: "kim.smit@delinde.nl", FirstName: "Kim", LastName: "Smit", Email: "kim@gmail.com", Kind: "student",
				Status: "active", Schools: []string{"12AB"}, Links: []syncaudit.Link{{Source: "las", SourceID: "1001"}}},
		},
	}
	rep, err := engine.Check(context.Background(), snap, policies.CheckOptions{})
	if err != nil {
		t.Fatalf("Check: %v", err)
	}
	got := map[string]string{}
	for _, f := range rep.Findings {
		if f.Rule == "X1" || f.Rule == "X2" {
			got[f.Rule] = f.Account + " " + string(f.Severity)
		}
	}
	want := map[string]string{"X1": "A7 warn", "X2": "A8 info"}
	for rule, w := range want {
		if got[rule] != w {
			t.Errorf("%s: got %q, want %q", rule, got[rule], w)
		}
	}
	found := 0
	for _, r := range rep.Rules {
		if (r.ID == "X1" || r.ID == "X2") && r.File == "../docs/examples/custom.rego" {
			found++
		}
	}
	if found != 2 {
		t.Errorf("catalogue lists %d of the example's rules from custom.rego, want 2", found)
	}
	// X2 names a message id that custom.messages.yaml renders in Dutch.
	nl, err := engine.Check(context.Background(), snap, policies.CheckOptions{Language: "nl"})
	if err != nil {
		t.Fatalf("Check nl: %v", err)
	}
	for _, f := range nl.Findings {
		if f.Rule == "X2" && f.Message != "leerling Kim Smit heeft het privé-e-mailadres kim@gmail.com" {
			t.Errorf("X2 in Dutch: %q", f.Message)
		}
	}
	for _, r := range nl.Rules {
		if r.ID == "X2" && r.Title != "Privé-e-mailadres op het account van een leerling" {
			t.Errorf("X2's title in Dutch: %q", r.Title)
		}
	}
}
