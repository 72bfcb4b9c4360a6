package policies_test

import (
	"context"
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
	first, second := snap.Accounts[0], snap.Accounts[1]
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
	t.Logf("%s: %s / %s", m5.Rule, m5.Message, m5.Fix)
	t.Logf("%s: %s / %s", u2.Rule, u2.Message, u2.Fix)
}
