package policies

import (
	"fmt"

	"github.com/syncaudit/syncaudit"
)

// synthetic builds an in-memory snapshot of n accounts on a board of four
// schools: most accounts linked and offered by the LAS or HR, some absent,
// some manual, a few unlinked source people, exception entries and
// memberships. It is deterministic: the same n gives the same snapshot.
func synthetic(n int) *syncaudit.Snapshot {
	schools := []string{"01AA", "02BB", "03CC", "04DD"}
	snap := &syncaudit.Snapshot{Tenant: syncaudit.Tenant{
		ID: "synthetic", Name: "Synthetic board", Structure: syncaudit.Board, Domain: "board.example",
		Language: "en", RunDate: "2026-11-23",
	}}
	for _, s := range schools {
		snap.Tenant.Schools = append(snap.Tenant.Schools, syncaudit.School{
			ID: s, Name: "School " + s, Domain: s + ".example", Sync: syncaudit.DefaultSyncSwitches(),
		})
	}
	first := []string{"Jan", "Piet", "Anna", "Fatima", "Sven", "Lotte", "Mohammed", "Eva", "Daan", "Noor"}
	last := []string{"Jansen", "de Vries", "Bakker", "Visser", "Smit", "Meijer", "Mulder", "Bos", "Vos", "Peters"}
	line := 1
	for i := 0; i < n; i++ {
		school := schools[i%len(schools)]
		fn, ln := first[i%len(first)], last[(i/len(first))%len(last)]
		id := fmt.Sprintf("A%d", i+1)
		acc := syncaudit.Account{
			ID: id, Username: fmt.Sprintf("u%d@board.example", i+1),
			FirstName: fn, LastName: ln, Email: fmt.Sprintf("u%d@board.example", i+1),
			Kind: syncaudit.Student, Status: syncaudit.Active, Schools: []string{school},
			M365: i%3 == 0, M365License: i%3 == 0, LastLogin: "2026-11-01", Line: i + 2,
		}
		src := syncaudit.LAS
		if i%5 == 0 {
			src, acc.Kind = syncaudit.HR, syncaudit.Staff
		}
		sid := fmt.Sprintf("%s-%d", src, i+1)
		switch {
		case i%50 == 7: // manual account
			acc.Email = fmt.Sprintf("manual%d@mail.example", i)
		case i%40 == 3: // absent: linked, no record
			acc.Links = []syncaudit.Link{{Source: src, SourceID: sid}}
		default:
			acc.Links = []syncaudit.Link{{Source: src, SourceID: sid}}
			line++
			snap.Records = append(snap.Records, syncaudit.SourceRecord{
				Source: src, SourceID: sid, School: school, Kind: acc.Kind,
				FirstName: fn, LastName: ln, Email: acc.Email,
				Groups: []string{fmt.Sprintf("%dA", i%8+1)}, Programs: []string{"rekentuin"}, Line: line,
			})
			snap.Memberships = append(snap.Memberships, syncaudit.Membership{
				AccountID: id, School: school, Group: fmt.Sprintf("%dA", i%8+1),
				Kind: syncaudit.GroupMembership, Origin: syncaudit.SyncOrigin,
			})
		}
		if i%97 == 5 {
			snap.Exceptions = append(snap.Exceptions, syncaudit.ExceptionEntry{
				AccountID: id, Reason: "langdurig ziek", AddedBy: "coordinator", AddedAt: "2026-01-10", Line: len(snap.Exceptions) + 2,
			})
		}
		snap.Accounts = append(snap.Accounts, acc)
	}
	// Unlinked people: new pupils and one matching a manual account by e-mail.
	for j := 0; j < n/20; j++ {
		line++
		r := syncaudit.SourceRecord{
			Source: syncaudit.LAS, SourceID: fmt.Sprintf("new-%d", j), School: schools[j%len(schools)],
			Kind: syncaudit.Student, FirstName: "Nieuw", LastName: fmt.Sprintf("Leerling%d", j),
			Groups: []string{"1A"}, Line: line,
		}
		if j%10 == 0 {
			r.Email = fmt.Sprintf("MANUAL%d@mail.example", 7+50*(j/10%max(1, n/50)))
		}
		snap.Records = append(snap.Records, r)
	}
	snap.Exceptions = append(snap.Exceptions, syncaudit.ExceptionEntry{AccountID: "GONE-1", Reason: "left", Line: len(snap.Exceptions) + 2})
	return snap
}
