// Package policies runs syncaudit's rule book: the Rego policies of
// policies/*.rego (embedded in the binary) and any user policies, evaluated
// once per case (an account, an unlinked source person, an orphan exception
// entry, the tenant as a whole) on a pool of workers that share one prepared
// query. Load compiles the rule book once; Check turns a snapshot into a
// report; Test runs the policies' own unit tests. The shape of a case is fixed
// in docs/policies.md.
package policies

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/words"
)

// Options configure Load.
type Options struct {
	// Dirs are user policy folders (or single .rego files), as given with
	// --policies. Every .rego file under them is compiled with the built-in
	// rule book; _test.rego files only serve Test.
	Dirs []string
	// Tool names the program, for the report's tool field.
	Tool syncaudit.Tool
	// Builtin replaces the embedded rule book (for tests); nil means the
	// embedded policies/*.rego.
	Builtin fs.FS
	// NoBuiltin leaves the built-in rule book out altogether (for tests of
	// user policies on their own).
	NoBuiltin bool
}

// An Engine is a compiled rule book, ready to check snapshots. It is built
// once by Load and safe for concurrent use.
type Engine struct {
	compiler *ast.Compiler
	caps     *ast.Capabilities
	files    []policyFile // evaluated files, sorted by name
	tests    []policyFile // _test.rego files, sorted by name
	// texts are the message catalogue files (*.messages.yaml), sorted by
	// name, and words the catalogue they make: the built-in one and the
	// user policies' own.
	texts  []policyFile
	words  *words.Catalogue
	rules  []syncaudit.Rule
	digest string
	tool   syncaudit.Tool
	// hasEligible is true when the rule book defines
	// data.syncaudit.lib.eligible(record), so that Check can count eligible
	// records per source for the tenant case (D10).
	hasEligible bool
	hasParams   bool
	// fastPath is true when the built-in rule book runs alone: Check then
	// skips the full query for account cases on which no built-in rule can
	// fire (quiet.go; docs/scale.md, "The fast path"). User policies must
	// see every case, so loading any turns it off.
	fastPath bool
}

// A policyFile is one Rego file: its name as reports show it and its text.
type policyFile struct {
	name string
	text []byte
	// user: the file came from Options.Dirs (--policies), not the built-in
	// rule book; it must declare a package of its own (userPackages).
	user bool
}

// A CompileError is one problem in a policy file: where it is and what is
// wrong. Load returns them as CompileErrors; the CLI turns them into exit
// code 2.
type CompileError struct {
	File    string
	Line    int
	Column  int
	Message string
}

// Error writes file:line:column: message.
func (e *CompileError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
		if e.Column > 0 {
			fmt.Fprintf(&b, ":%d", e.Column)
		}
	}
	b.WriteString(": ")
	b.WriteString(e.Message)
	return b.String()
}

// CompileErrors are the problems of a policy set that does not compile.
type CompileErrors []*CompileError

// Error lists the problems, one per line.
func (es CompileErrors) Error() string {
	lines := make([]string, 0, len(es)+1)
	lines = append(lines, "the policies do not compile:")
	for _, e := range es {
		lines = append(lines, "  "+e.Error())
	}
	return strings.Join(lines, "\n")
}

// compileErrors converts OPA's errors into CompileErrors with file and line.
func compileErrors(err error) error {
	var errs ast.Errors
	switch e := err.(type) {
	case ast.Errors:
		errs = e
	case *ast.Error:
		errs = ast.Errors{e}
	default:
		return err
	}
	out := make(CompileErrors, 0, len(errs))
	for _, e := range errs {
		ce := &CompileError{Message: e.Code + ": " + e.Message}
		if e.Location != nil {
			ce.File, ce.Line, ce.Column = e.Location.File, e.Location.Row, e.Location.Col
		}
		out = append(out, ce)
	}
	return out
}

// denied lists the built-in functions a policy may not call: nothing may
// reach the network or the environment, and nothing may make a run depend on
// the clock or chance (the run date stands in for today).
func denied(name string) bool {
	if strings.HasPrefix(name, "net.") || strings.HasPrefix(name, "http.") {
		return true
	}
	switch name {
	case "opa.runtime", "time.now_ns", "rand.intn", "uuid.rfc4122":
		return true
	}
	return false
}

