package report

import (
	"errors"
	"slices"
	"strconv"
	"strings"
)

// ErrNilReport is returned by every writer given a nil *Report.
var ErrNilReport = errors.New("report: nil report")

// ErrInvalidOptions is wrapped by the errors the writers return for options
// out of range.
var ErrInvalidOptions = errors.New("report: invalid options")

// diffContext is how many equal words the writers keep on each side of a
// change: enough to find the spot in the canonical text, short enough that
// a one-word edit in a long paragraph stays a one-line diff.
const diffContext = 6

// ranked returns the families of r split into reuse and boilerplate, each
// ordered by spread: most documents first, then most sources, then id. The
// writers share this order so that every format lists families alike.
func ranked(r *Report) (reuse, boiler []*Cluster) {
	for i := range r.Clusters {
		c := &r.Clusters[i]
		if c.Kind == KindBoilerplate {
			boiler = append(boiler, c)
		} else {
			reuse = append(reuse, c)
		}
	}
	bySpread := func(a, b *Cluster) int {
		if a.Documents != b.Documents {
			return b.Documents - a.Documents
		}
		if a.Sources != b.Sources {
			return b.Sources - a.Sources
		}
		return a.ID - b.ID
	}
	slices.SortStableFunc(reuse, bySpread)
	slices.SortStableFunc(boiler, bySpread)
	return reuse, boiler
}

// summary counts what the report covers.
type summary struct {
	Documents, Sources, Reuse, Boilerplate int
}

func summarize(r *Report) summary {
	s := summary{Documents: len(r.Documents), Sources: len(sourceNames(r))}
	for i := range r.Clusters {
		if r.Clusters[i].Kind == KindBoilerplate {
			s.Boilerplate++
		} else {
			s.Reuse++
		}
	}
	return s
}

// sourceNames lists the distinct non-empty sources of r's documents, sorted.
func sourceNames(r *Report) []string {
	var names []string
	for _, d := range r.Documents {
		if d.Source != "" {
			names = append(names, d.Source)
		}
	}
	slices.Sort(names)
	return slices.Compact(names)
}

// phrase joins the summary into "5 documents · 3 sources · ...".
// Sources are left out when no document names one.
func (s summary) phrase() string {
	parts := []string{plural(s.Documents, "document", "documents")}
	if s.Sources > 0 {
		parts = append(parts, plural(s.Sources, "source", "sources"))
	}
	parts = append(parts,
		plural(s.Reuse, "reuse family", "reuse families"),
		plural(s.Boilerplate, "boilerplate family", "boilerplate families"))
	return strings.Join(parts, " · ")
}

