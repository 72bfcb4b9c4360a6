// Package gen makes synthetic, realistic snapshots of a tenant for demos,
// tests and benchmarks: schools of varying size, LAS and HR feeds (and a
// student register for multi-domain tenants), the target's accounts with the
// usual churn, an exception list of varied age, soft-deleted and manual
// accounts, memberships, and Dutch and Swedish names. The same Options and
// seed always give the same snapshot.
//
// Every rule family of the rule book (S, M, L, D, E, V, P, U) has cases in a
// generated snapshot of a few thousand accounts. The run-wide guards D9
// (mass deletion) and L6 (mass update) would refuse the whole run at scale,
// so unless Options.TripGuards is set the tenant's policy raises their limits
// just above what the generated churn needs.
package gen

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"

	"github.com/syncaudit/syncaudit"
)

// Options says what to generate. Start from DefaultOptions and change what
// you need: a zero rate means none of that churn.
type Options struct {
	// Accounts is the number of accounts in the target export (active and
	// soft-deleted); source records and other tables scale with it.
	Accounts  int
	Structure syncaudit.Structure
	Seed      int64
	// RunDate is the tenant's run date; every generated date is relative to it.
	RunDate syncaudit.Date
	// SchoolSize is the average number of accounts per school (single_school
	// tenants have one school whatever its size).
	SchoolSize int

	// The rates below are shares of the accounts.

	// Leavers: accounts whose person no source offers any more (D1–D4).
	Leavers float64
	// Joiners: source records no account links to yet (M4).
	Joiners float64
	// NameDrift: linked accounts whose locked name differs from the source (L2).
	NameDrift float64
	// Exceptions: entries on the import-exceptions list (D5, E1–E10).
	Exceptions float64
	// Conflicts: of the accounts fed by two sources, the share whose LAS
	// and HR names disagree (L3).
	Conflicts float64
	// Manual: accounts made by hand, without links (M2, P2, E2).
	Manual float64
	// SoftDeleted: accounts in "deleted users", of ages up to 180 days (D7, D11).
	SoftDeleted float64

	// TripGuards leaves the mass-deletion and mass-update guards (D9, L6) at
	// their defaults, so a large snapshot is refused as a whole.
	TripGuards bool
}

// DefaultOptions returns the usual churn of a school year: 3 % leavers, 2 %
// joiners, 1 % name drift, 2 % on the exception list, 5 % of the two-source
// accounts in conflict, 1 % manual and 2 % soft-deleted accounts, about 400
// accounts per school, on a board, run date 2026-11-23.
func DefaultOptions() Options {
	return Options{
		Accounts: 1000, Structure: syncaudit.Board, Seed: 1, RunDate: "2026-11-23", SchoolSize: 400,
		Leavers: 0.03, Joiners: 0.02, NameDrift: 0.01, Exceptions: 0.02, Conflicts: 0.05,
		Manual: 0.01, SoftDeleted: 0.02,
	}
}

// Validate reports options that cannot be generated.
func (o Options) Validate() error {
	if o.Accounts < 1 {
		return fmt.Errorf("accounts must be at least 1, not %d", o.Accounts)
	}
	switch o.Structure {
	case syncaudit.SingleSchool, syncaudit.Board, syncaudit.MultiDomain:
	default:
		return fmt.Errorf("unknown structure %q: use single_school, board or multi_domain", o.Structure)
	}
	if _, err := syncaudit.ParseDate(string(o.RunDate)); err != nil || o.RunDate.IsZero() {
		return fmt.Errorf("run date %q is not a date (YYYY-MM-DD)", o.RunDate)
	}
	if o.SchoolSize < 1 {
		return fmt.Errorf("school size must be at least 1, not %d", o.SchoolSize)
	}
	rates := []struct {
		name string
		v    float64
	}{
		{"leavers", o.Leavers}, {"joiners", o.Joiners}, {"name drift", o.NameDrift},
		{"exceptions", o.Exceptions}, {"conflicts", o.Conflicts}, {"manual", o.Manual},
		{"soft-deleted", o.SoftDeleted},
	}
	for _, r := range rates {
		if r.v < 0 || r.v > 1 || math.IsNaN(r.v) {
			return fmt.Errorf("the %s rate must be between 0 and 1, not %g", r.name, r.v)
		}
	}
	if o.Manual+o.SoftDeleted > 0.9 {
		return fmt.Errorf("manual (%g) and soft-deleted (%g) together leave too few synced accounts", o.Manual, o.SoftDeleted)
	}
	return nil
}

