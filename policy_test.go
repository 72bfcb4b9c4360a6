package syncaudit_test

import (
	"errors"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/syncaudit/syncaudit"
)

// TestParsePolicy: every key of the policy block has its type; a mistyped
// threshold is an input error naming file, key and value, never a guard
// switched off without a word.
func TestParsePolicy(t *testing.T) {
	tests := []struct {
		name, yaml string
		want       string // "" = valid
	}{
		{"the contract's example", "precedence: [hr, las, sis]\nhr_roles: []\nlocks: {las: [first_name], hr: [email]}\nexception_review_days: 90\ninactive_login_days: 60\npurge_after_days: 30\nmass_delete: {max_count: 500, max_percent: 10, min_count: 10}\nmass_update: {max_percent: 50, min_count: 20}\ndisabled_rules: [E7]\n", ""},
		{"a share with a fraction", "mass_delete: {max_percent: 2.5}\n", ""},
		{"a custom block for the tenant's own policies", "custom: {anything: [1, 2]}\n", ""},
		{"10%", "mass_delete: {max_percent: 10%}\n", `tenant.yaml: column policy.mass_delete.max_percent: not a number (value "10%"); write policy.mass_delete.max_percent as a number between 0 and 100 without %, such as 10`},
		{`"10"`, "mass_delete: {max_percent: \"10\"}\n", `policy.mass_delete.max_percent: not a number (value "10")`},
		{"null", "mass_delete: {max_percent: null}\n", `policy.mass_delete.max_percent: not a number (value "null")`},
		{"ten", "mass_delete: {min_count: ten}\n", `policy.mass_delete.min_count: not a number (value "ten"); write policy.mass_delete.min_count as a whole number, such as 10`},
		{"empty", "mass_delete: {max_count: }\n", `policy.mass_delete.max_count: not a number (value "null")`},
		{"negative", "mass_delete: {max_count: -1}\n", `policy.mass_delete.max_count: not a number of 0 or more (value "-1")`},
		{"over 100 %", "mass_update: {max_percent: 150}\n", `policy.mass_update.max_percent: not a share between 0 and 100 (value "150")`},
		{"a fraction of an account", "mass_update: {min_count: 2.5}\n", `policy.mass_update.min_count: not a whole number of accounts (value "2.5")`},
		{"the same for mass_update", "mass_update: {max_percent: 50%}\n", `policy.mass_update.max_percent: not a number (value "50%")`},
		{"an unknown nested key", "mass_delete: {max_procent: 10}\n", `policy.mass_delete.max_procent: policy.mass_delete has no key max_procent (value "10"); use the keys of {max_count: 500, max_percent: 10, min_count: 10}`},
		{"a guard block that is no object", "mass_delete: 10\n", `policy.mass_delete: not an object (value "10")`},
		{"days as text", "purge_after_days: \"30\"\n", `policy.purge_after_days: not a whole number of days, 0 or more (value "30")`},
		{"a list that is none", "disabled_rules: E7\n", `policy.disabled_rules: not a list of words (value "E7")`},
		{"locks of a source that are no list", "locks: {las: first_name}\n", `policy.locks.las: not a list of field names (value "first_name")`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var raw map[string]any
			if err := yaml.Unmarshal([]byte(tt.yaml), &raw); err != nil {
				t.Fatal(err)
			}
			p, err := syncaudit.ParsePolicy("tenant.yaml", raw)
			if tt.want == "" {
				if err != nil || p == nil {
					t.Fatalf("ParsePolicy: %v", err)
				}
				return
			}
			var ie *syncaudit.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("err = %v (%T), want an input error", err, err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error\n  %v\nwant\n  %s", err, tt.want)
			}
		})
	}
}

func TestParsePolicyTypes(t *testing.T) {
	var raw map[string]any
	_ = yaml.Unmarshal([]byte("mass_delete: {max_count: 100}\nexception_review_days: 45\nprecedence: [las, hr]\n"), &raw)
	p, err := syncaudit.ParsePolicy("tenant.yaml", raw)
	if err != nil {
		t.Fatal(err)
	}
	if p.MassDelete == nil || p.MassDelete.MaxCount == nil || *p.MassDelete.MaxCount != 100 || p.MassDelete.MaxPercent != nil {
		t.Errorf("mass_delete = %+v, want max_count 100 and the rest the rule book's", p.MassDelete)
	}
	if p.ExceptionReviewDays == nil || *p.ExceptionReviewDays != 45 || p.PurgeAfterDays != nil || strings.Join(p.Precedence, ">") != "las>hr" {
		t.Errorf("policy = %+v", p)
	}
}