// Capabilities returns OPA's capabilities for this version without the
// built-ins that reach the network (http.send, net.*), read the environment
// (opa.runtime) or depend on the clock or chance (time.now_ns, rand.intn,
// uuid.rfc4122). A policy calling one of them does not compile.
func Capabilities() *ast.Capabilities {
	caps := ast.CapabilitiesForThisVersion()
	kept := caps.Builtins[:0]
	for _, b := range caps.Builtins {
		if !denied(b.Name) {
			kept = append(kept, b)
		}
	}
	caps.Builtins = kept
	caps.AllowNet = []string{}
	return caps
}

// Load reads and compiles the built-in rule book and the user policies as
// Rego v1 with restricted capabilities. A policy that does not parse or
// compile gives CompileErrors naming file and line.
func Load(ctx context.Context, opts Options) (*Engine, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var files []policyFile
	if !opts.NoBuiltin {
		fsys := opts.Builtin
		if fsys == nil {
			fsys = builtinFS
		}
		builtin, err := readFS(fsys, "policies")
		if err != nil {
			return nil, fmt.Errorf("read built-in policies: %w", err)
		}
		files = append(files, builtin...)
	}
	for _, dir := range opts.Dirs {
		user, err := readDir(dir)
		if err != nil {
			return nil, err
		}
		for i := range user {
			user[i].user = true
		}
		files = append(files, user...)
	}
	sort.SliceStable(files, func(i, j int) bool { return files[i].name < files[j].name })
	files, err := dedupe(files)
	if err != nil {
		return nil, err
	}

	e := &Engine{caps: Capabilities(), tool: opts.Tool, words: &words.Catalogue{}}
	for _, f := range files {
		switch {
		case isCatalogue(f.name):
			e.texts = append(e.texts, f)
		case isTest(f.name):
			e.tests = append(e.tests, f)
		default:
			e.files = append(e.files, f)
		}
	}
	for _, f := range e.texts {
		c, err := words.Parse(f.name, f.text)
		if err != nil {
			return nil, err
		}
		if err := e.words.Merge(c); err != nil {
			return nil, err
		}
	}
	compiler, err := compile(e.files, e.caps)
	if err != nil {
		return nil, err
	}
	e.compiler = compiler
	e.rules = catalogue(compiler)
	e.digest = digest(e.provenance())
	e.hasEligible = defined(compiler, "data.syncaudit.lib.eligible")
	e.hasParams = defined(compiler, "data.syncaudit.lib.params")
	e.fastPath = len(opts.Dirs) == 0 && !opts.NoBuiltin
	return e, nil
}

// defined reports whether the compiled rule book has a rule at ref.
func defined(c *ast.Compiler, ref string) bool {
	return len(c.GetRulesExact(ast.MustParseRef(ref))) > 0
}

// compile parses and compiles files as Rego v1 with the given capabilities.
func compile(files []policyFile, caps *ast.Capabilities) (*ast.Compiler, error) {
	modules := make(map[string]*ast.Module, len(files))
	var parseErrs ast.Errors
	popts := ast.ParserOptions{RegoVersion: ast.RegoV1, ProcessAnnotation: true, Capabilities: caps}
	for _, f := range files {
		m, err := ast.ParseModuleWithOpts(f.name, string(f.text), popts)
		if err != nil {
			if errs, ok := err.(ast.Errors); ok {
				parseErrs = append(parseErrs, errs...)
				continue
			}
			return nil, fmt.Errorf("parse %s: %w", f.name, err)
		}
		if m == nil {
			parseErrs = append(parseErrs, ast.NewError(ast.ParseErr, &ast.Location{File: f.name}, "empty policy file: write a package declaration"))
			continue
		}
		modules[f.name] = m
	}
	if len(parseErrs) > 0 {
		return nil, compileErrors(parseErrs)
	}
	if err := userPackages(files, modules); err != nil {
		return nil, err
	}
	c := ast.NewCompiler().
		WithCapabilities(caps).
		WithDefaultRegoVersion(ast.RegoV1)
	if c.Compile(modules); c.Failed() {
		return nil, compileErrors(c.Errors)
	}
	return c, nil
}