// The generated school mix: share of staff among accounts at a LAS school,
// and of staff and guardians at a student-register school.
const (
	lasStaffShare      = 0.12
	sisStaffShare      = 0.10
	sisGuardianShare   = 0.35
	twoSchoolShare     = 0.06  // staff who work at two schools (board, multi-domain)
	partialLeaverShare = 0.25  // of those, the share that left one of the two schools (D3, D4)
	noGroupShare       = 0.02  // LAS teachers without a group (S2, S6)
	wrongDomainShare   = 0.002 // usernames whose domain does not fit the structure (U1)
	restoredShare      = 0.005 // accounts restored from deleted users (D8)
	dateWindow         = 1200  // days before and after the run date that dates may fall on
)

// Generate makes a snapshot as Options says. It is deterministic: the same
// options give the same snapshot, row for row. Options that fail Validate
// are corrected to the nearest usable value.
func Generate(opts Options) *syncaudit.Snapshot {
	if opts.Accounts < 1 {
		opts.Accounts = 1
	}
	if opts.SchoolSize < 1 {
		opts.SchoolSize = 400
	}
	if _, err := syncaudit.ParseDate(string(opts.RunDate)); err != nil || opts.RunDate.IsZero() {
		opts.RunDate = DefaultOptions().RunDate
	}
	switch opts.Structure {
	case syncaudit.SingleSchool, syncaudit.Board, syncaudit.MultiDomain:
	default:
		opts.Structure = syncaudit.Board
	}
	g := &generator{
		o: opts,
		r: rand.New(rand.NewPCG(uint64(opts.Seed), 0x5eed_5a0d17)),
		snap: &syncaudit.Snapshot{
			Records:  make([]syncaudit.SourceRecord, 0, opts.Accounts+opts.Accounts/8),
			Accounts: make([]syncaudit.Account, 0, opts.Accounts+opts.Accounts/50),
		},
		nLAS: 100000, nHR: 10000, nSIS: 1000000,
	}
	g.dates = make([]syncaudit.Date, 2*dateWindow+1)
	start := opts.RunDate.Time().AddDate(0, 0, -dateWindow)
	for i := range g.dates {
		g.dates[i] = syncaudit.DateOf(start.AddDate(0, 0, i))
	}
	g.tenant()
	for i := range g.schools {
		g.school(&g.schools[i])
	}
	g.missingEntries()
	g.guards()
	return g.snap
}

// A school is one generated school with what the generator needs to know.
type school struct {
	index   int // in snap.Tenant.Schools
	id      string
	domain  string
	sis     bool // fed by the student register, not the LAS (multi-domain)
	swedish bool
	groups  []string
	size    int
}

type generator struct {
	o       Options
	r       *rand.Rand
	snap    *syncaudit.Snapshot
	schools []school
	dates   []syncaudit.Date

	seq                       int // person number, for unique login names
	nAccount, nLAS, nHR, nSIS int
	nMissing                  int
	absent                    int // active linked accounts no source will offer (soft-delete candidates)
	drifted                   int // accounts whose locked fields will be updated
}

// day returns the date offset days from the run date (negative: before).
func (g *generator) day(offset int) syncaudit.Date {
	return g.dates[max(-dateWindow, min(dateWindow, offset))+dateWindow]
}

func (g *generator) chance(p float64) bool { return g.r.Float64() < p }

func (g *generator) between(lo, hi int) int { return lo + g.r.IntN(hi-lo+1) }

