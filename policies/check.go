package policies

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync/atomic"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
	"golang.org/x/sync/errgroup"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/words"
)

// CheckOptions configure one Check.
type CheckOptions struct {
	// RunDate is the date the policies treat as today; the zero Date takes
	// the tenant's run_date. One of them must be set.
	RunDate syncaudit.Date
	// Workers is the number of cases evaluated at once; 0 means GOMAXPROCS.
	Workers int
	// Language overrides the tenant's report language (en, nl, sv).
	Language string
	// Reviews are the decisions of an exception-list review (E9) by account
	// id, given to the rule book as input.review of the account's case, or
	// of the exception case of an entry whose account is not in the target.
	// A plain check leaves it nil.
	Reviews map[string]Review
	// Progress, when set, is called as cases are evaluated with the number
	// done and the total (the tenant case not counted), from the workers'
	// goroutines: it must be safe for concurrent use and quick.
	Progress func(done, total int)
	// NoFastPath evaluates the full rule book on every case, even on
	// account cases that data.syncaudit.lib.quiet says nothing can fire on.
	// The report is the same either way (tested); it is for that test and
	// for measuring.
	NoFastPath bool
}

// caseQuery is evaluated once per case: every action and finding of every
// package under data.syncaudit.rules, and, when the rule book defines
// data.syncaudit.lib.eligible, the positions of the case's eligible records.
const caseQuery = `{
	"actions": [a | some a in data.syncaudit.rules[_].actions],
	"findings": [f | some f in data.syncaudit.rules[_].findings],
	"eligible": %s,
}`

const eligibleQuery = `[i | some i, r in object.get(input, "records", []); data.syncaudit.lib.eligible(r)]`

// query returns the case query for this rule book.
func (e *Engine) query() string {
	eligible := "[]"
	if e.hasEligible {
		eligible = eligibleQuery
	}
	return fmt.Sprintf(caseQuery, eligible)
}

// A caseResult is what the rule book returned for one case.
type caseResult struct {
	actions  []syncaudit.Action
	findings []syncaudit.Finding
	eligible []int // indices into snap.Records
}

