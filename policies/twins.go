package policies

import (
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/syncaudit/syncaudit"
)

// Twins are accounts of the target that claim one person (M5: they carry
// the same link) or one login (U2: the same username, ignoring case). The
// rule book decides what to report; Go only finds them, once per snapshot,
// and gives each account case the others as input.same_link and
// input.same_username (docs/policies.md).

// accountTwins are the other accounts one account shares a link or its
// username with (indices into snap.Accounts, in snapshot order).
type accountTwins struct {
	links    []linkTwins
	username []int
}

type linkTwins struct {
	link     syncaudit.Link
	accounts []int
}

// findTwins returns, per account index, the accounts it shares a link or its
// username with; nil when no two accounts share either (nearly always). One
// map look-up per link and per username; what is kept is only the shared.
func findTwins(snap *syncaudit.Snapshot) map[int]*accountTwins {
	firstByLink := make(map[syncaudit.Link]int, len(snap.Accounts))
	firstByName := make(map[string]int, len(snap.Accounts))
	sharedLinks := map[syncaudit.Link][]int{}
	sharedNames := map[string][]int{}
	for i := range snap.Accounts {
		a := &snap.Accounts[i]
		for j, l := range a.Links {
			if containsLink(a.Links[:j], l) {
				continue
			}
			if first, ok := firstByLink[l]; !ok {
				firstByLink[l] = i
			} else if len(sharedLinks[l]) == 0 {
				sharedLinks[l] = []int{first, i}
			} else {
				sharedLinks[l] = append(sharedLinks[l], i)
			}
		}
		name := foldUsername(a.Username)
		if name == "" {
			continue
		}
		if first, ok := firstByName[name]; !ok {
			firstByName[name] = i
		} else if len(sharedNames[name]) == 0 {
			sharedNames[name] = []int{first, i}
		} else {
			sharedNames[name] = append(sharedNames[name], i)
		}
	}
	if len(sharedLinks) == 0 && len(sharedNames) == 0 {
		return nil
	}
	twins := map[int]*accountTwins{}
	of := func(i int) *accountTwins {
		if twins[i] == nil {
			twins[i] = &accountTwins{}
		}
		return twins[i]
	}
	for i := range snap.Accounts {
		a := &snap.Accounts[i]
		for j, l := range a.Links {
			if group := sharedLinks[l]; len(group) > 0 && !containsLink(a.Links[:j], l) {
				of(i).links = append(of(i).links, linkTwins{link: l, accounts: without(group, i)})
			}
		}
		if group := sharedNames[foldUsername(a.Username)]; len(group) > 0 {
			of(i).username = without(group, i)
		}
	}
	return twins
}

// foldUsername lower-cases and trims a username, without a copy when it is
// already so (as nearly every one is).
func foldUsername(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' || c >= 0x80 || c == ' ' || c == '\t' {
			return strings.ToLower(strings.TrimSpace(s))
		}
	}
	return s
}

func containsLink(ls []syncaudit.Link, l syncaudit.Link) bool {
	for _, x := range ls {
		if x == l {
			return true
		}
	}
	return false
}

// without returns the indices of group but i.
func without(group []int, i int) []int {
	out := make([]int, 0, len(group)-1)
	for _, x := range group {
		if x != i {
			out = append(out, x)
		}
	}
	return out
}

// twinTerm is one other account as M5 and U2 see it.
func twinTerm(a *syncaudit.Account) *ast.Term {
	return ast.ObjectTerm(
		str("account_id", a.ID),
		str("username", a.Username),
		str("status", string(a.Status)),
		str("first_name", a.FirstName),
		str("name_prefix", a.NamePrefix),
		str("last_name", a.LastName),
	)
}

// insertTwins adds input.same_link and input.same_username to an account
// case's input object.
func insertTwins(obj ast.Object, snap *syncaudit.Snapshot, t *accountTwins) {
	links := make([]*ast.Term, len(t.links))
	for i, lt := range t.links {
		others := make([]*ast.Term, len(lt.accounts))
		for j, ai := range lt.accounts {
			others[j] = twinTerm(&snap.Accounts[ai])
		}
		links[i] = ast.ObjectTerm(
			item("link", ast.ObjectTerm(str("source", string(lt.link.Source)), str("source_id", lt.link.SourceID))),
			item("accounts", ast.ArrayTerm(others...)),
		)
	}
	names := make([]*ast.Term, len(t.username))
	for i, ai := range t.username {
		names[i] = twinTerm(&snap.Accounts[ai])
	}
	obj.Insert(strTerm("same_link"), ast.ArrayTerm(links...))
	obj.Insert(strTerm("same_username"), ast.ArrayTerm(names...))
}
