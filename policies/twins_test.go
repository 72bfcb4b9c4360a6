package policies_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/ingest"
	"github.com/syncaudit/syncaudit/policies"
)

// TestTwinAccountsAreReported: the de-linde sample with an account copied
// under a new id (the same link: M5) and one whose username differs only in
// case (U2) is reported once per group, in the tenant's language, naming
// every account; the sample itself has neither.
func TestTwinAccountsAreReported(t *testing.T) {
	ctx := context.Background()
	snap, err := ingest.ReadSnapshot(ctx, "../samples/de-linde")
	if err != nil {
		t.Fatal(err)
	}
	engine, err := policies.Load(ctx, policies.Options{})
	if err != nil {
		t.Fatal(err)
	}
	clean, err := engine.Check(ctx, snap, policies.CheckOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range clean.Findings {
		if f.Rule == "M5" || f.Rule == "U2" {
			t.Fatalf("the clean sample has a %s finding: %s", f.Rule, f.Message)
		}
	}
	// The first account with one link and a planned action of the sync gets a
	// twin carrying the same link, so M5 has something to hold back.
	acting := map[string]bool{}
	for _, a := range clean.Actions {
		if a.State == syncaudit.Planned && a.Rule != "E9" && a.Kind != syncaudit.KeepByException && a.Kind != syncaudit.Create {
			acting[a.Account] = true
		}
	}
	firstAt := slices.IndexFunc(snap.Accounts, func(a syncaudit.Account) bool { return len(a.Links) == 1 && acting[a.ID] })
	if firstAt < 0 {
		t.Fatal("the clean sample plans no action for a linked account")
	}
	first, second := snap.Accounts[firstAt], snap.Accounts[(firstAt+1)%len(snap.Accounts)]
	copied := first
	copied.ID, copied.Username = "Z1", "z1@delinde.nl"
	login := second
	login.ID, login.Username, login.Links = "Z2", strings.ToUpper(second.Username), nil
	snap.Accounts = append(snap.Accounts, copied, login)
	rep, err := engine.Check(ctx, snap, policies.CheckOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var got []syncaudit.Finding
	for _, f := range rep.Findings {
		if f.Rule == "M5" || f.Rule == "U2" {
			got = append(got, f)
		}
	}
	if len(got) != 2 {
		t.Fatalf("%d M5/U2 findings, want 2: %+v", len(got), got)
	}
	m5, u2 := got[0], got[1]
	if m5.Rule != "M5" {
		m5, u2 = u2, m5
	}
	link := first.Links[0].String()
	if m5.Account != first.ID || !strings.Contains(m5.Message, link) || !strings.Contains(m5.Message, first.ID+", Z1") || m5.Fix == "" {
		t.Errorf("M5 finding %+v", m5)
	}
	if u2.Account != second.ID || !strings.Contains(u2.Message, second.ID+", Z2") || !strings.Contains(u2.Message, strings.ToLower(second.Username)) {
		t.Errorf("U2 finding %+v", u2)
	}
	// M5: the sync's outcome for the person is undecided, so the actions the
	// clean run plans for the first account are held back on both accounts.
	planned := 0
	for _, a := range clean.Actions {
		if a.Account == first.ID && a.State == syncaudit.Planned && a.Rule != "E9" && a.Kind != syncaudit.KeepByException {
			planned++
		}
	}
	held := 0
	for _, a := range rep.Actions {
		if a.Account != first.ID && a.Account != "Z1" || a.Rule == "E9" || a.Kind == syncaudit.KeepByException {
			continue
		}
		if a.State != syncaudit.Skipped || a.SkippedBy != "M5" || !strings.Contains(a.Reason, "M5") {
			t.Errorf("%s %s on %s is %s (skipped by %q, reason %q), want held back by M5", a.Kind, a.Rule, a.Account, a.State, a.SkippedBy, a.Reason)
		}
		held++
	}
	if held < planned {
		t.Errorf("%d actions held back, want at least the %d the clean run planned for %s", held, planned, first.ID)
	}
	t.Logf("%s: %s / %s", m5.Rule, m5.Message, m5.Fix)
	t.Logf("%s: %s / %s", u2.Rule, u2.Message, u2.Fix)
}
