package report

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
)

// ErrUnsupportedVersion is returned by ReadJSON for a report written by a
// newer schema than this package knows.
var ErrUnsupportedVersion = errors.New("report: unsupported report version")

// ErrNotFinite is returned by WriteJSON for a report holding a NaN or an
// infinite number, which JSON cannot express.
var ErrNotFinite = errors.New("report: number is NaN or infinite")

// WriteJSON writes r as indented JSON followed by a newline. The output is
// byte-identical for equal reports: the bytes encoding/json's Encoder
// writes for r with SetIndent("", "  ") and SetEscapeHTML(false). Markup
// characters in texts are written as they are (no \u003c escapes), so the
// file reads naturally, and absent lists are written as [] rather than
// null, so that readers in other languages need not tell the two apart.
//
// The report is encoded into buffers that are handed to w each time they
// pass 64 KiB, so memory stays at a few of them plus the largest document
// or passage rather than at the size of the whole encoding: a report of a
// gigabyte corpus runs to hundreds of megabytes. The clusters of a report
// of more than 256 KiB are encoded on up to GOMAXPROCS goroutines (eight
// at most), in pieces of about 64 KiB written in order; w is called from
// the calling goroutine only.
//
// A report holding a NaN or infinite threshold or similarity is refused
// with ErrNotFinite before anything is written.
func WriteJSON(w io.Writer, r *Report) error {
	if r == nil {
		return ErrNilReport
	}
	if err := checkFinite(r); err != nil {
		return fmt.Errorf("report: writing JSON: %w", err)
	}
	jw := jsonWriter{w: w, buf: make([]byte, 0, jsonFlushSize+jsonFlushSize/8)}

	b := append(jw.buf, "{\n  \"version\": "...)
	b = strconv.AppendInt(b, int64(r.Version), 10)
	b = append(b, ",\n  \"params\": "...)
	b = appendParams(b, &r.Params)
	if len(r.Documents) == 0 {
		b = append(b, ",\n  \"documents\": []"...)
	} else {
		b = append(b, ",\n  \"documents\": ["...)
		for i := range r.Documents {
			if i > 0 {
				b = append(b, ",\n    "...)
			} else {
				b = append(b, "\n    "...)
			}
			b = appendDocument(b, &r.Documents[i])
			b = jw.flushFull(b)
		}
		b = append(b, "\n  ]"...)
	}
	if len(r.Clusters) == 0 {
		b = append(b, ",\n  \"clusters\": []"...)
	} else {
		b = append(b, ",\n  \"clusters\": ["...)
		bound := clustersBound(r.Clusters)
		if workers := jsonWorkers(bound); workers > 1 {
			cuts := cutPieces(r.Clusters, jsonPieceSize-len(b), jsonPieceSize, bound)
			b = jw.writePieces(b, r.Clusters, cuts, workers)
		} else {
			b = appendClustersSerially(&jw, b, r.Clusters)
		}
		b = append(b, "\n  ]"...)
	}
	b = append(b, "\n}\n"...)
	jw.flush(b)
	if jw.err != nil {
		return fmt.Errorf("report: writing JSON: %w", jw.err)
	}
	return nil
}

// appendClustersSerially appends the clusters to b a passage at a time,
// as pieces of one passage each, handing b to jw each time it is full,
// and returns what is left to write.
func appendClustersSerially(jw *jsonWriter, b []byte, cs []Cluster) []byte {
	for c := range cs {
		if len(cs[c].Passages) == 0 {
			b = appendPiece(b, cs, position{c, 0}, position{c + 1, 0})
		}
		for p := range cs[c].Passages {
			b = appendPiece(b, cs, position{c, p}, position{c, p + 1})
			b = jw.flushFull(b)
		}
	}
	return b
}

// jsonFlushSize is the size past which WriteJSON hands its buffer to the
// writer. The buffer is given an eighth more room so that the element that
// crosses the mark rarely makes it grow.
const jsonFlushSize = 64 << 10

// jsonWriter hands encoded bytes to w and keeps the first error; after one,
// bytes are dropped.
type jsonWriter struct {
	w   io.Writer
	buf []byte // kept so that the buffer's room is reused after a flush
	err error
}

// flushFull writes b out when it has reached jsonFlushSize and returns the
// buffer to go on appending to.
func (jw *jsonWriter) flushFull(b []byte) []byte {
	if len(b) < jsonFlushSize {
		return b
	}
	jw.flush(b)
	return jw.buf
}

// flush writes b out and keeps its room, emptied, for what follows.
func (jw *jsonWriter) flush(b []byte) {
	if jw.err == nil {
		_, jw.err = jw.w.Write(b)
	}
	jw.buf = b[:0]
}

// checkFinite finds the first NaN or infinite number in r, which
// encoding/json would also refuse, and names where it is.
func checkFinite(r *Report) error {
	if f := r.Params.Threshold; math.IsNaN(f) || math.IsInf(f, 0) {
		return fmt.Errorf("%w: params threshold is %v", ErrNotFinite, f)
	}
	for i := range r.Clusters {
		c := &r.Clusters[i]
		for j := range c.Passages {
			if f := c.Passages[j].Similarity; math.IsNaN(f) || math.IsInf(f, 0) {
				return fmt.Errorf("%w: family %d, passage %d (document %q) has similarity %v",
					ErrNotFinite, c.ID, j+1, c.Passages[j].Doc, f)
			}
		}
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
