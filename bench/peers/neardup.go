package peers

import (
	"context"
	"io"
	"strings"

	"github.com/cespare/xxhash/v2"
	"github.com/neardup/neardup"
	"github.com/neardup/neardup/internal/pan"
	"github.com/neardup/neardup/report"
)

// Neardup runs neardup's whole job with its default options: detection,
// then the JSON report, written to io.Discard.
func Neardup(ctx context.Context, docs []neardup.Document) (*report.Report, error) {
	r, err := neardup.Run(ctx, docs, neardup.Options{})
	if err != nil {
		return nil, err
	}
	if err := report.WriteJSON(io.Discard, r); err != nil {
		return nil, err
	}
	return r, nil
}

// NeardupCases returns neardup's detections in the shape of the ground
// truth, exactly as neardup's own evaluation scores them.
func NeardupCases(r *report.Report) []pan.Case { return pan.ReportCases(r) }

// FloorXXHash reads every byte of every text once, with xxhash: no tool
// that looks at all the text can be faster.
func FloorXXHash(docs []neardup.Document) uint64 {
	var h uint64
	for _, d := range docs {
		h ^= xxhash.Sum64String(d.Text)
	}
	return h
}

// FloorWordSplit splits every text into white-space separated words once
// and returns how many there are: the least work a word-based tool does.
func FloorWordSplit(docs []neardup.Document) int {
	n := 0
	for _, d := range docs {
		for range strings.FieldsSeq(d.Text) {
			n++
		}
	}
	return n
}