// Check evaluates the rule book on a snapshot and returns the report: the
// actions the next sync takes and the findings, sorted so that the report is
// the same whatever the number of workers. The rules in the tenant's
// disabled_rules are dropped. A cancelled ctx stops the workers.
func (e *Engine) Check(ctx context.Context, snap *syncaudit.Snapshot, opts CheckOptions) (*syncaudit.Report, error) {
	runDate := opts.RunDate
	if runDate.IsZero() {
		runDate = snap.Tenant.RunDate
	}
	if runDate.IsZero() {
		return nil, errors.New("check: no run date: set run_date in tenant.yaml or pass --run-date")
	}
	if _, err := syncaudit.ParsePolicy(tenantFile(snap), snap.Tenant.Policy); err != nil {
		return nil, err
	}
	sources := snapshotSources(snap)
	store := tenantStore(snap, runDate, sources)
	pq, err := rego.New(
		rego.Compiler(e.compiler),
		rego.Store(store),
		rego.Query(e.query()),
	).PrepareForEval(ctx)
	if err != nil {
		return nil, fmt.Errorf("prepare the rule book query: %w", err)
	}
	var quiet *quietTenant
	if e.fastPath && !opts.NoFastPath {
		if quiet, err = e.newQuietTenant(ctx, snap, store, runDate, sources); err != nil {
			return nil, err
		}
	}
	params, err := e.params(ctx, store)
	if err != nil {
		return nil, err
	}
	disabled := disabledRules(params, snap.Tenant.Policy)
	severities := make(map[string]syncaudit.Severity, len(e.rules))
	for _, r := range e.rules {
		severities[r.ID] = r.Severity
	}
	lang := opts.Language
	if lang == "" {
		lang = snap.Tenant.Language
	}
	if lang == "" {
		lang = "en"
	}
	conv := converter{disabled: disabled, severities: severities, words: e.words, lang: words.ParseLang(lang)}

	cases := join(snap)
	for i := range cases {
		id := cases[i].accountID(snap)
		if cases[i].kind == exceptionCase {
			id = snap.Exceptions[cases[i].exception].AccountID
		}
		if r, ok := opts.Reviews[id]; ok && (cases[i].kind == accountCase || cases[i].kind == exceptionCase) {
			cases[i].review = &r
		}
	}
	results, err := evalCases(ctx, pq, quiet, conv, snap, cases, opts.Workers, opts.Progress)
	if err != nil {
		return nil, err
	}
	var actions []syncaudit.Action
	var findings []syncaudit.Finding
	eligible := make([]bool, len(snap.Records))
	for i, r := range results {
		if r == nil { // quiet: nothing to report, every record eligible
			for _, ri := range cases[i].records {
				eligible[ri] = true
			}
			continue
		}
		actions = append(actions, r.actions...)
		findings = append(findings, r.findings...)
		for _, ri := range r.eligible {
			eligible[ri] = true
		}
	}
	res, err := e.tenantCase(ctx, pq, conv, snap, sources, actions, eligible)
	if err != nil {
		return nil, err
	}
	actions = append(actions, res.actions...)
	findings = append(findings, res.findings...)
	actions = sortUnique(actions, compareActions)
	findings = sortUnique(findings, compareFindings)

	rep := &syncaudit.Report{
		Schema: syncaudit.ReportSchema,
		Tool:   e.tool,
		Run: syncaudit.Run{
			Tenant:        snap.Tenant.ID,
			TenantName:    snap.Tenant.Name,
			Structure:     snap.Tenant.Structure,
			RunDate:       runDate,
			Language:      lang,
			Inputs:        append([]syncaudit.InputFile{}, snap.Inputs...),
			PolicyDigest:  e.digest,
			Policies:      e.Files(),
			Parameters:    params,
			DisabledRules: sortedKeys(disabled),
		},
		Actions:  actions,
		Findings: findings,
	}
	if len(snap.Unoffered) > 0 {
		rep.Run.Unoffered = snap.Unoffered
	}
	for _, r := range e.RulesIn(conv.lang) {
		if !disabled[r.ID] {
			rep.Rules = append(rep.Rules, r)
		}
	}
	if rep.Actions == nil {
		rep.Actions = []syncaudit.Action{}
	}
	if rep.Findings == nil {
		rep.Findings = []syncaudit.Finding{}
	}
	rep.Summarise(len(snap.Accounts))
	return rep, nil
}

