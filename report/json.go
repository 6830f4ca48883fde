package report

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// ErrUnsupportedVersion is returned by ReadJSON for a report written by a
// newer schema than this package knows.
var ErrUnsupportedVersion = errors.New("report: unsupported report version")

// WriteJSON writes r as indented JSON followed by a newline. The output is
// byte-identical for equal reports. Markup characters in texts are written
// as they are (no \u003c escapes), so the file reads naturally, and absent
// lists are written as [] rather than null, so that readers in other
// languages need not tell the two apart.
func WriteJSON(w io.Writer, r *Report) error {
	if r == nil {
		return ErrNilReport
	}
	out := *r
	if out.Documents == nil {
		out.Documents = []Document{}
	}
	// The clusters are copied only when a nil passage list needs replacing,
	// so that r itself is never modified.
	clusters := out.Clusters
	if clusters == nil {
		clusters = []Cluster{}
	}
	for i := range clusters {
		if clusters[i].Passages == nil {
			clusters = append([]Cluster(nil), clusters...)
			for j := range clusters {
				if clusters[j].Passages == nil {
					clusters[j].Passages = []Passage{}
				}
			}
			break
		}
	}
	out.Clusters = clusters

	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(&out); err != nil {
		return fmt.Errorf("report: writing JSON: %w", err)
	}
	return nil
}

// ReadJSON reads a report written by WriteJSON. Fields it does not know are
// ignored, as a newer writer of the same version may add some; a report of
// a later version is refused with ErrUnsupportedVersion.
func ReadJSON(rd io.Reader) (*Report, error) {
	var r Report
	dec := json.NewDecoder(rd)
	if err := dec.Decode(&r); err != nil {
		return nil, fmt.Errorf("report: reading JSON: %w", err)
	}
	if r.Version < 1 || r.Version > Version {
		return nil, fmt.Errorf("%w: %d (this reader knows 1 to %d)", ErrUnsupportedVersion, r.Version, Version)
	}
	return &r, nil
}
