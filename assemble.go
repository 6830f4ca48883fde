package neardup

import (
	"cmp"
	"slices"
	"time"

	"github.com/neardup/neardup/report"
	"github.com/neardup/neardup/shingle"
)

// corpus is the documents of a run, sorted by ID, with what the pipeline
// derived from them.
type corpus struct {
	o     Options
	docs  []Document
	data  []docData
	dates []docDate
}

type docDate struct {
	t       time.Time
	known   bool
	dayOnly bool
}

// before orders two dates; tie is true when they cannot be ordered.
func (d docDate) compare(e docDate) (c int, tie bool) {
	if d.dayOnly || e.dayOnly {
		if sameDay(d.t, e.t) {
			return 0, true
		}
	} else if d.t.Equal(e.t) {
		return 0, true
	}
	return d.t.Compare(e.t), false
}

// family is a family before it becomes a report cluster.
type family struct {
	kind string
	occ  []span
}

// boilerplate finds the units that are site furniture rather than text: a
// unit repeated word for word in at least Boilerplate documents of one
// source, and a unit too short to be a passage (two words or more, fewer
// than MinWords) repeated in two documents or more ("Newsroom logo"). It
// returns them as boilerplate families, and for each document with any, a
// mask of its words that keeps them out of detection: reuse must not be
// found in, nor chain through, a footer that every article of an outlet
// carries.
func (c *corpus) boilerplate() (fams []family, masks [][]bool) {
	var refs []unitRef
	for d := range c.data {
		dd := &c.data[d]
		for u, n := range dd.unitWords {
			if n >= 2 {
				refs = append(refs, unitRef{dd.unitKey[u], int32(d), int32(u)})
			}
		}
	}
	slices.SortFunc(refs, func(x, y unitRef) int {
		return cmp.Or(cmp.Compare(x.key, y.key), cmp.Compare(x.doc, y.doc), cmp.Compare(x.unit, y.unit))
	})
	masks = make([][]bool, len(c.data))
	for i := 0; i < len(refs); {
		j := i + 1
		for j < len(refs) && refs[j].key == refs[i].key {
			j++
		}
		group := refs[i:j]
		i = j
		if group[len(group)-1].doc == group[0].doc {
			continue // one document only
		}
		short := c.data[group[0].doc].unitWords[group[0].unit] < c.o.MinWords
		if !short && !c.sourceRepeat(group) {
			continue
		}
		var occ []span
		for _, r := range group {
			w0, w1 := c.unitWordRange(r.doc, r.unit)
			occ = append(occ, span{r.doc, w0, w1})
			m := masks[r.doc]
			if m == nil {
				m = make([]bool, len(c.data[r.doc].words))
				masks[r.doc] = m
			}
			for w := w0; w <= w1; w++ {
				m[w] = true
			}
		}
		fams = append(fams, family{kind: report.KindBoilerplate, occ: occ})
	}
	return fams, masks
}

// unitRef names a unit of a document, with its key.
type unitRef struct {
	key  uint64
	doc  int32
	unit int32
}

// sourceRepeat reports whether some non-empty source has the unit in at
// least Boilerplate of its documents; group is sorted by document.
func (c *corpus) sourceRepeat(group []unitRef) bool {
	count := map[string]int{}
	last := int32(-1)
	for _, r := range group {
		if r.doc == last {
			continue
		}
		last = r.doc
		if src := c.docs[r.doc].Source; src != "" {
			count[src]++
			if count[src] >= c.o.Boilerplate {
				return true
			}
		}
	}
	return false
}

// unitWordRange returns the first and last word index of a unit.
func (c *corpus) unitWordRange(doc, unit int32) (int32, int32) {
	d := &c.data[doc]
	u := d.units[unit]
	w0, _ := slices.BinarySearchFunc(d.words, u.Start, func(w shingle.Word, s int) int { return cmp.Compare(int(w.Start), s) })
	return int32(w0), int32(w0 + d.unitWords[unit] - 1)
}