// userPackages refuses a user policy outside a package of its own: every
// user file declares syncaudit.rules.<name>, where name is not a family of
// the built-in rule book. A user file in syncaudit.lib (where the guards'
// parameters and disabled rules live), in a built-in family (deletion,
// locks, ...) or anywhere else could change what the built-in rules decide,
// or switch a guard off unseen; one outside syncaudit.rules would never be
// evaluated. The error names file and line of the package declaration.
func userPackages(files []policyFile, modules map[string]*ast.Module) error {
	families := map[string]bool{}
	for _, f := range files {
		if m := modules[f.name]; m != nil && !f.user {
			if name, ok := ruleFamily(m.Package.Path); ok {
				families[name] = true
			}
		}
	}
	var errs CompileErrors
	for _, f := range files {
		m := modules[f.name]
		if m == nil || !f.user {
			continue
		}
		name, ok := ruleFamily(m.Package.Path)
		pkg := strings.TrimPrefix(m.Package.Path.String(), "data.")
		ce := &CompileError{File: f.name}
		if loc := m.Package.Location; loc != nil {
			ce.Line, ce.Column = loc.Row, loc.Col
		}
		switch {
		case !ok:
			ce.Message = fmt.Sprintf("package %s: a user policy declares a package of its own, syncaudit.rules.<name> (for instance syncaudit.rules.house_rules); syncaudit.lib and every package outside syncaudit.rules belong to the built-in rule book or are never evaluated", pkg)
		case families[name]:
			ce.Message = fmt.Sprintf("package %s: %s is a family of the built-in rule book; a user policy cannot add to or change it: declare a package of its own, such as syncaudit.rules.%s_house", pkg, name, name)
		default:
			continue
		}
		errs = append(errs, ce)
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// ruleFamily returns name for a package path data.syncaudit.rules.<name>,
// and false for any other path.
func ruleFamily(path ast.Ref) (string, bool) {
	if len(path) != 4 {
		return "", false
	}
	var parts [3]string
	for i, t := range path[1:] {
		s, ok := t.Value.(ast.String)
		if !ok {
			return "", false
		}
		parts[i] = string(s)
	}
	if parts[0] != "syncaudit" || parts[1] != "rules" || parts[2] == "" {
		return "", false
	}
	return parts[2], true
}

// dedupe drops a file given twice with the same name and content (say, the
// built-in policies/ folder passed again with --policies policies); the same
// name with other content is an error, since one would hide the other.
func dedupe(sorted []policyFile) ([]policyFile, error) {
	out := sorted[:0]
	for i, f := range sorted {
		if i > 0 && sorted[i-1].name == f.name {
			if string(sorted[i-1].text) != string(f.text) {
				return nil, fmt.Errorf("policy file %s is given twice with different contents: rename one of them", f.name)
			}
			continue
		}
		out = append(out, f)
	}
	return out, nil
}

// catalogueSuffix ends the name of a message catalogue file.
const catalogueSuffix = ".messages.yaml"

// isCatalogue reports whether a policy file is a message catalogue.
func isCatalogue(name string) bool { return strings.HasSuffix(name, catalogueSuffix) }

// isPolicyFile reports whether Load reads a file: Rego or a message catalogue.
func isPolicyFile(name string) bool {
	return strings.HasSuffix(name, ".rego") || isCatalogue(name)
}

// provenance lists the files a report depends on: the evaluated policies and
// the message catalogues, sorted by name.
func (e *Engine) provenance() []policyFile {
	out := append(append([]policyFile{}, e.files...), e.texts...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

// isTest reports whether a policy file holds unit tests only.
func isTest(name string) bool { return strings.HasSuffix(name, "_test.rego") }

// readFS reads the .rego and .messages.yaml files at the top of fsys, naming them prefix/name.
func readFS(fsys fs.FS, prefix string) ([]policyFile, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, err
	}
	var out []policyFile
	for _, ent := range entries {
		if ent.IsDir() || !isPolicyFile(ent.Name()) {
			continue
		}
		text, err := fs.ReadFile(fsys, ent.Name())
		if err != nil {
			return nil, err
		}
		out = append(out, policyFile{name: path.Join(prefix, ent.Name()), text: text})
	}
	return out, nil
}

// readDir reads every .rego and .messages.yaml file under dir (or the file
// dir itself, with the catalogue NAME.messages.yaml beside NAME.rego when
// there is one), naming each by its path as given, with forward slashes.
func readDir(dir string) ([]policyFile, error) {
	dir = filepath.Clean(dir)
	info, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("read policies %s: %w", dir, err)
	}
	if !info.IsDir() {
		if !strings.HasSuffix(dir, ".rego") {
			return nil, fmt.Errorf("read policies %s: not a folder or a .rego file", dir)
		}
		text, err := os.ReadFile(dir)
		if err != nil {
			return nil, fmt.Errorf("read policies: %w", err)
		}
		out := []policyFile{{name: filepath.ToSlash(dir), text: text}}
		beside := strings.TrimSuffix(dir, ".rego") + catalogueSuffix
		if text, err := os.ReadFile(beside); err == nil {
			out = append(out, policyFile{name: filepath.ToSlash(beside), text: text})
		} else if !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("read policies: %w", err)
		}
		return out, nil
	}
	var out []policyFile
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != dir && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			return nil
		}
		if !isPolicyFile(p) {
			return nil
		}
		text, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		out = append(out, policyFile{name: filepath.ToSlash(p), text: text})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read policies %s: %w", dir, err)
	}
	if !slices.ContainsFunc(out, func(f policyFile) bool { return strings.HasSuffix(f.name, ".rego") }) {
		return nil, fmt.Errorf("read policies %s: no .rego files there", dir)
	}
	return out, nil
}

