package report_test

import (
	"fmt"
	"os"

	"github.com/neardup/neardup/report"
)

// exampleReport is a family of two occurrences: the wire copy, and a paper
// that changed one word.
func exampleReport() *report.Report {
	canon := "The ferry to the islands resumes on Friday, the operator said."
	return &report.Report{
		Version: report.Version,
		Documents: []report.Document{
			{ID: "wire.txt", Source: "Wire", Date: "2024-03-01", Bytes: 63, ReusedBytes: 63},
			{ID: "paper.txt", Source: "Paper", Date: "2024-03-02", Bytes: 80, ReusedBytes: 64},
		},
		Clusters: []report.Cluster{{
			ID: 1, Kind: report.KindReuse, Documents: 2, Sources: 2,
			Origin:    report.Origin{Doc: "wire.txt", Date: "2024-03-01", Note: report.OriginEarliest},
			Canonical: canon,
			Passages: []report.Passage{
				{Doc: "wire.txt", Start: 0, End: 63, Similarity: 1, Text: canon, Date: "2024-03-01", Source: "Wire", Origin: true},
				{Doc: "paper.txt", Start: 16, End: 80, Similarity: 0.7, Date: "2024-03-02", Source: "Paper",
					Text: "The ferry to the islands resumes on Saturday, the operator said.",
					Diff: []report.DiffOp{
						{Op: report.OpEqual, Text: "The ferry to the islands resumes on"},
						{Op: report.OpDelete, Text: "Friday,"},
						{Op: report.OpInsert, Text: "Saturday,"},
						{Op: report.OpEqual, Text: "the operator said."},
					}},
			},
		}},
	}
}

func ExampleWriteText() {
	if err := report.WriteText(os.Stdout, exampleReport(), report.TextOptions{Width: 60}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// 2 documents · 2 sources · 1 reuse family · 0 boilerplate
	// families
	//
	// Family 1 · 2 documents · 2 sources
	// Origin: wire.txt, 2024-03-01
	//     The ferry to the islands resumes on Friday, the operator
	//     said.
	//
	//   1. wire.txt · Wire · 2024-03-01
	//      similarity 1.00 · bytes 0-63 · origin
	//   2. paper.txt · Paper · 2024-03-02
	//      similarity 0.70 · bytes 16-80
	//      The ferry to the islands resumes on [-Friday,-]
	//      {+Saturday,+} the operator said.
}

func ExampleWriteMarkdown() {
	if err := report.WriteMarkdown(os.Stdout, exampleReport()); err != nil {
		fmt.Println(err)
	}
	// Output:
	// # Reused passages
	//
	// 2 documents · 2 sources · 1 reuse family · 0 boilerplate families
	//
	// ## Family 1: 2 documents, 2 sources
	//
	// Origin: wire.txt, 2024-03-01
	//
	// > The ferry to the islands resumes on Friday, the operator said.
	//
	// | # | Document | Title | Source | Date | Similarity | Bytes |
	// | ---: | --- | --- | --- | --- | ---: | --- |
	// | 1 | wire.txt (origin) |  | Wire | 2024-03-01 | 1.00 | 0–63 |
	// | 2 | paper.txt |  | Paper | 2024-03-02 | 0.70 | 16–80 |
	//
	// Changes against the canonical text:
	//
	// - paper.txt: The ferry to the islands resumes on ~~Friday,~~ **Saturday,** the operator said.
}

func ExampleAppendDiff() {
	ops := []report.DiffOp{
		{Op: report.OpEqual, Text: "along the Lachin"},
		{Op: report.OpDelete, Text: "corridor"},
		{Op: report.OpInsert, Text: "road"},
		{Op: report.OpEqual, Text: "near the Shusha city."},
	}
	buf := make([]byte, 0, 64)
	buf = report.AppendDiff(buf, ops)
	fmt.Println(string(buf))
	// Output:
	// along the Lachin [-corridor-] {+road+} near the Shusha city.
}
