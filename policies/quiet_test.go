package policies

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/ingest"
	"github.com/syncaudit/syncaudit/samples/gen"
)

// TestQuietMirror checks that the engine's fast path (quietTenant.quiet) and
// the rule book's statement of it (data.syncaudit.lib.quiet) agree on every
// account case: of the sample snapshots, and of generated snapshots of every
// structure at the default rates, at high churn with review decisions, and
// with an HR role condition and other edits (see below). Both directions
// count: a Go mirror that is quiet where the Rego is not would drop outcomes;
// one that is not quiet where the Rego is would only be slower, but it would
// no longer be the same condition.
func TestQuietMirror(t *testing.T) {
	ctx := context.Background()
	e, err := Load(ctx, Options{})
	if err != nil {
		t.Fatal(err)
	}
	type snapshot struct {
		name    string
		snap    *syncaudit.Snapshot
		reviews bool
	}
	var snaps []snapshot
	dirs, _ := filepath.Glob("../samples/*/tenant.*")
	for _, f := range dirs {
		s, err := ingest.ReadSnapshot(ctx, filepath.Dir(f))
		if err != nil {
			t.Fatal(err)
		}
		snaps = append(snaps, snapshot{name: "sample-" + filepath.Base(filepath.Dir(f)), snap: s})
	}
	for _, st := range []syncaudit.Structure{syncaudit.Board, syncaudit.MultiDomain, syncaudit.SingleSchool} {
		o := gen.DefaultOptions()
		o.Structure, o.Accounts, o.Seed = st, 1500, 1
		snaps = append(snaps, snapshot{name: fmt.Sprintf("gen-%s", st), snap: gen.Generate(o)})
		o.Seed = 3
		o.Leavers, o.Joiners, o.NameDrift, o.Exceptions = 0.25, 0.2, 0.2, 0.2
		o.Conflicts, o.Manual, o.SoftDeleted, o.TripGuards = 0.3, 0.1, 0.1, true
		snaps = append(snaps, snapshot{name: fmt.Sprintf("gen-%s-churn", st), snap: gen.Generate(o), reviews: true})
	}
	// Twin accounts (M5, U2): clean accounts copied under new ids, one with
	// the same links, one with the same username in capitals.
	twins := gen.Generate(gen.DefaultOptions())
	for i := 0; i < len(twins.Accounts); i += 23 {
		same := twins.Accounts[i]
		same.ID += "-twin"
		same.Username = "twin." + same.Username
		login := twins.Accounts[i+1]
		login.ID += "-login"
		login.Username = strings.ToUpper(login.Username)
		login.Links = nil
		twins.Accounts = append(twins.Accounts, same, login)
	}
	snaps = append(snaps, snapshot{name: "gen-twins", snap: twins})
	// A board with an HR role condition, HR roles in capitals, HR start
	// dates ahead, people whom the source now offers at a second school too
	// (S2), e-mail addresses in capitals, and usernames at a subdomain.
	edited := gen.Generate(gen.DefaultOptions())
	edited.Tenant.Policy = map[string]any{"hr_roles": []any{"Leerkracht", "onderwijsassistent"}}
	n := len(edited.Records)
	for i := range n {
		r := edited.Records[i]
		switch {
		case i%7 == 0:
			edited.Records[i].StartDate = "2027-01-01"
		case i%11 == 0:
			r.School = edited.Tenant.Schools[i%len(edited.Tenant.Schools)].ID
			edited.Records = append(edited.Records, r)
		case i%13 == 0:
			edited.Records[i].Role = strings.ToUpper(r.Role)
		}
	}
	for i := range edited.Accounts {
		a := &edited.Accounts[i]
		switch {
		case i%17 == 0:
			a.Email = strings.ToUpper(a.Email)
		case i%19 == 0:
			local, _, _ := strings.Cut(a.Username, "@")
			a.Username = local + "@leerling." + edited.Tenant.Domain
		}
	}
	snaps = append(snaps, snapshot{name: "gen-board-edited", snap: edited})

	for _, tt := range snaps {
		t.Run(tt.name, func(t *testing.T) {
			snap := tt.snap
			runDate := snap.Tenant.RunDate
			sources := snapshotSources(snap)
			store := tenantStore(snap, runDate, sources)
			pq, err := rego.New(rego.Compiler(e.compiler), rego.Store(store), rego.Query(quietQuery)).PrepareForEval(ctx)
			if err != nil {
				t.Fatal(err)
			}
			q, err := e.newQuietTenant(ctx, snap, store, runDate, sources)
			if err != nil {
				t.Fatal(err)
			}
			cases := join(snap)
			quiet, accounts, wrong := 0, 0, 0
			for i := range cases {
				k := &cases[i]
				if k.kind != accountCase {
					continue
				}
				if tt.reviews && k.account%97 == 0 {
					k.review = &Review{Decision: "keep", Reason: "review"}
				}
				accounts++
				want, err := isTrue(ctx, pq, k.value(snap))
				if err != nil {
					t.Fatal(err)
				}
				got := q.quiet(snap, k)
				if got != want {
					if wrong++; wrong <= 5 {
						t.Errorf("%s: Go quiet %v, lib.quiet %v", k.describe(snap), got, want)
					}
				}
				if want {
					quiet++
				}
			}
			t.Logf("%d of %d account cases quiet", quiet, accounts)
			if wrong > 0 {
				t.Errorf("Go and Rego disagree on %d account cases", wrong)
			}
			if accounts > 100 && quiet == 0 {
				t.Error("no account case is quiet: the comparison shows nothing")
			}
		})
	}
}