// tenant makes the tenant and its schools, with sizes that vary around the
// average and sync switches that vary per school.
func (g *generator) tenant() {
	o := g.o
	n := 1
	if o.Structure != syncaudit.SingleSchool {
		n = max(1, int(math.Round(float64(o.Accounts)/float64(o.SchoolSize))))
		if o.Structure == syncaudit.MultiDomain {
			n = max(2, n) // one LAS school and one register school at least
		}
		n = min(n, o.Accounts)
	}
	t := &g.snap.Tenant
	t.ID = "gen-" + string(o.Structure) + "-" + strconv.Itoa(o.Accounts) + "-s" + strconv.FormatInt(o.Seed, 10)
	t.Name = "Synthetische Stichting " + strconv.Itoa(o.Accounts)
	t.Structure = o.Structure
	t.Language = "nl"
	t.RunDate = o.RunDate
	if o.Structure == syncaudit.Board {
		t.Domain = "gen-bestuur.nl"
	}

	// School sizes: log-normal weights, so a few large schools and many small ones.
	weights := make([]float64, n)
	var sum float64
	for i := range weights {
		weights[i] = math.Exp(g.r.NormFloat64() * 0.5)
		sum += weights[i]
	}
	sizes := make([]int, n)
	left := o.Accounts
	for i := range sizes {
		sizes[i] = max(1, int(float64(o.Accounts)*weights[i]/sum))
		left -= sizes[i]
	}
	for i := 0; left != 0; i = (i + 1) % n { // settle rounding so the sizes add up
		if left > 0 {
			sizes[i]++
			left--
		} else if sizes[i] > 1 {
			sizes[i]--
			left++
		}
	}

	g.schools = make([]school, n)
	t.Schools = make([]syncaudit.School, n)
	for i := range g.schools {
		s := &g.schools[i]
		s.index, s.size = i, sizes[i]
		s.sis = o.Structure == syncaudit.MultiDomain && i%2 == 1
		s.swedish = s.sis
		base := schoolNames[g.r.IntN(len(schoolNames))]
		if s.sis {
			s.id = strconv.Itoa(10000000 + i*7919%9000000)
			s.domain = foldASCII.Replace(lower(base)) + strconv.Itoa(i) + ".skola.se"
		} else {
			s.id = brin(i)
			s.domain = foldASCII.Replace(lower(base)) + "-" + lower(s.id) + ".nl"
		}
		nGroups := max(1, min(24, s.size/25))
		s.groups = make([]string, nGroups)
		grades := 8
		if s.sis {
			grades = 9
		}
		for j := range s.groups {
			s.groups[j] = strconv.Itoa(1+j%grades) + string(rune('A'+j/grades))
		}
		name := schoolKinds[g.r.IntN(len(schoolKinds))] + " " + base
		if s.sis {
			name = base + "skolan"
		}
		t.Schools[i] = syncaudit.School{ID: s.id, Name: name + " (" + s.id + ")", Domain: s.domain, Sync: g.switches(i, n, s.sis)}
	}
}