// evalCases evaluates every case on a pool of workers sharing the prepared
// query, and returns the results in case order. When quiet is not nil, an
// account case on which it is true skips the full query: its result is nil
// (no actions and findings, all its records eligible), which keeps the
// results of a million mostly quiet accounts small. The first error, or a
// cancelled ctx, stops every worker.
func evalCases(ctx context.Context, pq rego.PreparedEvalQuery, quiet *quietTenant, conv converter, snap *syncaudit.Snapshot, cases []kase, workers int, progress func(done, total int)) ([]*caseResult, error) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var done atomic.Int64
	results := make([]*caseResult, len(cases))
	g, gctx := errgroup.WithContext(ctx)
	next := make(chan int)
	g.Go(func() error {
		defer close(next)
		for i := range cases {
			select {
			case next <- i:
			case <-gctx.Done():
				return gctx.Err()
			}
		}
		return nil
	})
	for range workers {
		g.Go(func() error {
			for i := range next {
				k := &cases[i]
				var err error
				if quiet == nil || !quiet.quiet(snap, k) {
					var out map[string]any
					out, err = eval(gctx, pq, k.value(snap))
					if err == nil {
						var res caseResult
						res, err = conv.result(out, k.records)
						results[i] = &res
					}
				}
				if err != nil {
					return fmt.Errorf("evaluate %s: %w", k.describe(snap), err)
				}
				if progress != nil {
					progress(int(done.Add(1)), len(cases))
				}
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		if ctx.Err() != nil {
			// OPA reports a cancelled evaluation as its own error; say what happened.
			return nil, fmt.Errorf("check: %w", ctx.Err())
		}
		return nil, err
	}
	return results, nil
}

// eval evaluates the prepared case query on one input and returns its one
// result object.
func eval(ctx context.Context, pq rego.PreparedEvalQuery, input ast.Value) (map[string]any, error) {
	rs, err := pq.Eval(ctx, rego.EvalParsedInput(input))
	if err != nil {
		return nil, err
	}
	if len(rs) == 0 || len(rs[0].Expressions) == 0 {
		return nil, nil
	}
	m, _ := rs[0].Expressions[0].Value.(map[string]any)
	return m, nil
}

// tenantStore is the store every query of a Check reads data.tenant from.
func tenantStore(snap *syncaudit.Snapshot, runDate syncaudit.Date, sources []string) storage.Store {
	return inmem.NewFromObjectWithOpts(
		map[string]any{"tenant": tenantData(snap, runDate, sources)},
		inmem.OptReturnASTValuesOnRead(true),
	)
}

// params evaluates data.syncaudit.lib.params once: the parameters in force
// (the rule book's defaults merged with the tenant's policy settings).
func (e *Engine) params(ctx context.Context, store storage.Store) (map[string]any, error) {
	if !e.hasParams {
		return nil, nil
	}
	v, ok, err := e.evalData(ctx, store, "data.syncaudit.lib.params")
	if err != nil || !ok {
		return nil, err
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("data.syncaudit.lib.params is %T, not an object", v)
	}
	return m, nil
}

// evalData evaluates a query that needs no input, such as a rule of the
// rule book about the tenant, once: its value, and false when it is undefined.
func (e *Engine) evalData(ctx context.Context, store storage.Store, query string) (any, bool, error) {
	rs, err := rego.New(
		rego.Compiler(e.compiler),
		rego.Store(store),
		rego.Query(query),
	).Eval(ctx)
	if err != nil {
		return nil, false, fmt.Errorf("evaluate %s: %w", query, err)
	}
	if len(rs) == 0 || len(rs[0].Expressions) == 0 {
		return nil, false, nil
	}
	return rs[0].Expressions[0].Value, true, nil
}

// disabledRules reads the rule ids switched off: the parameters' disabled_rules,
// or else the tenant policy's.
func disabledRules(params, policy map[string]any) map[string]bool {
	v, ok := params["disabled_rules"]
	if !ok {
		v = policy["disabled_rules"]
	}
	out := map[string]bool{}
	list, _ := v.([]any)
	for _, x := range list {
		if s := strings.TrimSpace(customString(x)); s != "" {
			out[s] = true
		}
	}
	if ss, ok := v.([]string); ok {
		for _, s := range ss {
			if s = strings.TrimSpace(s); s != "" {
				out[s] = true
			}
		}
	}
	return out
}

// sortedKeys returns the rule ids of a set in rule-book order; nil when empty.
func sortedKeys(set map[string]bool) []string {
	if len(set) == 0 {
		return nil
	}
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return CompareRuleIDs(out[i], out[j]) < 0 })
	return out
}

// jsonObject normalises a YAML- or JSON-decoded object into JSON types
// (map[string]any, []any, float64, string, bool); nil gives an empty object.
func jsonObject(m map[string]any) map[string]any {
	if len(m) == 0 {
		return map[string]any{}
	}
	b, err := json.Marshal(m)
	if err != nil {
		return map[string]any{}
	}
	var out map[string]any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&out); err != nil {
		return map[string]any{}
	}
	return out
}

// tenantFile names the snapshot's tenant file (tenant.yaml or tenant.json)
// in messages.
func tenantFile(snap *syncaudit.Snapshot) string {
	for _, in := range snap.Inputs {
		if strings.HasPrefix(in.File, "tenant.") {
			return in.File
		}
	}
	return "tenant.yaml"
}
