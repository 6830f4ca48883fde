package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// ErrUnsupportedVersion is returned by ReadJSON for a report written by a
// newer schema than this package knows.
var ErrUnsupportedVersion = errors.New("report: unsupported report version")

// WriteJSON writes r as indented JSON followed by a newline. The output is
// byte-identical for equal reports. Markup characters in texts are written
// as they are (no \u003c escapes), so the file reads naturally, and absent
// lists are written as [] rather than null, so that readers in other
// languages need not tell the two apart.
//
// The report is written one document and one family at a time, so memory
// stays at the size of the largest family rather than of the whole
// encoding: a report of a gigabyte corpus runs to hundreds of megabytes.
func WriteJSON(w io.Writer, r *Report) error {
	if r == nil {
		return ErrNilReport
	}
	jw := jsonWriter{w: bufio.NewWriterSize(w, 1<<16)}
	jw.enc = json.NewEncoder(&jw.buf)
	jw.enc.SetEscapeHTML(false)

	jw.raw("{\n  \"version\": ")
	jw.raw(strconv.Itoa(r.Version))
	jw.raw(",\n  \"params\": ")
	jw.value("  ", &r.Params)
	jw.raw(",\n  \"documents\": ")
	jw.array(len(r.Documents), func(i int) any { return &r.Documents[i] })
	jw.raw(",\n  \"clusters\": ")
	jw.array(len(r.Clusters), func(i int) any {
		c := &r.Clusters[i]
		if c.Passages == nil { // [] not null, without touching r
			cp := *c
			cp.Passages = []Passage{}
			return &cp
		}
		return c
	})
	jw.raw("\n}\n")
	if jw.err == nil {
		jw.err = jw.w.Flush()
	}
	if jw.err != nil {
		return fmt.Errorf("report: writing JSON: %w", jw.err)
	}
	return nil
}

// jsonWriter writes the parts of an indented JSON document and keeps the
// first error.
type jsonWriter struct {
	w   *bufio.Writer
	buf bytes.Buffer
	enc *json.Encoder
	err error
}

func (jw *jsonWriter) raw(s string) {
	if jw.err == nil {
		_, jw.err = jw.w.WriteString(s)
	}
}

// value writes v indented as it stands at the given depth (prefix), as
// json.MarshalIndent would write it there.
func (jw *jsonWriter) value(prefix string, v any) {
	if jw.err != nil {
		return
	}
	jw.buf.Reset()
	jw.enc.SetIndent(prefix, "  ")
	if jw.err = jw.enc.Encode(v); jw.err != nil {
		return
	}
	b := jw.buf.Bytes()
	_, jw.err = jw.w.Write(b[:len(b)-1]) // the encoder ends with a newline
}

// array writes n elements, each from elem, as a top-level array member.
func (jw *jsonWriter) array(n int, elem func(i int) any) {
	if n == 0 {
		jw.raw("[]")
		return
	}
	jw.raw("[")
	for i := 0; i < n; i++ {
		if i > 0 {
			jw.raw(",")
		}
		jw.raw("\n    ")
		jw.value("    ", elem(i))
	}
	jw.raw("\n  ]")
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
