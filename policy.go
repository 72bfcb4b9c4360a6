package syncaudit

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strings"
)

// Policy is the tenant's policy block (tenant.yaml `policy:`) with every key
// typed: the overrides of the rule book's parameters. The defaults live in
// the rule book (policies/lib.rego, `defaults`), which merges them with these;
// a key the tenant leaves out is nil or zero here and set there.
type Policy struct {
	Precedence          []string            // S4: sources, leading first
	HRRoles             []string            // S3: synced HR roles; empty = every role
	Locks               map[string][]string // L1: locked fields per source
	ExceptionReviewDays *int                // E5
	InactiveLoginDays   *int                // E6
	PurgeAfterDays      *int                // D7
	MassDelete          *MassDelete         // D9
	MassUpdate          *MassUpdate         // L6
	DisabledRules       []string            // rule ids switched off
}

// MassDelete holds the mass-deletion guard's thresholds (D9); nil is the
// rule book's default.
type MassDelete struct {
	MaxCount   *float64 // more destructive actions than this are refused
	MaxPercent *float64 // a share of the active accounts, 0–100
	MinCount   *float64 // the share counts from this many up
}

// MassUpdate holds the mass-update guard's thresholds (L6).
type MassUpdate struct {
	MaxPercent *float64 // a share of the linked accounts, 0–100
	MinCount   *float64 // the share counts from this many up
}

// policyKeys are the keys of the policy block and what each holds.
var policyKeys = map[string]string{
	"precedence":            "a list of sources, such as [hr, las, sis]",
	"hr_roles":              "a list of HR roles, such as [leerkracht, directeur]; [] for every role",
	"locks":                 "per source a list of fields, such as {las: [first_name, last_name]}",
	"exception_review_days": "a whole number of days (0 or more), such as 90",
	"inactive_login_days":   "a whole number of days (0 or more), such as 60",
	"purge_after_days":      "a whole number of days (0 or more), such as 30",
	"mass_delete":           "{max_count: 500, max_percent: 10, min_count: 10}",
	"mass_update":           "{max_percent: 50, min_count: 20}",
	"disabled_rules":        "a list of rule ids, such as [E7]",
}

// ParsePolicy reads and checks a tenant's policy block: every key has its
// type, a count or a number of days is a whole number of 0 or more, a share
// lies between 0 and 100, and an object (mass_delete, mass_update) holds only
// its own keys. A wrong value is an *InputError naming file, the key
// (policy.mass_delete.max_percent) and the value as written, so that a
// mistyped threshold (`10%`, "10", null, `ten`) is never a silently disabled
// guard. Keys the rule book does not know (custom: for a tenant's own
// policies) are left alone; ingest refuses any other.
func ParsePolicy(file string, raw map[string]any) (*Policy, error) {
	p := &Policy{}
	var errs InputErrors
	bad := func(key string, v any, what string) {
		errs = append(errs, &InputError{
			File: file, Column: "policy." + key, Value: valueText(v),
			Problem: "not " + what,
			Fix:     fmt.Sprintf("write policy.%s as %s, or leave it out for the rule book's default", key, exampleOf(key)),
		})
	}
	for _, key := range sortedKeys(raw) {
		v := raw[key]
		switch key {
		case "precedence", "hr_roles", "disabled_rules":
			list, ok := stringList(v)
			if !ok {
				bad(key, v, "a list of words")
				continue
			}
			switch key {
			case "precedence":
				p.Precedence = list
			case "hr_roles":
				p.HRRoles = list
			default:
				p.DisabledRules = list
			}
		case "locks":
			m, ok := v.(map[string]any)
			if !ok {
				bad(key, v, "an object of sources with their locked fields")
				continue
			}
			p.Locks = map[string][]string{}
			for _, src := range sortedKeys(m) {
				list, ok := stringList(m[src])
				if !ok {
					bad("locks."+src, m[src], "a list of field names")
					continue
				}
				p.Locks[src] = list
			}
		case "exception_review_days", "inactive_login_days", "purge_after_days":
			n, ok := number(v)
			if !ok || n < 0 || n != math.Trunc(n) {
				bad(key, v, "a whole number of days, 0 or more")
				continue
			}
			days := int(n)
			switch key {
			case "exception_review_days":
				p.ExceptionReviewDays = &days
			case "inactive_login_days":
				p.InactiveLoginDays = &days
			default:
				p.PurgeAfterDays = &days
			}
		case "mass_delete", "mass_update":
			m, ok := v.(map[string]any)
			if !ok {
				bad(key, v, "an object")
				continue
			}
			fields := map[string]**float64{}
			if key == "mass_delete" {
				p.MassDelete = &MassDelete{}
				fields["max_count"], fields["max_percent"], fields["min_count"] = &p.MassDelete.MaxCount, &p.MassDelete.MaxPercent, &p.MassDelete.MinCount
			} else {
				p.MassUpdate = &MassUpdate{}
				fields["max_percent"], fields["min_count"] = &p.MassUpdate.MaxPercent, &p.MassUpdate.MinCount
			}
			for _, sub := range sortedKeys(m) {
				dst, known := fields[sub]
				if !known {
					errs = append(errs, &InputError{
						File: file, Column: "policy." + key + "." + sub, Value: valueText(m[sub]),
						Problem: fmt.Sprintf("policy.%s has no key %s", key, sub),
						Fix:     fmt.Sprintf("use the keys of %s", policyKeys[key]),
					})
					continue
				}
				n, ok := number(m[sub])
				switch {
				case !ok:
					bad(key+"."+sub, m[sub], "a number")
					continue
				case n < 0:
					bad(key+"."+sub, m[sub], "a number of 0 or more")
					continue
				case sub == "max_percent" && n > 100:
					bad(key+"."+sub, m[sub], "a share between 0 and 100")
					continue
				case sub != "max_percent" && n != math.Trunc(n):
					bad(key+"."+sub, m[sub], "a whole number of accounts")
					continue
				}
				*dst = &n
			}
		}
	}
	switch len(errs) {
	case 0:
		return p, nil
	case 1:
		return nil, errs[0]
	}
	return nil, errs
}

// exampleOf writes an example of a policy key's value for a message.
func exampleOf(key string) string {
	if ex, ok := policyKeys[key]; ok {
		return ex
	}
	switch {
	case strings.HasSuffix(key, "max_percent"):
		return "a number between 0 and 100 without %, such as 10"
	case strings.HasPrefix(key, "locks."):
		return "a list of fields, such as [first_name, last_name]"
	}
	return "a whole number, such as 10"
}

// number reads a YAML or JSON number; a string, even "10", is no number.
func number(v any) (float64, bool) {
	switch n := v.(type) {
	case int:
		return float64(n), true
	case int64:
		return float64(n), true
	case uint64:
		return float64(n), true
	case float64:
		return n, !math.IsNaN(n) && !math.IsInf(n, 0)
	case json.Number:
		f, err := n.Float64()
		return f, err == nil
	}
	return 0, false
}

// stringList reads a list of words (strings; a number such as a role code
// 12 is taken as its text). Null or an object is not a list.
func stringList(v any) ([]string, bool) {
	list, ok := v.([]any)
	if !ok {
		if ss, ok := v.([]string); ok {
			return ss, true
		}
		return nil, false
	}
	out := make([]string, 0, len(list))
	for _, x := range list {
		switch x := x.(type) {
		case string:
			out = append(out, x)
		case int, int64, uint64, float64, json.Number:
			out = append(out, fmt.Sprint(x))
		default:
			return nil, false
		}
	}
	return out, true
}

// valueText writes a policy value as the tenant wrote it, for a message.
func valueText(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case string:
		return v
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
