package report

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/syncaudit/syncaudit"
)

// SARIF writes the findings as a SARIF 2.1.0 log, the format code-scanning
// views read (GitHub code scanning, Azure DevOps, IDE viewers): one run per
// tenant, the rule catalogue as the tool's rules (title, description,
// severity, seed), one result per finding located in the snapshot file it is
// about. A tenant that could not be checked is a run whose invocation failed.
type SARIF struct{}

// SARIFVersion and SARIFSchema are the version and schema the log declares.
const (
	SARIFVersion = "2.1.0"
	SARIFSchema  = "https://json.schemastore.org/sarif-2.1.0.json"
)

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool               sarifTool                  `json:"tool"`
	AutomationDetails  sarifAutomation            `json:"automationDetails"`
	OriginalURIBaseIDs map[string]sarifBase       `json:"originalUriBaseIds"`
	Invocations        []sarifInvocation          `json:"invocations"`
	Results            []sarifResult              `json:"results"`
	Properties         map[string]json.RawMessage `json:"properties,omitempty"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name    string      `json:"name"`
	Version string      `json:"version,omitempty"`
	Rules   []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string            `json:"id"`
	ShortDescription     *sarifText        `json:"shortDescription,omitempty"`
	FullDescription      *sarifText        `json:"fullDescription,omitempty"`
	DefaultConfiguration sarifConfig       `json:"defaultConfiguration"`
	Properties           sarifRuleProperty `json:"properties"`
}

type sarifRuleProperty struct {
	Tags     []string `json:"tags"`
	Severity string   `json:"severity,omitempty"`
	Seed     string   `json:"seed,omitempty"`
	File     string   `json:"policy_file,omitempty"`
}

type sarifConfig struct {
	Level string `json:"level"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifAutomation struct {
	ID string `json:"id"`
}

type sarifBase struct {
	Description sarifText `json:"description"`
}

type sarifInvocation struct {
	ExecutionSuccessful bool                `json:"executionSuccessful"`
	Notifications       []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

type sarifNotification struct {
	Level   string    `json:"level"`
	Message sarifText `json:"message"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Properties          sarifResultProps  `json:"properties"`
}

type sarifResultProps struct {
	Severity string            `json:"severity"`
	Account  string            `json:"account,omitempty"`
	School   string            `json:"school,omitempty"`
	Source   string            `json:"source,omitempty"`
	SourceID string            `json:"source_id,omitempty"`
	Fix      string            `json:"fix,omitempty"`
	Evidence map[string]string `json:"evidence,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical       `json:"physicalLocation"`
	LogicalLocations []sarifLogicalPlace `json:"logicalLocations,omitempty"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId"`
}

type sarifRegion struct {
	StartLine int `json:"startLine"`
}

type sarifLogicalPlace struct {
	Name               string `json:"name"`
	FullyQualifiedName string `json:"fullyQualifiedName"`
	Kind               string `json:"kind"`
}

// sarifLevel is a severity as SARIF's level: error, warning or note.
func sarifLevel(s syncaudit.Severity) string {
	switch s {
	case syncaudit.Deny:
		return "error"
	case syncaudit.Warn:
		return "warning"
	}
	return "note"
}

// Write writes the SARIF log of one report.
func (s SARIF) Write(w io.Writer, rep *syncaudit.Report) error {
	return writeSARIF(w, single(rep), "SNAPSHOT", "the snapshot folder checked")
}

// WriteFleet writes one SARIF log with a run per tenant; the file paths are
// relative to the folder of snapshot folders.
func (SARIF) WriteFleet(w io.Writer, tenants []TenantResult) error {
	return writeSARIF(w, tenants, "SNAPSHOTS", "the folder of snapshot folders checked")
}

func writeSARIF(w io.Writer, tenants []TenantResult, base, baseText string) error {
	doc := sarifLog{Schema: SARIFSchema, Version: SARIFVersion, Runs: []sarifRun{}}
	for _, t := range tenants {
		folder := ""
		if base == "SNAPSHOTS" {
			folder = t.Folder
		}
		doc.Runs = append(doc.Runs, sarifRunOf(t, folder, base, baseText))
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("write sarif: %w", err)
	}
	return nil
}

func sarifRunOf(t TenantResult, folder, base, baseText string) sarifRun {
	run := sarifRun{
		Tool:               sarifTool{Driver: sarifDriver{Name: "syncaudit", Rules: []sarifRule{}}},
		AutomationDetails:  sarifAutomation{ID: "syncaudit/" + t.name() + "/"},
		OriginalURIBaseIDs: map[string]sarifBase{base: {Description: sarifText{Text: baseText}}},
		Results:            []sarifResult{},
	}
	rep := t.Report
	if rep == nil {
		run.Invocations = []sarifInvocation{{ExecutionSuccessful: false,
			Notifications: []sarifNotification{{Level: "error", Message: sarifText{Text: t.notChecked()}}}}}
		return run
	}
	run.Tool.Driver.Version = rep.Tool.Version
	run.Invocations = []sarifInvocation{{ExecutionSuccessful: true}}
	run.Properties = map[string]json.RawMessage{}
	for k, v := range map[string]string{"tenant": rep.Run.Tenant, "run_date": string(rep.Run.RunDate), "policy_digest": rep.Run.PolicyDigest} {
		b, _ := json.Marshal(v)
		run.Properties[k] = b
	}
	index := map[string]int{}
	addRule := func(r syncaudit.Rule) {
		index[r.ID] = len(run.Tool.Driver.Rules)
		sr := sarifRule{ID: r.ID, DefaultConfiguration: sarifConfig{Level: sarifLevel(r.Severity)},
			Properties: sarifRuleProperty{Tags: []string{"syncaudit", family(r.ID)}, Severity: string(r.Severity), Seed: r.Seed, File: r.File}}
		if r.Title != "" {
			sr.ShortDescription = &sarifText{Text: r.Title}
		}
		if r.Description != "" {
			sr.FullDescription = &sarifText{Text: r.Description}
		}
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sr)
	}
	for _, r := range rep.Rules {
		if _, ok := index[r.ID]; !ok {
			addRule(r)
		}
	}
	prints := fingerprints(rep.Run.Tenant, rep)
	for i, f := range rep.Findings {
		if _, ok := index[f.Rule]; !ok { // a rule that reported without a catalogue entry
			addRule(syncaudit.Rule{ID: f.Rule, Severity: f.Severity})
		}
		msg := f.Message
		if f.Fix != "" {
			msg += " Fix: " + f.Fix
		}
		loc := sarifLocation{PhysicalLocation: sarifPhysical{ArtifactLocation: sarifArtifact{URI: findingFile(rep, f, folder), URIBaseID: base}}}
		if line := findingLine(f); line > 0 {
			loc.PhysicalLocation.Region = &sarifRegion{StartLine: line}
		}
		if f.Account != "" {
			loc.LogicalLocations = []sarifLogicalPlace{{Name: f.Account, FullyQualifiedName: rep.Run.Tenant + "/" + f.Account, Kind: "resource"}}
		}
		run.Results = append(run.Results, sarifResult{
			RuleID: f.Rule, RuleIndex: index[f.Rule], Level: sarifLevel(f.Severity), Message: sarifText{Text: msg},
			Locations:           []sarifLocation{loc},
			PartialFingerprints: map[string]string{"syncauditFinding/v1": prints[i]},
			Properties: sarifResultProps{Severity: string(f.Severity), Account: f.Account, School: f.School,
				Source: f.Source, SourceID: f.SourceID, Fix: f.Fix, Evidence: f.Evidence},
		})
	}
	return run
}
