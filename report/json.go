// Package report renders a syncaudit.Report: JSON for pipelines, and the
// human-facing formats (terminal table, JUnit, workbook, PDF) with labels
// from one message catalogue in English, Dutch and Swedish.
package report

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/syncaudit/syncaudit"
)

// WriteJSON writes the report as indented JSON. The same report gives the
// same bytes: maps are written with sorted keys and slices in their order.
func WriteJSON(w io.Writer, rep *syncaudit.Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(rep); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}

// ReadJSON reads a report.json (or a plan in the same schema) from path.
func ReadJSON(path string) (*syncaudit.Report, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read report: %w", err)
	}
	var rep syncaudit.Report
	if err := json.Unmarshal(data, &rep); err != nil {
		return nil, &syncaudit.InputError{File: path, Problem: "not a syncaudit report: " + err.Error(), Fix: "pass the report.json that syncaudit check (or review import) wrote"}
	}
	if rep.Schema != syncaudit.ReportSchema {
		return nil, &syncaudit.InputError{File: path, Column: "schema", Value: rep.Schema, Problem: "not a syncaudit report", Fix: "pass a report whose schema is " + syncaudit.ReportSchema}
	}
	return &rep, nil
}
