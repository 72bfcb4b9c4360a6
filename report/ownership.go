package report

import (
	"sort"

	"github.com/syncaudit/syncaudit"
)

// lockable lists the account fields a source can lock (L1), in the order the
// ownership sheet shows them.
var lockable = []string{"first_name", "name_prefix", "last_name", "email"}

// ownership holds the settings that decide who owns a locked field: the
// order of precedence (S4), the locks per source (L1) and the schools whose
// register forces e-mail per kind (V8).
type ownership struct {
	precedence []syncaudit.Source
	locks      map[syncaudit.Source]map[string]bool
	tenant     *syncaudit.Tenant
}

// ownershipRules reads precedence and locks from the report's parameters in
// force: the rule book's defaults merged with the tenant's settings
// (data.syncaudit.lib.params), so the sheet never keeps defaults of its own.
// A rule book without parameters locks nothing.
func ownershipRules(rep *syncaudit.Report, snap *syncaudit.Snapshot) *ownership {
	o := &ownership{locks: map[syncaudit.Source]map[string]bool{}, tenant: &snap.Tenant}
	lookup := func(key string) any { return rep.Run.Parameters[key] }
	for _, s := range stringList(lookup("precedence")) {
		if src, err := syncaudit.ParseSource(s); err == nil {
			o.precedence = append(o.precedence, src)
		}
	}
	if len(o.precedence) == 0 {
		o.precedence = append(o.precedence, syncaudit.Sources...)
	}
	for _, src := range syncaudit.Sources { // a source missing from precedence comes last
		found := false
		for _, p := range o.precedence {
			found = found || p == src
		}
		if !found {
			o.precedence = append(o.precedence, src)
		}
	}
	locks := map[syncaudit.Source][]string{}
	if m, ok := lookup("locks").(map[string]any); ok {
		for k, v := range m {
			if src, err := syncaudit.ParseSource(k); err == nil {
				locks[src] = stringList(v)
			}
		}
	}
	for src, fields := range locks {
		o.locks[src] = map[string]bool{}
		for _, f := range fields {
			o.locks[src][f] = true
		}
	}
	return o
}

// stringList reads a list of strings from a decoded YAML or JSON value.
func stringList(v any) []string {
	switch l := v.(type) {
	case []string:
		return l
	case []any:
		out := make([]string, 0, len(l))
		for _, x := range l {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// An owned field is one locked field of one account and who owns it.
type owned struct {
	field    string
	owner    syncaudit.Source // "" = the platform (L5)
	ownerID  string           // the owner's source id
	rule     string           // L1 one locking source, S4 precedence decided, L5 platform
	lockedBy []string
}

// locksOf returns whether src locks field on acc: L1's list, plus e-mail for
// sis where one of the account's schools forces it for its kind (V8).
func (o *ownership) locksOf(src syncaudit.Source, field string, acc *syncaudit.Account) bool {
	if o.locks[src][field] {
		return true
	}
	if src != syncaudit.SIS || field != "email" {
		return false
	}
	for _, id := range acc.Schools {
		s, ok := o.tenant.School(id)
		if !ok {
			continue
		}
		fe := s.Sync.ForceEmail
		if acc.Kind == syncaudit.Student && fe.Students || acc.Kind == syncaudit.Staff && fe.Staff || acc.Kind == syncaudit.Guardian && fe.Guardians {
			return true
		}
	}
	return false
}

// of returns the locked fields of acc and their owners. A manual account has
// none. An account protected by the exception list while absent (a
// keep_by_exception action) is owned by the platform (L5). Otherwise each
// field belongs to the first source in the order of precedence that locks it
// (L1, S4), leaving out a source the next sync unlinks (D1).
func (o *ownership) of(acc *syncaudit.Account, ix *reportIndex) []owned {
	if acc.Manual() {
		return nil
	}
	protected := ix.protected[acc.ID]
	ids := map[syncaudit.Source]string{}
	for _, l := range acc.Links {
		if !protected && ix.unlinked[acc.ID][l.Source] {
			continue
		}
		if _, ok := ids[l.Source]; !ok {
			ids[l.Source] = l.SourceID
		}
	}
	var out []owned
	for _, field := range lockable {
		var by []syncaudit.Source
		for _, src := range o.precedence {
			if _, linked := ids[src]; linked && o.locksOf(src, field, acc) {
				by = append(by, src)
			}
		}
		if len(by) == 0 {
			continue
		}
		names := make([]string, len(by))
		for i, s := range by {
			names[i] = string(s)
		}
		sort.Strings(names)
		w := owned{field: field, lockedBy: names}
		switch {
		case protected:
			w.rule = "L5"
		case len(by) > 1:
			w.owner, w.ownerID, w.rule = by[0], ids[by[0]], "S4"
		default:
			w.owner, w.ownerID, w.rule = by[0], ids[by[0]], "L1"
		}
		out = append(out, w)
	}
	return out
}

// accountField returns a lockable field of an account as the target shows it.
func accountField(a *syncaudit.Account, field string) string {
	switch field {
	case "first_name":
		return a.FirstName
	case "name_prefix":
		return a.NamePrefix
	case "last_name":
		return a.LastName
	case "email":
		return a.Email
	}
	return ""
}

// recordField returns a lockable field of a source record.
func recordField(r *syncaudit.SourceRecord, field string) string {
	switch field {
	case "first_name":
		return r.FirstName
	case "name_prefix":
		return r.NamePrefix
	case "last_name":
		return r.LastName
	case "email":
		return r.Email
	}
	return ""
}