// brin returns a Dutch school code for school i: two digits, two letters.
func brin(i int) string {
	return strconv.Itoa(10+i%90) + string(rune('A'+(i/90)%26)) + string(rune('A'+(i/90/26)%26))
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// switches varies the sync switches per school (V1–V9). Besides the random
// variation, the fourth school always has automatic sync off and the fifth
// forbids manual course members and forces e-mail, so that every switch
// rule has cases in a tenant of a few schools.
func (g *generator) switches(i, n int, sis bool) syncaudit.SyncSwitches {
	sw := syncaudit.DefaultSyncSwitches()
	if n < 4 {
		return sw
	}
	sw.Automatic = i != 3 && !g.chance(0.02)
	sw.Students = !g.chance(0.02)
	sw.Staff = !g.chance(0.01)
	switch {
	case sis && g.chance(0.3):
		sw.GuardiansFrom = g.day(g.between(7, 60)) // guardians wait (V4)
	case sis && g.chance(0.5):
		sw.GuardiansFrom = g.day(-g.between(30, 400))
	}
	sw.Subjects = !g.chance(0.05)
	sw.SubjectMembers = !g.chance(0.05)
	sw.Classes = !g.chance(0.1)
	sw.ClassTeachers = !g.chance(0.1)
	sw.ForceEmail.Students = i == 4 || g.chance(0.2)
	sw.ForceEmail.Staff = i == 4 || g.chance(0.3)
	sw.ForceEmail.Guardians = g.chance(0.1)
	sw.ManualCourseMembers = i != 4 && !g.chance(0.3)
	return sw
}

// school fills one school: its accounts (synced, manual and soft-deleted),
// their source records, exception entries and memberships, and the joiners.
func (g *generator) school(s *school) {
	o := g.o
	for range s.size {
		u := g.r.Float64()
		switch {
		case u < o.SoftDeleted:
			g.softDeleted(s)
		case u < o.SoftDeleted+o.Manual:
			g.manual(s)
		default:
			g.member(s)
		}
	}
	joiners := int(float64(s.size)*o.Joiners + g.r.Float64())
	for range joiners {
		g.joiner(s)
	}
}

// A person is a name drawn from the pools of a school's country.
type person struct {
	first name
	sur   surname
	seq   int
}

func (g *generator) person(swedish bool) person {
	if g.chance(0.1) {
		swedish = !swedish
	}
	g.seq++
	if swedish {
		return person{swedishFirst[g.r.IntN(len(swedishFirst))], swedishLast[g.r.IntN(len(swedishLast))], g.seq}
	}
	return person{dutchFirst[g.r.IntN(len(dutchFirst))], dutchLast[g.r.IntN(len(dutchLast))], g.seq}
}

// local is the person's login name before the @: jan.vandenberg17.
func (p person) local() string {
	return p.first.ascii + "." + p.sur.prefix.ascii + p.sur.last.ascii + strconv.Itoa(p.seq)
}

// usernameDomain is where the structure puts a login (U1).
func (g *generator) usernameDomain(s *school) string {
	if g.o.Structure == syncaudit.Board {
		return g.snap.Tenant.Domain
	}
	return s.domain
}

// account appends an active account for p at s and returns it.
func (g *generator) account(p person, kind syncaudit.Kind, s *school) *syncaudit.Account {
	g.nAccount++
	domain := g.usernameDomain(s)
	email := p.local() + "@" + domain
	username := email
	if g.chance(wrongDomainShare) {
		username = p.local() + "@oud-domein.example" // U1
	}
	a := syncaudit.Account{
		ID: "A" + strconv.Itoa(g.nAccount), Username: username, Email: email,
		FirstName: p.first.text, NamePrefix: p.sur.prefix.text, LastName: p.sur.last.text,
		Kind: kind, Status: syncaudit.Active, Schools: []string{s.id},
	}
	switch u := g.r.Float64(); {
	case u < 0.85:
		a.LastLogin = g.day(-g.r.IntN(30))
	case u < 0.95:
		a.LastLogin = g.day(-g.between(30, 240))
	}
	switch kind {
	case syncaudit.Staff:
		a.M365 = g.chance(0.95)
		a.M365License = a.M365 && g.chance(0.9)
		a.Google = g.chance(0.1)
	case syncaudit.Student:
		a.M365 = g.chance(0.6)
		a.M365License = a.M365 && g.chance(0.4)
		a.Google = g.chance(0.25)
	}
	g.snap.Accounts = append(g.snap.Accounts, a)
	return &g.snap.Accounts[len(g.snap.Accounts)-1]
}

// record appends a source record for p and returns it.
func (g *generator) record(src syncaudit.Source, id string, kind syncaudit.Kind, p person, s *school) *syncaudit.SourceRecord {
	g.snap.Records = append(g.snap.Records, syncaudit.SourceRecord{
		Source: src, SourceID: id, School: s.id, Kind: kind,
		FirstName: p.first.text, NamePrefix: p.sur.prefix.text, LastName: p.sur.last.text,
	})
	return &g.snap.Records[len(g.snap.Records)-1]
}

func (g *generator) nextID(src syncaudit.Source, kind syncaudit.Kind) string {
	switch src {
	case syncaudit.HR:
		g.nHR++
		return "E-" + strconv.Itoa(g.nHR)
	case syncaudit.SIS:
		g.nSIS++
		if kind == syncaudit.Guardian {
			return "VG" + strconv.Itoa(g.nSIS)
		}
		return "VK" + strconv.Itoa(g.nSIS)
	}
	g.nLAS++
	return strconv.Itoa(g.nLAS)
}

// pupilSource is where a school's pupils come from.
func pupilSource(s *school) syncaudit.Source {
	if s.sis {
		return syncaudit.SIS
	}
	return syncaudit.LAS
}

// member makes one synced person with an account: a pupil, a member of
// staff, or (at a register school) a guardian, with the churn of Options.
func (g *generator) member(s *school) {
	u := g.r.Float64()
	switch {
	case s.sis && u < sisStaffShare, !s.sis && u < lasStaffShare:
		g.staff(s)
	case s.sis && u < sisStaffShare+sisGuardianShare:
		g.pupilOrGuardian(s, syncaudit.Guardian)
	default:
		g.pupilOrGuardian(s, syncaudit.Student)
	}
}

// leaverState decides whether a new synced account's person has left, and
// whether an exception entry protects or idles on it.
func (g *generator) leaver() (left, entry bool) {
	o := g.o
	left = g.chance(o.Leavers)
	share := 1 - o.Manual - o.SoftDeleted
	if left {
		// 40 % of the entries protect a leaver (D5, E6); at most half the leavers.
		entry = g.chance(min(0.5, o.Exceptions*0.4/max(o.Leavers*share, 1e-9)))
	} else {
		// 40 % sit on an account the source still offers (E7).
		entry = g.chance(o.Exceptions * 0.4 / max((1-o.Leavers)*share, 1e-9))
	}
	return left, entry
}

func (g *generator) pupilOrGuardian(s *school, kind syncaudit.Kind) {
	p := g.person(s.swedish)
	a := g.account(p, kind, s)
	src := pupilSource(s)
	id := g.nextID(src, kind)
	a.Links = []syncaudit.Link{{Source: src, SourceID: id}}
	left, entry := g.leaver()
	group := s.groups[g.r.IntN(len(s.groups))]
	var courses []string
	if s.sis && kind == syncaudit.Student {
		courses = []string{subjects[g.r.IntN(len(subjects))] + group, subjects[g.r.IntN(len(subjects))] + group}
		if courses[0] == courses[1] {
			courses = courses[:1]
		}
	}
	switch {
	case !left:
		r := g.record(src, id, kind, p, s)
		if kind == syncaudit.Student {
			r.Groups = []string{group}
			r.Courses = courses
		}
		if s.sis {
			r.Email = a.Email // V8 forces this where switched on
		}
		if src == syncaudit.LAS && g.chance(0.5) {
			r.Programs = g.programs()
		}
		g.drift(a, r)
	case kind == syncaudit.Student && g.chance(0.1):
		// Still in the LAS, but taken out of every group: no longer eligible (S2).
		g.record(src, id, kind, p, s)
		g.gone(entry)
	default:
		g.gone(entry)
	}
	if g.chance(restoredShare) {
		a.RestoredAt = g.day(-g.between(1, 200))
		if g.chance(min(1, g.o.Exceptions*15)) { // entry added before the restore: it should have gone (D8, E3)
			g.entry(a.ID, g.between(a.RestoredAt.DaysUntil(g.o.RunDate)+1, 700))
		}
	}
	if entry {
		g.entry(a.ID, g.r.IntN(720))
	}
	if g.o.Structure == syncaudit.MultiDomain && kind == syncaudit.Student {
		g.memberships(a.ID, s, group, courses)
	}
}

// gone counts an account that no source offers any more: a soft-delete
// candidate unless an entry protects it.
func (g *generator) gone(protected bool) {
	if !protected {
		g.absent++
	}
}

func (g *generator) programs() []string {
	n := g.between(1, 2)
	first := g.r.IntN(len(programs))
	if n == 1 {
		return []string{programs[first]}
	}
	return []string{programs[first], programs[(first+1+g.r.IntN(len(programs)-1))%len(programs)]}
}

// drift makes the account's locked name differ from the source's (L2) at
// the NameDrift rate: a retyped surname, a capitalised tussenvoegsel, or a
// shortened first name.
func (g *generator) drift(a *syncaudit.Account, r *syncaudit.SourceRecord) {
	if !g.chance(g.o.NameDrift) {
		return
	}
	g.drifted++
	switch {
	case r.NamePrefix != "" && g.chance(0.4):
		a.NamePrefix = upperFirst(r.NamePrefix)
	case g.chance(0.5):
		a.LastName = r.LastName + "s"
	default:
		if rs := []rune(r.FirstName); len(rs) > 3 {
			a.FirstName = string(rs[:3])
		} else {
			a.FirstName = r.FirstName + "e"
		}
	}
}

func upperFirst(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

// staff makes a member of staff: an HR record with a role, and for teaching
// roles a LAS (or register) record with their groups; some work at two
// schools, some left one of them, some have no group, some names disagree
// between LAS and HR.
func (g *generator) staff(s *school) {
	o := g.o
	p := g.person(s.swedish)
	a := g.account(p, syncaudit.Staff, s)
	role := hrRoles[g.r.IntN(len(hrRoles))]
	teacher := teacherRoles[role]
	hrID := g.nextID(syncaudit.HR, syncaudit.Staff)
	src := pupilSource(s)
	var teachID string
	a.Links = []syncaudit.Link{{Source: syncaudit.HR, SourceID: hrID}}
	if teacher {
		teachID = g.nextID(src, syncaudit.Staff)
		a.Links = append(a.Links, syncaudit.Link{Source: src, SourceID: teachID})
	}
	schools := []*school{s}
	if o.Structure != syncaudit.SingleSchool && len(g.schools) > 1 && g.chance(twoSchoolShare) {
		other := &g.schools[(s.index+1+g.r.IntN(len(g.schools)-1))%len(g.schools)]
		if other.sis == s.sis { // one person is in one register
			schools = append(schools, other)
			a.Schools = append(a.Schools, other.id)
		}
	}
	left, entry := g.leaver()
	if left {
		g.gone(entry)
		if g.chance(0.5) { // still in HR, but the contract has ended (S3)
			r := g.record(syncaudit.HR, hrID, syncaudit.Staff, p, s)
			r.Role, r.Email = role, a.Email
			r.StartDate, r.EndDate = g.day(-g.between(400, 3000)), g.day(-g.between(1, 120))
		}
	} else {
		if len(schools) == 2 && g.chance(partialLeaverShare) {
			schools = schools[:1] // left the second school only (D3, D4)
		}
		conflict := teacher && g.chance(o.Conflicts)
		for _, at := range schools {
			r := g.record(syncaudit.HR, hrID, syncaudit.Staff, p, at)
			r.Role, r.Email = role, a.Email
			r.StartDate = g.day(-g.between(30, 5000))
			if g.chance(0.05) {
				r.EndDate = g.day(g.between(30, 300)) // a fixed-term contract
			}
			if at == s {
				g.drift(a, r)
			}
			if !teacher {
				continue
			}
			t := g.record(src, teachID, syncaudit.Staff, p, at)
			if !g.chance(noGroupShare) { // a teacher without a group (S2, S6)
				t.Groups = []string{at.groups[g.r.IntN(len(at.groups))]}
				if g.chance(0.3) {
					t.Groups = append(t.Groups, at.groups[g.r.IntN(len(at.groups))])
					if t.Groups[0] == t.Groups[1] {
						t.Groups = t.Groups[:1]
					}
				}
				if at.sis {
					t.Courses = []string{subjects[g.r.IntN(len(subjects))] + t.Groups[0]}
				}
			}
			if at.sis {
				t.Email = a.Email
			}
			if conflict { // the LAS knows them by another first name (L3)
				t.FirstName = otherFirst(p, at.swedish, g)
			}
		}
	}
	if g.chance(0.003) && o.Structure != syncaudit.SingleSchool {
		// An HR export holds every location, listed by the tenant or not.
		g.snap.Records = append(g.snap.Records, syncaudit.SourceRecord{
			Source: syncaudit.HR, SourceID: hrID, School: "99ZZ", Kind: syncaudit.Staff, Role: role,
			FirstName: p.first.text, NamePrefix: p.sur.prefix.text, LastName: p.sur.last.text,
		})
	}
	if entry {
		g.entry(a.ID, g.r.IntN(720))
	}
}

// otherFirst returns a first name that is not p's.
func otherFirst(p person, swedish bool, g *generator) string {
	pool := dutchFirst
	if swedish {
		pool = swedishFirst
	}
	for {
		if n := pool[g.r.IntN(len(pool))].text; n != p.first.text {
			return n
		}
	}
}

// memberships writes a pupil's class and course memberships at a
// multi-domain school: mostly made by the sync, a few missing (to be added),
// a few added by hand (V9).
func (g *generator) memberships(account string, s *school, group string, courses []string) {
	add := func(grp string, kind syncaudit.MembershipKind, origin syncaudit.Origin) {
		g.snap.Memberships = append(g.snap.Memberships, syncaudit.Membership{AccountID: account, School: s.id, Group: grp, Kind: kind, Origin: origin})
	}
	if !g.chance(0.02) {
		add(group, syncaudit.GroupMembership, syncaudit.SyncOrigin)
	}
	for _, c := range courses {
		if !g.chance(0.02) {
			add(c, syncaudit.CourseMembership, syncaudit.SyncOrigin)
		}
	}
	if s.sis && g.chance(0.02) {
		add(subjects[g.r.IntN(len(subjects))]+s.groups[g.r.IntN(len(s.groups))], syncaudit.CourseMembership, syncaudit.ManualOrigin)
	}
}

// manual makes an account by hand, without links. A quarter of them are the
// twin of a person the LAS (or register) now offers: the new account is
// blocked until the manual one goes (M2), and programs assigned to the
// person stay invisible (P2).
func (g *generator) manual(s *school) {
	p := g.person(s.swedish)
	kind := syncaudit.Staff
	if g.chance(0.4) {
		kind = syncaudit.Student
	}
	a := g.account(p, kind, s)
	if g.chance(0.25) {
		src := pupilSource(s)
		r := g.record(src, g.nextID(src, kind), kind, p, s)
		r.Groups = []string{s.groups[g.r.IntN(len(s.groups))]}
		r.Email = a.Email
		if src == syncaudit.LAS {
			r.Programs = g.programs()
		}
	}
	if g.chance(g.o.Exceptions * 0.03 / max(g.o.Manual, 1e-9)) { // invalid: no link (E2)
		g.entry(a.ID, g.r.IntN(720))
	}
}

// softDeleted makes an account in "deleted users", deleted up to 180 days
// ago (D7). Some keep a link the source offers again (D11), some a link to
// a person gone from the source, some none.
func (g *generator) softDeleted(s *school) {
	kind := syncaudit.Student
	if g.chance(0.2) {
		kind = syncaudit.Staff
	}
	p := g.person(s.swedish)
	a := g.account(p, kind, s)
	a.Status = syncaudit.SoftDeleted
	a.DeletedAt = g.day(-g.between(1, 180))
	src := pupilSource(s)
	switch u := g.r.Float64(); {
	case u < 0.15:
		id := g.nextID(src, kind)
		a.Links = []syncaudit.Link{{Source: src, SourceID: id}}
		r := g.record(src, id, kind, p, s)
		r.Groups = []string{s.groups[g.r.IntN(len(s.groups))]}
	case u < 0.6:
		a.Links = []syncaudit.Link{{Source: src, SourceID: g.nextID(src, kind)}}
	}
	if g.chance(g.o.Exceptions * 0.03 / max(g.o.SoftDeleted, 1e-9)) { // should have left the list (E3)
		g.entry(a.ID, g.r.IntN(720))
	}
}

// joiner makes a source record no account links to yet (M4): a new pupil,
// guardian or member of staff.
func (g *generator) joiner(s *school) {
	p := g.person(s.swedish)
	src := pupilSource(s)
	domain := g.usernameDomain(s)
	switch u := g.r.Float64(); {
	case u < 0.12:
		r := g.record(syncaudit.HR, g.nextID(syncaudit.HR, syncaudit.Staff), syncaudit.Staff, p, s)
		r.Role, r.Email = hrRoles[g.r.IntN(len(hrRoles))], p.local()+"@"+domain
		r.StartDate = g.day(-g.between(0, 60))
		if g.chance(0.2) {
			r.StartDate = g.day(g.between(1, 60)) // starts later: not yet eligible (S3)
		}
	case s.sis && u < 0.4:
		g.record(src, g.nextID(src, syncaudit.Guardian), syncaudit.Guardian, p, s)
	default:
		r := g.record(src, g.nextID(src, syncaudit.Student), syncaudit.Student, p, s)
		r.Groups = []string{s.groups[g.r.IntN(len(s.groups))]}
		if src == syncaudit.LAS && g.chance(0.5) {
			r.Programs = g.programs()
		}
	}
}

// entry appends an exception entry added age days ago, with a spread of
// reviews, expiry dates, missing reasons (E4) and duplicates (E8).
func (g *generator) entry(account string, age int) {
	e := syncaudit.ExceptionEntry{
		AccountID: account, AddedBy: addedBy[g.r.IntN(len(addedBy))], AddedAt: g.day(-age),
	}
	if !g.chance(0.05) {
		e.Reason = reasons[g.r.IntN(len(reasons))]
	}
	if age > 0 && g.chance(0.4) {
		e.ReviewedAt = g.day(-g.r.IntN(age))
	}
	if g.chance(0.15) {
		e.ExpiresAt = g.day(-age + 365)
	}
	g.snap.Exceptions = append(g.snap.Exceptions, e)
	if g.chance(0.03) {
		dup := e
		dup.AddedAt = g.day(-g.r.IntN(age + 1))
		g.snap.Exceptions = append(g.snap.Exceptions, dup)
	}
}

// missingEntries adds entries for accounts the target no longer holds (E3):
// 4 % of the exception list.
func (g *generator) missingEntries() {
	n := int(float64(g.o.Accounts)*g.o.Exceptions*0.04 + g.r.Float64())
	for range n {
		g.nMissing++
		g.entry("X"+strconv.Itoa(g.nMissing), g.r.IntN(720))
	}
}

// guards keeps the run-wide guards below their limits unless told not to:
// at scale 3 % leavers is far over D9's default of 500 soft deletes, and a
// tenant that size would have raised it.
func (g *generator) guards() {
	if g.o.TripGuards {
		return
	}
	active := 0
	for i := range g.snap.Accounts {
		if g.snap.Accounts[i].Status == syncaudit.Active {
			active++
		}
	}
	policy := map[string]any{}
	if g.absent*10/8 > 500 || g.absent*100 > active*8 {
		policy["mass_delete"] = map[string]any{
			"max_count":   roundUp(g.absent*3/2+10, 100),
			"max_percent": max(10, roundUp(g.absent*150/max(active, 1)+1, 5)),
			"min_count":   10,
		}
	}
	if g.drifted*100 > active*40 {
		policy["mass_update"] = map[string]any{"max_percent": min(100, roundUp(g.drifted*150/max(active, 1)+1, 5)), "min_count": 20}
	}
	if len(policy) > 0 {
		g.snap.Tenant.Policy = policy
	}
}

func roundUp(n, to int) int { return (n + to - 1) / to * to }
