# Placeholder so that go:embed *.rego has a match until the rule book (branch rego) is merged.
package syncaudit.placeholder
