package report

import (
	"fmt"
	"io"

	"github.com/syncaudit/syncaudit"
)

// A Writer renders a report in one format onto w; the caller owns w.
type Writer interface {
	Write(w io.Writer, rep *syncaudit.Report) error
}

// Formats lists the formats NewWriter knows, for flag help.
var Formats = append([]string{"table", "json"}, FleetFormats...)

// WriterOptions configure the human-facing writers.
type WriterOptions struct {
	// Color turns on terminal colours (table only); set it only when the
	// output is a terminal.
	Color bool
	// Lang is the language of labels; "" takes the report's run language.
	Lang Lang
}

// NewWriter returns the writer of a --format value (Formats). Any other
// format is an error.
func NewWriter(format string, opts WriterOptions) (Writer, error) {
	switch format {
	case "table":
		return &Table{Color: opts.Color, Lang: opts.Lang}, nil
	case "json":
		return JSON{}, nil
	}
	if w, ok := pipelineWriters[format]; ok {
		return w, nil
	}
	return nil, fmt.Errorf("unknown format %q: use %s", format, orList(Formats))
}

// JSON writes the report as report.json does (WriteJSON).
type JSON struct{}

// Write writes the report as indented JSON.
func (JSON) Write(w io.Writer, rep *syncaudit.Report) error { return WriteJSON(w, rep) }

var (
	_ Writer = JSON{}
	_ Writer = (*Table)(nil)
	_ Writer = CSV{}
)

// langOf picks the label language: the given one, else the report's.
func langOf(l Lang, rep *syncaudit.Report) Lang {
	if l != "" {
		return l
	}
	return ParseLang(rep.Run.Language)
}
