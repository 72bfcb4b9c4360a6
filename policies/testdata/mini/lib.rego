# A miniature rule book for the engine's tests: the same packages and case
# shape as the real one (docs/policies.md), a handful of rules.
package syncaudit.lib

defaults := {"purge_after_days": 30, "mass_delete": {"max_count": 500, "max_percent": 10, "min_count": 3}, "disabled_rules": []}

params := object.union(defaults, object.get(data.tenant, "policy", {}))

# eligible is true for a record with at least one group (S2, simplified).
eligible(r) if count(r.groups) > 0
