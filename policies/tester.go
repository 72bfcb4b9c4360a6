package policies

import (
	"context"
	"fmt"
	"io"
	"sort"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/storage"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
	"github.com/open-policy-agent/opa/v1/tester"
)

// TestResults are the outcomes of the rule book's unit tests, sorted by
// file, line and name.
type TestResults []*tester.Result

// Failed counts the tests that failed or could not run.
func (rs TestResults) Failed() int {
	n := 0
	for _, r := range rs {
		if r.Fail || r.Error != nil {
			n++
		}
	}
	return n
}

// Write prints the results as `opa test` does: the failures with their
// location, then PASS/FAIL counts; verbose lists every test.
func (rs TestResults) Write(w io.Writer, verbose bool) error {
	ch := make(chan *tester.Result, len(rs))
	for _, r := range rs {
		ch <- r
	}
	close(ch)
	return tester.PrettyReporter{Output: w, Verbose: verbose}.Report(ch)
}

// Test runs the _test.rego files of the built-in rule book and of dirs with
// OPA's tester, under the same restricted capabilities as Check. A policy
// that does not compile gives CompileErrors; failing tests are in the
// results (see Failed).
func Test(ctx context.Context, opts Options) (TestResults, error) {
	e, err := Load(ctx, opts)
	if err != nil {
		return nil, err
	}
	files := append(append([]policyFile{}, e.files...), e.tests...)
	modules := make(map[string]*ast.Module, len(files))
	popts := ast.ParserOptions{RegoVersion: ast.RegoV1, ProcessAnnotation: true, Capabilities: e.caps}
	for _, f := range files {
		m, err := ast.ParseModuleWithOpts(f.name, string(f.text), popts)
		if err != nil {
			return nil, compileErrors(err)
		}
		if m != nil {
			modules[f.name] = m
		}
	}
	compiler := ast.NewCompiler().WithCapabilities(e.caps).WithDefaultRegoVersion(ast.RegoV1)
	store := inmem.New()
	var results TestResults
	err = storage.Txn(ctx, store, storage.TransactionParams{}, func(txn storage.Transaction) error {
		ch, err := tester.NewRunner().
			SetCompiler(compiler).
			SetStore(store).
			SetModules(modules).
			SetDefaultRegoVersion(ast.RegoV1).
			RunTests(ctx, txn)
		if err != nil {
			return compileErrors(err)
		}
		for r := range ch {
			results = append(results, r)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("policy test: %w", err)
	}
	sort.SliceStable(results, func(i, j int) bool {
		a, b := results[i], results[j]
		if a.Location != nil && b.Location != nil {
			if a.Location.File != b.Location.File {
				return a.Location.File < b.Location.File
			}
			if a.Location.Row != b.Location.Row {
				return a.Location.Row < b.Location.Row
			}
		}
		return a.Package+"."+a.Name < b.Package+"."+b.Name
	})
	return results, nil
}
