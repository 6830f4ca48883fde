package neardup

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/neardup/neardup/minhash"
	"github.com/neardup/neardup/report"
	"github.com/neardup/neardup/shingle"
)

// corpus is the documents of a run, sorted by ID, with what the pipeline
// derived from them.
type corpus struct {
	o      Options
	docs   []Document
	signer *minhash.Signer
	// The LSH layout: bands of rows signature values each.
	bands, rows int
	stop        *shingle.Stopwords
	store       docStore
	masks       [][]wordRange // per document, its boilerplate lines, sorted
	nwords      []int32       // words per document
	nsh         []int32       // shingles per document, boilerplate left out
	// hashes holds, during verification, the shingle hashes of the
	// documents the store does not keep: document d's are
	// hashes[hashOff[d]:hashOff[d+1]].
	hashes  []uint64
	hashOff []int
	// when holds each document's date in the form compareDates reads
	// fastest.
	when []dateKey
}

type docDate struct {
	t       time.Time
	known   bool
	dayOnly bool
}

// dateKey is a docDate reduced to integers: the UTC calendar day, and the
// instant as seconds and nanoseconds. Passages are ordered by date many
// times per family; time.Time's calendar arithmetic would dominate.
type dateKey struct {
	known, dayOnly bool
	nsec           int32
	day, sec       int64
}

func newDateKey(d docDate) dateKey {
	sec := d.t.Unix()
	day := sec / 86400
	if sec%86400 < 0 {
		day--
	}
	return dateKey{known: d.known, dayOnly: d.dayOnly, nsec: int32(d.t.Nanosecond()), day: day, sec: sec}
}