// cluster turns a family into a report cluster: provenance, canonical text,
// similarities and diffs.
func (c *corpus) cluster(f family) report.Cluster {
	// Passage order: by date (undated last), then document, then offset.
	occ := slices.Clone(f.occ)
	slices.SortStableFunc(occ, compareSpans)
	slices.SortStableFunc(occ, func(x, y span) int { return c.compareDates(x.doc, y.doc) })
	// The canonical passage is the longest in the first document: a
	// family may hold a stray repeated sentence of that document too.
	best := 0
	for k := 1; k < len(occ) && occ[k].doc == occ[0].doc; k++ {
		if occ[k].words() > occ[best].words() {
			best = k
		}
	}
	occ[0], occ[best] = occ[best], occ[0]
	slices.SortStableFunc(occ[1:], compareSpans)
	slices.SortStableFunc(occ[1:], func(x, y span) int { return c.compareDates(x.doc, y.doc) })
	cl := report.Cluster{Kind: f.kind}
	docs := map[int32]bool{}
	sources := map[string]bool{}
	for _, s := range occ {
		docs[s.doc] = true
		if src := c.docs[s.doc].Source; src != "" {
			sources[src] = true
		}
	}
	cl.Documents, cl.Sources = len(docs), len(sources)

	canon := occ[0]
	if d := c.dates[canon.doc]; d.known {
		cl.Origin = report.Origin{Doc: c.docs[canon.doc].ID, Date: c.docs[canon.doc].Date, Note: report.OriginEarliest}
		for _, s := range occ[1:] {
			if e := c.dates[s.doc]; e.known && s.doc != canon.doc {
				if _, tie := d.compare(e); tie {
					cl.Origin.Note = report.OriginTie
					if !slices.Contains(cl.Origin.Tied, c.docs[s.doc].ID) {
						cl.Origin.Tied = append(cl.Origin.Tied, c.docs[s.doc].ID)
					}
				}
			}
		}
	} else {
		cl.Origin = report.Origin{Note: report.OriginUndated}
	}

	cd := &c.data[canon.doc]
	canonWords := cd.words[canon.w0 : canon.w1+1]
	canonText := c.docs[canon.doc].Text
	cl.Canonical = canonText[canonWords[0].Start:canonWords[len(canonWords)-1].End]
	var canonSet, set []uint64
	for k, s := range occ {
		d := &c.data[s.doc]
		doc := &c.docs[s.doc]
		ws := d.words[s.w0 : s.w1+1]
		p := report.Passage{
			Doc:    doc.ID,
			Start:  int(ws[0].Start),
			End:    int(ws[len(ws)-1].End),
			Date:   doc.Date,
			Source: doc.Source,
			Title:  doc.Title,
		}
		p.Text = doc.Text[p.Start:p.End]
		if k == 0 {
			p.Similarity = 1
			p.Origin = cl.Origin.Note != report.OriginUndated
			p.CanonicalStart, p.CanonicalEnd = p.Start, p.End
		} else {
			// Compare with the part of the canonical passage this one
			// covers: a copy of half a long passage is not half similar.
			ops, c0, c1 := wordDiff(canonText, canonWords, doc.Text, ws)
			p.Diff = ops
			part := span{canon.doc, canon.w0 + int32(c0), canon.w0 + int32(c1) - 1}
			p.CanonicalStart, p.CanonicalEnd = int(cd.words[part.w0].Start), int(cd.words[part.w1].End)
			canonSet = c.shingleSet(canonSet[:0], part)
			set = c.shingleSet(set[:0], s)
			p.Similarity = round3(jaccard(canonSet, set))
		}
		cl.Passages = append(cl.Passages, p)
	}
	return cl
}

// compareDates orders two documents by date, undated last; documents of
// one date (or one day, for dates without a time) compare equal.
func (c *corpus) compareDates(x, y int32) int {
	dx, dy := c.dates[x], c.dates[y]
	if dx.known != dy.known {
		if dx.known {
			return -1
		}
		return 1
	}
	if dx.known {
		if k, tie := dx.compare(dy); !tie {
			return k
		}
	}
	return 0
}

