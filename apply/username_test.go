package apply

import (
	"context"
	"testing"

	"github.com/syncaudit/syncaudit"
)

func TestLocalPart(t *testing.T) {
	tests := []struct {
		names []string
		want  string
	}{
		{[]string{"Jan", "", "Jansen"}, "jan.jansen"},
		{[]string{"Jan", "van der", "Berg"}, "jan.van.der.berg"},
		{[]string{"Zoë", "", "Öström"}, "zoe.ostrom"},
		{[]string{"Åsa", "", "Ångström"}, "asa.angstrom"},
		{[]string{"Hans-Jürgen", "", "Weiß"}, "hans-jurgen.weiss"},
		{[]string{"Bjørn", "", "Ærø"}, "bjorn.aero"},
		{[]string{"Renée", "d'", "Hondt"}, "renee.d.hondt"},
		{[]string{"Anne Marie", "", "O'Brien"}, "anne.marie.obrien"},
		{[]string{"Łukasz", "", "Żółć"}, "lukasz.zolc"},
		{[]string{"  ", "", "--"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := LocalPart(tt.names...); got != tt.want {
				t.Errorf("LocalPart(%q) = %q, want %q", tt.names, got, tt.want)
			}
		})
	}
}

// TestCreateUsernamePerStructure checks U1: the domain a new account's
// username takes on each tenant structure, and uniqueness.
func TestCreateUsernamePerStructure(t *testing.T) {
	tenant := func(structure, domain string) string {
		s := "id: t\nname: T\nstructure: " + structure + "\n"
		if domain != "" {
			s += "domain: " + domain + "\n"
		}
		return s + "run_date: 2026-11-23\nschools:\n  - id: 12AB\n    name: A\n    domain: regenboog.nl\n  - id: 34CD\n    name: B\n    domain: zonnebloem.nl\n"
	}
	tests := []struct {
		name, tenant, school, want string
	}{
		{"board: the board domain", tenant("board", "delinde.nl"), "34CD", "zoe.ostrom2@delinde.nl"},
		{"multi-domain: the record's school's domain", tenant("multi_domain", ""), "34CD", "zoe.ostrom@zonnebloem.nl"},
		{"multi-domain at the other school", tenant("multi_domain", ""), "12AB", "zoe.ostrom@regenboog.nl"},
		{"single school: the school's domain", tenant("single_school", ""), "12AB", "zoe.ostrom@regenboog.nl"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			edits := map[string]string{"tenant.yaml": tt.tenant}
			if tt.want != "zoe.ostrom2@delinde.nl" {
				// Outside the board, A7's zoe.ostrom@delinde.nl does not collide.
				edits["target/accounts.csv"] = fixtureFiles["target/accounts.csv"]
			}
			snap := readFixture(t, edits)
			plan := planFor(snap, syncaudit.Action{Kind: syncaudit.Create, Source: "las", SourceID: "2001", School: tt.school, Rule: "M4"})
			res, err := carry(context.Background(), snap, plan, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if got := accountByID(res.Accounts, "A8").Username; got != tt.want {
				t.Errorf("username = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCreateUsernamesStayUnique(t *testing.T) {
	// Two more Zoë Öströms in the LAS: A7 holds zoe.ostrom@, so they get 2 and 3.
	snap := readFixture(t, map[string]string{
		"sources/las.csv": fixtureFiles["sources/las.csv"] + "2002;34CD;student;Zoe;;Ostrom;;3B;\n",
	})
	plan := planFor(snap,
		syncaudit.Action{Kind: syncaudit.Create, Source: "las", SourceID: "2001", School: "34CD", Rule: "M4"},
		syncaudit.Action{Kind: syncaudit.Create, Source: "las", SourceID: "2002", School: "34CD", Rule: "M4"},
	)
	res, err := carry(context.Background(), snap, plan, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := []string{accountByID(res.Accounts, "A8").Username, accountByID(res.Accounts, "A9").Username}
	want := []string{"zoe.ostrom2@delinde.nl", "zoe.ostrom3@delinde.nl"}
	if got[0] != want[0] || got[1] != want[1] {
		t.Errorf("usernames %q, want %q", got, want)
	}
}

func TestIDMaker(t *testing.T) {
	tests := []struct {
		name string
		ids  []string
		want []string
	}{
		{"the most common prefix, next number", []string{"A1", "A17", "B3", "A2"}, []string{"A18", "A19"}},
		{"the width is kept", []string{"U0007", "U0012"}, []string{"U0013", "U0014"}},
		{"no numbered ids", []string{"jan", "piet"}, []string{"N1", "N2"}},
		{"no ids", nil, []string{"N1", "N2"}},
		{"a taken id is skipped", []string{"N1", "x"}, []string{"N2", "N3"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newIDMaker(tt.ids)
			got := []string{m.next(), m.next()}
			if got[0] != tt.want[0] || got[1] != tt.want[1] {
				t.Errorf("ids %q, want %q", got, tt.want)
			}
		})
	}
}
