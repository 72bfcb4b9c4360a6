package policies

import "embed"

// builtinFS holds the built-in rule book: every policies/*.rego file,
// including the _test.rego files that `syncaudit policy test` runs, and the
// message catalogue (policies/*.messages.yaml). Check evaluates only the
// files that are not tests.
//
//go:embed *.rego *.messages.yaml
var builtinFS embed.FS