// shingleSet appends the sorted distinct hashes of the shingles wholly
// inside s. A span shorter than a shingle gives the hashes of its words.
func (c *corpus) shingleSet(dst []uint64, s span) []uint64 {
	d := &c.data[s.doc]
	lo, _ := slices.BinarySearchFunc(d.sh, s.w0, func(x shingle.Shingle, w int32) int { return cmp.Compare(int32(x.First), w) })
	start := len(dst)
	for i := lo; i < len(d.sh) && int32(d.sh[i].Last) <= s.w1; i++ {
		if int32(d.sh[i].First) >= s.w0 {
			dst = append(dst, d.sh[i].Hash)
		}
	}
	if len(dst) == start {
		for _, w := range d.words[s.w0 : s.w1+1] {
			dst = append(dst, w.Hash)
		}
	}
	set := dst[start:]
	slices.Sort(set)
	return dst[:start+len(slices.Compact(set))]
}

func round3(x float64) float64 {
	return float64(int64(x*1000+0.5)) / 1000
}

// isSourceBoilerplate reports whether a family lives inside one source,
// across at least Boilerplate of its documents.
func (c *corpus) isSourceBoilerplate(f family) bool {
	src := c.docs[f.occ[0].doc].Source
	if src == "" {
		return false
	}
	n := 0
	last := int32(-1)
	for _, s := range f.occ {
		if c.docs[s.doc].Source != src {
			return false
		}
		if s.doc != last {
			n++
			last = s.doc
		}
	}
	return n >= c.o.Boilerplate
}

// build assembles the report from the families.
func (c *corpus) build(fams []family, bands, rows int) *report.Report {
	r := &report.Report{
		Version:   report.Version,
		Params:    c.o.params(bands, rows),
		Documents: make([]report.Document, len(c.docs)),
		Clusters:  make([]report.Cluster, 0, len(fams)),
	}
	for _, f := range fams {
		if f.kind == report.KindReuse && c.isSourceBoilerplate(f) {
			f.kind = report.KindBoilerplate
		}
		r.Clusters = append(r.Clusters, c.cluster(f))
	}
	// Reuse first; then by spread; then by where the family first shows.
	slices.SortStableFunc(r.Clusters, func(x, y report.Cluster) int {
		if x.Kind != y.Kind {
			if x.Kind == report.KindReuse {
				return -1
			}
			return 1
		}
		return cmp.Or(
			-cmp.Compare(x.Documents, y.Documents),
			-cmp.Compare(x.Sources, y.Sources),
			cmp.Compare(firstDoc(x), firstDoc(y)),
			cmp.Compare(firstStart(x), firstStart(y)),
		)
	})
	reused := make([][]span, len(c.docs))
	for i := range r.Clusters {
		r.Clusters[i].ID = i + 1
	}
	for _, f := range fams {
		if f.kind != report.KindReuse || c.isSourceBoilerplate(f) {
			continue
		}
		for _, s := range f.occ {
			reused[s.doc] = append(reused[s.doc], s)
		}
	}
	for i, d := range c.docs {
		r.Documents[i] = report.Document{ID: d.ID, Title: d.Title, Source: d.Source, Date: d.Date, URL: d.URL, Bytes: len(d.Text)}
		spans := reused[i]
		slices.SortFunc(spans, compareSpans)
		end := -1
		for _, s := range spans {
			ws := c.data[i].words
			b0, b1 := int(ws[s.w0].Start), int(ws[s.w1].End)
			b0 = max(b0, end)
			if b1 > b0 {
				r.Documents[i].ReusedBytes += b1 - b0
				end = b1
			}
		}
	}
	return r
}

// firstDoc and firstStart locate a cluster's first passage in document
// order, for a stable ranking of families of equal spread.
func firstDoc(c report.Cluster) string {
	m := c.Passages[0].Doc
	for _, p := range c.Passages {
		m = min(m, p.Doc)
	}
	return m
}

func firstStart(c report.Cluster) int {
	d := firstDoc(c)
	s := -1
	for _, p := range c.Passages {
		if p.Doc == d && (s < 0 || p.Start < s) {
			s = p.Start
		}
	}
	return s
}