// digest is the SHA-256 over the sorted files' names and contents.
func digest(files []policyFile) string {
	h := sha256.New()
	for _, f := range files {
		fmt.Fprintf(h, "%s\x00%d\x00", f.name, len(f.text))
		h.Write(f.text)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Rules returns the rule catalogue: every rule with a custom.id in its
// METADATA, sorted by family (S, M, L, D, E, V, P, U, then others) and
// naturally by number.
func (e *Engine) Rules() []syncaudit.Rule {
	return append([]syncaudit.Rule(nil), e.rules...)
}

// RulesIn returns the rule catalogue in lang: each rule's title and
// description from the message catalogue where it has them in lang (the
// METADATA's English otherwise), and its source as the seed article's title
// or, for a choice, as a choice of this rule book.
func (e *Engine) RulesIn(lang words.Lang) []syncaudit.Rule {
	out := e.Rules()
	for i := range out {
		r := &out[i]
		r.Title = e.words.RuleTitle(lang, r.ID, r.Title)
		r.Description = e.words.RuleDescription(lang, r.ID, r.Description)
		r.SeedTitle = e.seedTitle(lang, r.Seed)
	}
	return out
}

// seedTitle names a rule's seed for a reader: the seed article's title
// ("Verwijderde gebruikers"), or for "choice" the catalogue's words for a
// choice of this rule book; several seeds are joined with "; ".
func (e *Engine) seedTitle(lang words.Lang, seed string) string {
	if seed == "" {
		return ""
	}
	var parts []string
	for _, s := range strings.Split(seed, ",") {
		s = strings.TrimSpace(s)
		switch t := e.words.SeedTitle(s); {
		case s == "choice":
			parts = append(parts, e.words.Phrase(lang, "lib.seed_choice", nil))
		case t != "":
			parts = append(parts, t)
		default:
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, "; ")
}

// Words returns the message catalogue: the built-in one and the user
// policies' own files.
func (e *Engine) Words() *words.Catalogue { return e.words }

// Digest returns the SHA-256 of the policy set (names and contents of the
// evaluated files, sorted by name).
func (e *Engine) Digest() string { return e.digest }

// Files returns the evaluated policy files and message catalogues with
// their digests, sorted by name.
func (e *Engine) Files() []syncaudit.PolicyFile {
	files := e.provenance()
	out := make([]syncaudit.PolicyFile, len(files))
	for i, f := range files {
		sum := sha256.Sum256(f.text)
		out[i] = syncaudit.PolicyFile{File: f.name, SHA256: hex.EncodeToString(sum[:])}
	}
	return out
}