// compare orders two dates; tie is true when they cannot be ordered: one
// UTC calendar day, when either date has no time of day (dates given as
// days cannot order two articles of one day), else one instant.
func (d dateKey) compare(e dateKey) (c int, tie bool) {
	if d.dayOnly || e.dayOnly {
		if d.day == e.day {
			return 0, true
		}
	} else if d.sec == e.sec && d.nsec == e.nsec {
		return 0, true
	}
	return cmp.Or(cmp.Compare(d.sec, e.sec), cmp.Compare(d.nsec, e.nsec)), false
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
// returns them as boilerplate families, and sets c.masks: for each
// document with any, the word ranges that detection must leave out: reuse
// must not be found in, nor chain through, a footer that every article of
// an outlet carries.
//
// parts holds the refs split by the top refPartBits bits of their keys,
// each part in (doc, first word) order: equal keys share a part, so the
// parts are sorted and grouped on their own, in parallel. The families
// come out part by part, the same whatever the number of workers.
func (c *corpus) boilerplate(ctx context.Context, parts [][]unitRef) (fams []family) {
	// Each part's groups that are furniture, as ranges of its sorted refs.
	type partGroups struct {
		refs   []unitRef
		groups [][2]int
	}
	pg := make([]partGroups, len(parts))
	sources := make([]map[string]int, c.o.workers())
	for w := range sources {
		sources[w] = map[string]int{}
	}
	_ = forEach(ctx, len(parts), len(sources), func(w, p int) {
		refs := sortRefs(parts[p])
		var groups [][2]int
		for i := 0; i < len(refs); {
			j := i + 1
			for j < len(refs) && refs[j].key == refs[i].key {
				j++
			}
			lo, hi := i, j
			group := refs[lo:hi]
			i = hi
			if group[len(group)-1].doc == group[0].doc {
				continue // one document only
			}
			short := int(group[0].n) < c.o.MinWords
			if !short && !c.sourceRepeat(group, sources[w]) {
				continue
			}
			groups = append(groups, [2]int{lo, hi})
		}
		pg[p] = partGroups{refs, groups}
	})
	// How many ranges each document gets; then every family's occurrences
	// and every document's ranges are cut from one array each.
	perDoc := make([]int32, len(c.docs))
	total := 0
	for _, p := range pg {
		for _, g := range p.groups {
			for _, r := range p.refs[g[0]:g[1]] {
				perDoc[r.doc]++
			}
			total += g[1] - g[0]
		}
	}
	ranges := make([]wordRange, 0, total)
	c.masks = make([][]wordRange, len(c.docs))
	for d, n := range perDoc {
		c.masks[d] = ranges[len(ranges) : len(ranges) : len(ranges)+int(n)]
		ranges = ranges[:len(ranges)+int(n)]
	}
	occs := make([]span, 0, total)
	for _, p := range pg {
		for _, g := range p.groups {
			start := len(occs)
			for _, r := range p.refs[g[0]:g[1]] {
				w0, w1 := r.w0, r.w0+r.n-1
				occs = append(occs, span{r.doc, w0, w1})
				c.masks[r.doc] = append(c.masks[r.doc], wordRange{w0, w1})
			}
			fams = append(fams, family{kind: report.KindBoilerplate, occ: occs[start:len(occs):len(occs)]})
		}
	}
	for d, m := range c.masks {
		c.masks[d] = mergeRanges(m)
	}
	return fams
}

// refPartBits is how many top bits of a line's key choose its part for
// boilerplate: enough parts to share among the workers evenly.
const refPartBits = 3

// sortRefs returns the refs whose key may repeat, sorted by (key, doc,
// first word); a ref whose key is certainly unique, as most lines are,
// cannot be boilerplate and is left out (see repeatFilter). refs must be
// in (doc, first word) order. Keys are hashes: a radix sort on them does
// the work, and as it sorts by (key, index), equal keys keep refs' order.
func sortRefs(refs []unitRef) []unitRef {
	// A key's lowest bit is always set: the filter takes the bits above.
	var f repeatFilter
	f.reset(len(refs))
	for _, r := range refs {
		f.add(r.key >> 1)
	}
	s := keyed{keys: make([]uint64, 0, len(refs)), vals: make([]uint32, 0, len(refs))}
	for i, r := range refs {
		if f.repeated(r.key >> 1) {
			s.keys = append(s.keys, r.key)
			s.vals = append(s.vals, uint32(i))
		}
	}
	s.sort()
	out := make([]unitRef, len(s.vals))
	for i, v := range s.vals {
		out[i] = refs[v]
	}
	return out
}

// mergeRanges sorts word ranges and merges those that overlap or touch.
func mergeRanges(m []wordRange) []wordRange {
	if len(m) < 2 {
		return m
	}
	slices.SortFunc(m, func(x, y wordRange) int { return cmp.Compare(x.w0, y.w0) })
	out := m[:1]
	for _, r := range m[1:] {
		if last := &out[len(out)-1]; r.w0 <= last.w1+1 {
			last.w1 = max(last.w1, r.w1)
			continue
		}
		out = append(out, r)
	}
	return out
}

// sourceRepeat reports whether some non-empty source has the unit in at
// least Boilerplate of its documents; group is sorted by document. count
// is scratch space, emptied here.
func (c *corpus) sourceRepeat(group []unitRef, count map[string]int) bool {
	clear(count)
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

// plan makes what a family's cluster needs before any text is read: its
// occurrences in passage order, canonical first, and the cluster's
// provenance and spread.
func (c *corpus) plan(f family, ps *planScratch) (report.Cluster, []span) {
	// Passage order: by date (undated last), then document, then offset.
	occ := slices.Clone(f.occ)
	// Equal spans are alike, so the first sort need not be stable.
	slices.SortFunc(occ, compareSpans)
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
	slices.SortFunc(occ[1:], compareSpans)
	slices.SortStableFunc(occ[1:], func(x, y span) int { return c.compareDates(x.doc, y.doc) })
	cl := report.Cluster{Kind: f.kind}
	if ps.docs == nil {
		ps.docs, ps.sources = map[int32]struct{}{}, map[string]struct{}{}
	}
	docs, sources := ps.docs, ps.sources
	clear(docs)
	clear(sources)
	for _, s := range occ {
		docs[s.doc] = struct{}{}
		if src := c.docs[s.doc].Source; src != "" {
			sources[src] = struct{}{}
		}
	}
	cl.Documents, cl.Sources = len(docs), len(sources)

	canon := occ[0]
	if d := c.when[canon.doc]; d.known {
		cl.Origin = report.Origin{Doc: c.docs[canon.doc].ID, Date: c.docs[canon.doc].Date, Note: report.OriginEarliest}
		for _, s := range occ[1:] {
			if e := c.when[s.doc]; e.known && s.doc != canon.doc {
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
	return cl, occ
}

// planScratch is one worker's sets for plan: the documents and sources
// of a family.
type planScratch struct {
	docs    map[int32]struct{}
	sources map[string]struct{}
}

// canonical is what the passages of a family need of its canonical
// passage, copied out of its document's view: its words, and its
// document's shingles from the first that starts inside it to the last
// that starts inside it, which is every shingle a part of it can hold
// (and the ones that end a scan for them).
type canonical struct {
	span
	words []shingle.Word
	sh    []shingle.Shingle
	set   []uint64 // the shingle set of the whole passage, which most copies cover
}

// newCanonical copies the canonical passage s out of its document's view.
func newCanonical(d docView, s span, r *radix) canonical {
	lo := firstFrom(d.sh, s.w0)
	hi := lo
	for hi < len(d.sh) && int32(d.sh[hi].First) <= s.w1 {
		hi++
	}
	cn := canonical{span: s, words: slices.Clone(d.words[s.w0 : s.w1+1]), sh: slices.Clone(d.sh[lo:hi])}
	cn.set = cn.shingleSet(make([]uint64, 0, max(len(cn.sh), len(cn.words))), s, r)
	return cn
}

// shingleSet is shingleSet for a part of the canonical passage, whose
// words start at index cn.w0.
func (cn *canonical) shingleSet(dst []uint64, part span, r *radix) []uint64 {
	return appendShingleSet(dst, cn.sh, cn.words, cn.w0, part, r)
}

// passage makes the passage of occurrence s (the k-th of its cluster),
// compared with the canonical passage; d is s's document's view.
func (c *corpus) passage(wr *worker, cn *canonical, origin bool, k int, s span, d docView) report.Passage {
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
		p.Origin = origin
		p.CanonicalStart, p.CanonicalEnd = p.Start, p.End
		return p
	}
	// Compare with the part of the canonical passage this one covers: a
	// copy of half a long passage is not half similar.
	canonText := c.docs[cn.doc].Text
	ops, c0, c1 := wr.diff.wordDiff(canonText, cn.words, doc.Text, ws)
	p.Diff = ops
	part := span{cn.doc, cn.w0 + int32(c0), cn.w0 + int32(c1) - 1}
	p.CanonicalStart, p.CanonicalEnd = int(cn.words[c0].Start), int(cn.words[c1-1].End)
	// A copy word for word (most boilerplate, many passages) has the
	// canonical part's shingles in the same order: its similarity is 1
	// without sorting either set.
	alo, ahi := shingleRange(cn.sh, part)
	blo, bhi := shingleRange(d.sh, s)
	if sameShingleHashes(cn.sh[alo:ahi], d.sh[blo:bhi]) && (ahi > alo || c1-c0 == len(ws) && sameHashes(cn.words[c0:c1], ws)) {
		p.Similarity = 1
		return p
	}
	setA := cn.set
	if part != cn.span {
		wr.setA = cn.shingleSet(wr.setA[:0], part, &wr.r)
		setA = wr.setA
	}
	wr.setB = shingleSet(wr.setB[:0], d, s, &wr.r)
	p.Similarity = round3(jaccard(setA, wr.setB))
	return p
}

// byDocument runs fn, in parallel, once for each document that has any
// of the items (doc of each, in item order), with the document's view and
// the items it has, in order. Each document is tokenised at most once.
func (c *corpus) byDocument(ctx context.Context, docs []int32, fn func(wr *worker, d docView, items []uint32)) error {
	// A counting sort by document: items[start[d]:start[d+1]] are
	// document d's, in order.
	start := make([]int32, len(c.docs)+1)
	for _, d := range docs {
		start[d+1]++
	}
	var held []int32 // the documents that have items, in order
	for d := range c.docs {
		if start[d+1] > 0 {
			held = append(held, int32(d))
		}
		start[d+1] += start[d]
	}
	fill := slices.Clone(start[:len(c.docs)])
	items := make([]uint32, len(docs))
	for i, d := range docs {
		items[fill[d]] = uint32(i)
		fill[d]++
	}
	workers := c.newWorkers(c.o.workers())
	return forEach(ctx, len(held), len(workers), func(wk, g int) {
		d := held[g]
		wr := workers[wk]
		fn(wr, c.view(wr, 0, d), items[start[d]:start[d+1]])
	})
}

// docBytes is a byte range of one document.
type docBytes struct {
	doc        int32
	start, end int32
}

// compareDates orders two documents by date, undated last; documents of
// one date (or one day, for dates without a time) compare equal.
func (c *corpus) compareDates(x, y int32) int {
	dx, dy := c.when[x], c.when[y]
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

// shingleSet appends the sorted distinct hashes of the shingles of d
// wholly inside s. A span shorter than a shingle gives the hashes of its
// words.
func shingleSet(dst []uint64, d docView, s span, r *radix) []uint64 {
	return appendShingleSet(dst, d.sh, d.words, 0, s, r)
}

// appendShingleSet appends the sorted distinct hashes of the shingles of
// sh wholly inside s, or, when there are none, of its words; words holds
// the words from index base on.
func appendShingleSet(dst []uint64, sh []shingle.Shingle, words []shingle.Word, base int32, s span, r *radix) []uint64 {
	lo, hi := shingleRange(sh, s)
	start := len(dst)
	for _, x := range sh[lo:hi] {
		dst = append(dst, x.Hash)
	}
	if len(dst) == start {
		for _, w := range words[s.w0-base : s.w1-base+1] {
			dst = append(dst, w.Hash)
		}
	}
	return dst[:start+len(r.sortedSet(dst[start:]))]
}

// shingleRange returns the shingles of sh wholly inside s: sh[lo:hi],
// the run from the first that starts in s up to the first that ends
// past it.
func shingleRange(sh []shingle.Shingle, s span) (lo, hi int) {
	lo = firstFrom(sh, s.w0)
	hi = lo
	for hi < len(sh) && int32(sh[hi].Last) <= s.w1 {
		hi++
	}
	return lo, hi
}

// sameShingleHashes reports whether two runs of shingles have the same
// hashes in the same order.
func sameShingleHashes(a, b []shingle.Shingle) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Hash != b[i].Hash {
			return false
		}
	}
	return true
}

// firstFrom returns the index of the first shingle of sh (in order of
// their first words) that starts at word w or later. Shingles mostly
// start one a word, so the search starts at index w and widens by
// doubling steps before it halves: it reads a few neighbouring shingles
// instead of a binary search's spread over a document.
func firstFrom(sh []shingle.Shingle, w int32) int {
	n := len(sh)
	g := min(max(int(w), 0), n)
	// The answer lies in [lo, hi]: shingles before lo start before w,
	// and hi is n or starts at w or later.
	lo, hi := 0, n
	if g == n || int32(sh[g].First) >= w {
		hi = g
		for step := 1; ; step *= 2 {
			i := hi - step
			if i < 0 {
				break
			}
			if int32(sh[i].First) < w {
				lo = i + 1
				break
			}
			hi = i
		}
	} else {
		lo = g + 1
		for step := 1; ; step *= 2 {
			i := g + step
			if i >= n {
				break
			}
			if int32(sh[i].First) >= w {
				hi = i
				break
			}
			lo = i + 1
		}
	}
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if int32(sh[mid].First) < w {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
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

// build assembles the report from the families, in parallel: each
// family's cluster is made on its own, then they are ranked.
func (c *corpus) build(ctx context.Context, fams []family) (*report.Report, error) {
	r := &report.Report{
		Version:   report.Version,
		Params:    c.o.params(c.bands, c.rows),
		Documents: make([]report.Document, len(c.docs)),
		Clusters:  make([]report.Cluster, len(fams)),
	}
	for i := range fams {
		if fams[i].kind == report.KindReuse && c.isSourceBoilerplate(fams[i]) {
			fams[i].kind = report.KindBoilerplate
		}
	}
	// Provenance and order of passages need no text. Then each document
	// is read once to copy out the canonical passages it holds, and once
	// more to make the passages it holds.
	occs := make([][]span, len(fams))
	scratch := make([]planScratch, c.o.workers())
	err := forEach(ctx, len(fams), len(scratch), func(w, i int) {
		r.Clusters[i], occs[i] = c.plan(fams[i], &scratch[w])
	})
	if err != nil {
		return nil, err
	}
	canon := make([]canonical, len(fams))
	canonDocs := make([]int32, len(fams))
	for i, occ := range occs {
		canonDocs[i] = occ[0].doc
	}
	err = c.byDocument(ctx, canonDocs, func(wr *worker, d docView, fs []uint32) {
		for _, f := range fs {
			canon[f] = newCanonical(d, occs[f][0], &wr.r)
			ws := canon[f].words
			r.Clusters[f].Canonical = c.docs[canon[f].doc].Text[ws[0].Start:ws[len(ws)-1].End]
		}
	})
	if err != nil {
		return nil, err
	}
	first := make([]int, len(fams)+1) // passages of family f: first[f] to first[f+1]
	for i, occ := range occs {
		first[i+1] = first[i] + len(occ)
	}
	passages := make([]report.Passage, first[len(fams)])
	where := make([]docBytes, len(passages))
	occDocs := make([]int32, len(passages))
	famOf := make([]int32, len(passages))
	for f, occ := range occs {
		for k, s := range occ {
			occDocs[first[f]+k], famOf[first[f]+k] = s.doc, int32(f)
		}
	}
	err = c.byDocument(ctx, occDocs, func(wr *worker, d docView, items []uint32) {
		for _, g := range items {
			f := famOf[g]
			k := int(g) - first[f]
			s := occs[f][k]
			p := c.passage(wr, &canon[f], r.Clusters[f].Origin.Note != report.OriginUndated, k, s, d)
			passages[g] = p
			where[g] = docBytes{s.doc, int32(p.Start), int32(p.End)}
		}
	})
	if err != nil {
		return nil, err
	}
	for f := range fams {
		r.Clusters[f].Passages = passages[first[f]:first[f+1]:first[f+1]]
	}
	// Bytes of each document inside reuse passages.
	var reused []docBytes
	for i, f := range fams {
		if f.kind == report.KindReuse {
			reused = append(reused, where[first[i]:first[i+1]]...)
		}
	}
	slices.SortFunc(reused, func(x, y docBytes) int {
		return cmp.Or(cmp.Compare(x.doc, y.doc), cmp.Compare(x.start, y.start), cmp.Compare(x.end, y.end))
	})
	for i, d := range c.docs {
		r.Documents[i] = report.Document{ID: d.ID, Title: d.Title, Source: d.Source, Date: d.Date, URL: d.URL, Bytes: len(d.Text)}
	}
	end, doc := int32(-1), int32(-1)
	for _, s := range reused {
		if s.doc != doc {
			doc, end = s.doc, -1
		}
		b0 := max(s.start, end)
		if s.end > b0 {
			r.Documents[s.doc].ReusedBytes += int(s.end - b0)
			end = s.end
		}
	}
	// Reuse first; then by spread; then by where the family first shows.
	// The keys are made once: a boilerplate family has thousands of
	// passages to look through.
	rank := make([]clusterRank, len(r.Clusters))
	for i := range r.Clusters {
		cl := &r.Clusters[i]
		doc, start := firstPassage(cl)
		rank[i] = clusterRank{reuse: cl.Kind == report.KindReuse, documents: cl.Documents, sources: cl.Sources, doc: doc, start: start, index: int32(i)}
	}
	slices.SortStableFunc(rank, func(x, y clusterRank) int {
		if x.reuse != y.reuse {
			if x.reuse {
				return -1
			}
			return 1
		}
		return cmp.Or(
			-cmp.Compare(x.documents, y.documents),
			-cmp.Compare(x.sources, y.sources),
			cmp.Compare(x.doc, y.doc),
			cmp.Compare(x.start, y.start),
		)
	})
	ranked := make([]report.Cluster, len(r.Clusters))
	for i, k := range rank {
		ranked[i] = r.Clusters[k.index]
	}
	r.Clusters = ranked
	for i := range r.Clusters {
		r.Clusters[i].ID = i + 1
	}
	return r, nil
}

// clusterRank is what the ranking of clusters compares.
type clusterRank struct {
	reuse              bool
	documents, sources int
	doc                string
	start              int
	index              int32
}

// firstPassage locates a cluster's first passage in document order, for
// a stable ranking of families of equal spread: its document, and its
// start there.
func firstPassage(c *report.Cluster) (doc string, start int) {
	doc = c.Passages[0].Doc
	for _, p := range c.Passages {
		doc = min(doc, p.Doc)
	}
	start = -1
	for _, p := range c.Passages {
		if p.Doc == doc && (start < 0 || p.Start < start) {
			start = p.Start
		}
	}
	return doc, start
}
