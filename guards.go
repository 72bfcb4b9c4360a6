package syncaudit

import "slices"

// Guards are the rules that refuse a run as a whole (domain.md D9, D10, L6):
// the mass-deletion guard, the empty source file guard and the mass-update
// guard. Switching one off (policy.disabled_rules) is the tenant's decision,
// and every report shows it on its first page.
var Guards = []string{"D9", "D10", "L6"}

// GuardsOff returns the guards that the run switched off, in Guards order.
func (r *Run) GuardsOff() []string {
	var off []string
	for _, g := range Guards {
		if slices.Contains(r.DisabledRules, g) {
			off = append(off, g)
		}
	}
	return off
}
