package main

import (
	"io"

	"github.com/neardup/neardup/report"
)

// writeOptions are the settings of the report writers that the command
// line decides.
type writeOptions struct {
	format string            // text, json, md or html (checked by parseFlags)
	width  int               // text columns
	color  bool              // ANSI colour in text
	title  string            // HTML page title; empty leaves it to the writer
	texts  map[string]string // document id → full text, for HTML only
}

// writeReport renders r to w in the chosen format. It is the one place the
// command calls the report writers.
func writeReport(w io.Writer, r *report.Report, o writeOptions) error {
	switch o.format {
	case "json":
		return report.WriteJSON(w, r)
	case "md":
		return report.WriteMarkdown(w, r)
	case "html":
		return report.WriteHTML(w, r, report.HTMLOptions{Title: o.title, Texts: o.texts})
	default:
		return report.WriteText(w, r, report.TextOptions{Width: o.width, Color: o.color})
	}
}
