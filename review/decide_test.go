package review_test

import (
	"context"
	"sync"
	"testing"

	"github.com/syncaudit/syncaudit"
	"github.com/syncaudit/syncaudit/policies"
	"github.com/syncaudit/syncaudit/review"
)

var (
	ruleBookOnce sync.Once
	ruleBook     *policies.Engine
	ruleBookErr  error
)

// ruleBookFor returns the decider review import uses: the built-in rule
// book evaluated on snap with the review's decisions.
func ruleBookFor(tb testing.TB, snap *syncaudit.Snapshot) review.Decider {
	tb.Helper()
	ruleBookOnce.Do(func() {
		ruleBook, ruleBookErr = policies.Load(context.Background(), policies.Options{Tool: syncaudit.Tool{Name: "syncaudit", Version: "test"}})
	})
	if ruleBookErr != nil {
		tb.Fatalf("load the rule book: %v", ruleBookErr)
	}
	return func(reviews map[string]policies.Review, lang string) (*syncaudit.Report, error) {
		return ruleBook.Check(context.Background(), snap, policies.CheckOptions{Reviews: reviews, Language: lang})
	}
}
