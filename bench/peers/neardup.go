package peers

import (
	"context"
	"io"

	"github.com/neardup/neardup"
	"github.com/neardup/neardup/internal/pan"
	"github.com/neardup/neardup/report"
)

// Neardup runs neardup's whole job with opts (the zero value holds its
// defaults): detection, then the JSON report, written to io.Discard.
func Neardup(ctx context.Context, docs []neardup.Document, opts neardup.Options) (*report.Report, error) {
	r, err := neardup.Run(ctx, docs, opts)
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