// spread says how far a family reached: "3 documents · 2 sources", sources
// left out when its documents name none.
func spread(c *Cluster, sep string) string {
	s := plural(c.Documents, "document", "documents")
	if c.Sources > 0 {
		s += sep + plural(c.Sources, "source", "sources")
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// clusterDocs lists the distinct documents of c's passages, sorted.
func clusterDocs(c *Cluster) []string {
	docs := make([]string, 0, len(c.Passages))
	for _, p := range c.Passages {
		docs = append(docs, p.Doc)
	}
	slices.Sort(docs)
	return slices.Compact(docs)
}

// clusterSources lists the distinct non-empty sources of c's passages, sorted.
func clusterSources(c *Cluster) []string {
	var srcs []string
	for _, p := range c.Passages {
		if p.Source != "" {
			srcs = append(srcs, p.Source)
		}
	}
	slices.Sort(srcs)
	return slices.Compact(srcs)
}

// originPhrase says where a family comes from, in words.
func originPhrase(o Origin) string {
	if o.Note == OriginUndated || o.Doc == "" {
		return "undated"
	}
	s := o.Doc
	if o.Date != "" {
		s += ", " + o.Date
	}
	if len(o.Tied) > 0 {
		s += " (tied with " + strings.Join(o.Tied, ", ") + ")"
	}
	return s
}

// Piece kinds, produced by diffPieces.
const (
	pieceEqual = iota
	pieceInsert
	pieceDelete
	pieceGap // equal words left out
)

// piece is a run of words of a rendered diff.
type piece struct {
	kind int
	text string
}

// diffPieces turns diff runs into pieces, keeping at most context equal
// words next to each change and replacing the rest of a long equal run with
// a gap. It reports same=true when ops hold no change at all, in which case
// the pieces are empty: the writers then say the wording is the same rather
// than print the whole passage again.
func diffPieces(ops []DiffOp, context int) (pieces []piece, same bool) {
	changed := false
	for _, op := range ops {
		if op.Op != OpEqual && op.Text != "" {
			changed = true
			break
		}
	}
	if !changed {
		return nil, true
	}
	for i, op := range ops {
		if op.Text == "" {
			continue
		}
		switch op.Op {
		case OpInsert:
			pieces = append(pieces, piece{pieceInsert, op.Text})
		case OpDelete:
			pieces = append(pieces, piece{pieceDelete, op.Text})
		default:
			pieces = appendEqual(pieces, op.Text, context, i > 0, i < len(ops)-1)
		}
	}
	return pieces, false
}

// appendEqual appends an equal run, trimmed to context words after a
// preceding change (before) and before a following one (after).
func appendEqual(pieces []piece, text string, context int, before, after bool) []piece {
	words := strings.Fields(text)
	keep := 0
	if before {
		keep += context
	}
	if after {
		keep += context
	}
	// Hiding a single word saves nothing: the gap mark is as long.
	if len(words) <= keep+1 {
		return append(pieces, piece{pieceEqual, strings.Join(words, " ")})
	}
	if before {
		pieces = append(pieces, piece{pieceEqual, strings.Join(words[:context], " ")})
	}
	pieces = append(pieces, piece{pieceGap, "…"})
	if after {
		pieces = append(pieces, piece{pieceEqual, strings.Join(words[len(words)-context:], " ")})
	}
	return pieces
}

// AppendDiff appends ops to dst as one line of words in the word-diff
// notation of git: insertions as {+words+}, deletions as [-words-], equal
// runs as they are, all of them whole.
func AppendDiff(dst []byte, ops []DiffOp) []byte {
	first := true
	for _, op := range ops {
		if op.Text == "" {
			continue
		}
		if !first {
			dst = append(dst, ' ')
		}
		first = false
		switch op.Op {
		case OpInsert:
			dst = append(dst, "{+"...)
			dst = append(dst, op.Text...)
			dst = append(dst, "+}"...)
		case OpDelete:
			dst = append(dst, "[-"...)
			dst = append(dst, op.Text...)
			dst = append(dst, "-]"...)
		default:
			dst = append(dst, op.Text...)
		}
	}
	return dst
}

// paragraphs splits text at line breaks into its non-blank lines, each with
// its runs of white space collapsed to one space.
func paragraphs(text string) []string {
	var out []string
	for line := range strings.Lines(text) {
		if f := strings.Fields(line); len(f) > 0 {
			out = append(out, strings.Join(f, " "))
		}
	}
	return out
}

// similarity formats a similarity with two decimals, the precision a reader
// can use.
func similarity(s float64) string {
	return strconv.FormatFloat(s, 'f', 2, 64)
}

// partPhrase says which part of the canonical passage p reproduces when it
// is not the whole of it, and is empty otherwise (or when the report does
// not say).
func partPhrase(c *Cluster, p *Passage) string {
	if p.CanonicalEnd <= p.CanonicalStart {
		return ""
	}
	for i := range c.Passages {
		o := &c.Passages[i]
		if !o.Origin {
			continue
		}
		if o.Start == p.CanonicalStart && o.End == p.CanonicalEnd {
			return ""
		}
		return "copies bytes " + strconv.Itoa(p.CanonicalStart) + "-" + strconv.Itoa(p.CanonicalEnd) + " of " + o.Doc
	}
	return ""
}
