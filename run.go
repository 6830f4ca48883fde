package neardup

import (
	"context"
	"errors"
	"fmt"

	"github.com/neardup/neardup/report"
)

// ErrDuplicateID is returned by Run when two documents share an ID.
var ErrDuplicateID = errors.New("neardup: duplicate document id")

// Progress reports how far a run has come; see Options.Progress.
type Progress struct {
	Stage string // "read", "detect", "report"
	Done  int    // documents done in this stage
	Total int    // documents in all
	Bytes int64  // bytes of text done in this stage
}

// Run finds the reused passages in docs and returns the report. The report
// depends only on the documents (in any order) and the options, never on
// the number of workers.
func Run(ctx context.Context, docs []Document, opts Options) (*report.Report, error) {
	o, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	seen := make(map[string]struct{}, len(docs))
	for _, d := range docs {
		if _, dup := seen[d.ID]; dup {
			return nil, fmt.Errorf("%w: %q", ErrDuplicateID, d.ID)
		}
		seen[d.ID] = struct{}{}
	}
	_ = ctx
	r := &report.Report{Version: report.Version, Params: o.params(0, 0), Documents: []report.Document{}, Clusters: []report.Cluster{}}
	return r, nil // placeholder until the pipeline lands
}
