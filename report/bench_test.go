package report

import (
	"io"
	"strconv"
	"strings"
	"testing"
)

// benchReport is a report of 200 families of five 60-word passages over
// 100 documents, each copy with a change in the middle.
func benchReport() *Report {
	words := strings.Fields(strings.Repeat("the harbour reopened after the storm damaged two piers and the ferry ", 6))
	canon := strings.Join(words, " ")
	r := &Report{Version: Version}
	for d := range 100 {
		r.Documents = append(r.Documents, Document{ID: "doc" + strconv.Itoa(d), Source: "src" + strconv.Itoa(d%7),
			Date: "2024-01-" + strconv.Itoa(10+d%20), Bytes: 5000, ReusedBytes: 1200})
	}
	for f := range 200 {
		c := Cluster{ID: f + 1, Kind: KindReuse, Documents: 5, Sources: 3, Canonical: canon,
			Origin: Origin{Doc: "doc" + strconv.Itoa(f%100), Date: "2024-01-10", Note: OriginEarliest}}
		if f%10 == 0 {
			c.Kind = KindBoilerplate
		}
		for p := range 5 {
			ps := Passage{Doc: "doc" + strconv.Itoa((f+p*17)%100), Start: 100, End: 100 + len(canon), Similarity: 0.8,
				Text: canon, Date: "2024-01-1" + strconv.Itoa(p), Source: "src" + strconv.Itoa(p%3), Title: "A title", Origin: p == 0}
			if p > 0 {
				ps.Diff = []DiffOp{{OpEqual, strings.Join(words[:30], " ")}, {OpDelete, "storm"}, {OpInsert, "gale"}, {OpEqual, strings.Join(words[31:], " ")}}
			}
			c.Passages = append(c.Passages, ps)
		}
		r.Clusters = append(r.Clusters, c)
	}
	return r
}

// countingWriter counts the bytes written, for SetBytes.
type countingWriter struct{ n int64 }

func (w *countingWriter) Write(p []byte) (int, error) { w.n += int64(len(p)); return len(p), nil }

func benchWriter(b *testing.B, write func(io.Writer, *Report) error) {
	r := benchReport()
	var cw countingWriter
	if err := write(&cw, r); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(cw.n)
	b.ReportAllocs()
	for b.Loop() {
		if err := write(io.Discard, r); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWriteJSON(b *testing.B) { benchWriter(b, WriteJSON) }

func BenchmarkWriteText(b *testing.B) {
	benchWriter(b, func(w io.Writer, r *Report) error { return WriteText(w, r, TextOptions{}) })
}

func BenchmarkWriteMarkdown(b *testing.B) { benchWriter(b, WriteMarkdown) }

func BenchmarkWriteHTML(b *testing.B) {
	benchWriter(b, func(w io.Writer, r *Report) error { return WriteHTML(w, r, HTMLOptions{}) })
}
