package peers

import (
	"cmp"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/neardup/neardup"
	"github.com/neardup/neardup/internal/pan"
	"github.com/neardup/neardup/shingle"
)

// ErrConfig is wrapped by every error a peer returns for a Config out of
// range.
var ErrConfig = errors.New("peers: invalid config")

// Config sets up the paragraph job. The defaults are the settings
// datasketch and text-dedup users typically run with.
type Config struct {
	// Hashes is the MinHash signature length.
	Hashes int
	// Threshold is the Jaccard similarity the LSH index is tuned to and
	// that every candidate pair must reach, exactly, to count. In (0, 1].
	Threshold float64
	// Shingle is the number of consecutive words per shingle.
	Shingle int
	// MinWords leaves out paragraphs of fewer words, as neardup leaves out
	// passages shorter than its Options.MinWords (10 by default).
	MinWords int
	// Seed seeds the MinHash functions.
	Seed int64
	// Workers bounds the goroutines that split, shingle and sign
	// paragraphs; 0 means GOMAXPROCS. The libraries' indexes are not safe
	// for concurrent use, so indexing and querying run on one goroutine.
	// The result does not depend on it.
	Workers int
}

// DefaultConfig returns 128 hash functions, threshold 0.5, word 3-shingles
// and paragraphs of at least 10 words.
func DefaultConfig() Config {
	return Config{Hashes: 128, Threshold: 0.5, Shingle: 3, MinWords: 10, Seed: 1}
}

func (c Config) validate() error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s", ErrConfig, fmt.Sprintf(format, args...))
	}
	switch {
	case c.Hashes < 1 || c.Hashes > 1024:
		return bad("Hashes = %d, want 1 to 1024", c.Hashes)
	case !(c.Threshold > 0 && c.Threshold <= 1):
		return bad("Threshold = %v, want (0, 1]", c.Threshold)
	case c.Shingle < 1 || c.Shingle > 16:
		return bad("Shingle = %d, want 1 to 16", c.Shingle)
	case c.MinWords < 1:
		return bad("MinWords = %d, want >= 1", c.MinWords)
	case c.Workers < 0:
		return bad("Workers = %d, want >= 0", c.Workers)
	}
	return nil
}

func (c Config) workers() int {
	if c.Workers > 0 {
		return c.Workers
	}
	return runtime.GOMAXPROCS(0)
}

// shingleSeed seeds neardup's shingle hashes; any fixed value would do.
const shingleSeed = 0x70656572730a

// Paragraph is one paragraph of one input document.
type Paragraph struct {
	Doc        int // index of the document in the input
	Start, End int // byte offsets into the document's text, End exclusive
	Words      int // words in the paragraph
}

// Result is the outcome of a paragraph job.
type Result struct {
	// Paragraphs are the paragraphs that were signed (those of at least
	// Config.MinWords words), in input order.
	Paragraphs []Paragraph
	// Families are sets of paragraphs joined by verified pairs, as indices
	// into Paragraphs, each of at least two paragraphs. Within a family
	// paragraphs are ordered by their document's date (undated last), then
	// document ID, then offset, so the first is the family's origin;
	// families are ordered by their lowest paragraph index.
	Families [][]int
	// Candidates counts the distinct paragraph pairs the LSH index
	// proposed, Verified those of them that reached the threshold.
	Candidates, Verified int
}

// Cases returns the result's detections in the shape of the ground truth:
// each family's first paragraph paired with each of its other paragraphs in
// another document. docs must be the documents the result was computed on.
func (r *Result) Cases(docs []neardup.Document) []pan.Case {
	var out []pan.Case
	for _, f := range r.Families {
		o := r.Paragraphs[f[0]]
		for _, i := range f[1:] {
			p := r.Paragraphs[i]
			if p.Doc == o.Doc {
				continue
			}
			out = append(out, pan.Case{
				A: pan.Span{Doc: docs[o.Doc].ID, Start: o.Start, End: o.End},
				B: pan.Span{Doc: docs[p.Doc].ID, Start: p.Start, End: p.End},
			})
		}
	}
	return out
}

// paragraphSets holds every paragraph and its set of shingle hashes: set i
// is sets[off[i]:off[i+1]], sorted and without repeats.
type paragraphSets struct {
	paras []Paragraph
	off   []int
	sets  []uint64
}

func (p *paragraphSets) set(i int) []uint64 { return p.sets[p.off[i]:p.off[i+1]] }

// splitter turns one document into paragraphs and shingle sets; each
// worker has its own, so its buffers are reused across documents.
type splitter struct {
	tok   shingle.Tokenizer
	units []shingle.Span
	words []shingle.Word
	sh    []shingle.Shingle
}

// docSets is the part of paragraphSets that comes from one document.
type docSets struct {
	paras []Paragraph
	sizes []int
	sets  []uint64
}

// split cuts text into paragraphs (shingle.AppendUnits: blank-line
// separated, or lines when the text has no blank line), and each paragraph
// into words with neardup's tokenizer, the same words for every peer.
func (s *splitter) split(doc int, text string, cfg Config) docSets {
	s.units = shingle.AppendUnits(s.units[:0], text)
	s.words = s.tok.AppendWords(s.words[:0], text)
	var out docSets
	w := 0
	for _, u := range s.units {
		for w < len(s.words) && int(s.words[w].Start) < u.Start {
			w++
		}
		lo := w
		for w < len(s.words) && int(s.words[w].End) <= u.End {
			w++
		}
		n := w - lo
		if n < cfg.MinWords {
			continue
		}
		s.sh = shingle.AppendShingles(s.sh[:0], s.words[lo:w], cfg.Shingle, shingleSeed)
		start := len(out.sets)
		for _, x := range s.sh {
			out.sets = append(out.sets, x.Hash)
		}
		set := out.sets[start:]
		slices.Sort(set)
		set = slices.Compact(set)
		out.sets = out.sets[:start+len(set)]
		out.paras = append(out.paras, Paragraph{Doc: doc, Start: u.Start, End: u.End, Words: n})
		out.sizes = append(out.sizes, len(set))
	}
	return out
}

// paragraphs splits every document, on cfg.workers() goroutines, and
// returns the paragraphs in input order.
func paragraphs(docs []neardup.Document, cfg Config) *paragraphSets {
	per := make([]docSets, len(docs))
	splitters := make([]splitter, cfg.workers())
	parallel(len(docs), len(splitters), func(wk, i int) {
		per[i] = splitters[wk].split(i, docs[i].Text, cfg)
	})
	p := &paragraphSets{off: []int{0}}
	for _, d := range per {
		p.paras = append(p.paras, d.paras...)
		p.sets = append(p.sets, d.sets...)
		for _, n := range d.sizes {
			p.off = append(p.off, p.off[len(p.off)-1]+n)
		}
	}
	return p
}

// parallel calls fn(worker, i) for every i in [0, n) on up to w
// goroutines; a worker index is used by one goroutine at a time.
func parallel(n, w int, fn func(worker, i int)) {
	w = max(1, min(w, n))
	var next atomic.Int64
	var wg sync.WaitGroup
	for k := range w {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				fn(k, i)
			}
		})
	}
	wg.Wait()
}

// signAll fills sigs (len(paras) × cfg.Hashes values) with each
// paragraph's signature, made by the sign function each worker gets from
// newSigner, fed every shingle of the paragraph as 8 little-endian bytes.
func signAll(p *paragraphSets, cfg Config, newSigner func() func(dst []uint64, set []uint64)) []uint64 {
	k := cfg.Hashes
	sigs := make([]uint64, len(p.paras)*k)
	const chunk = 64
	signers := make([]func([]uint64, []uint64), cfg.workers())
	for i := range signers {
		signers[i] = newSigner()
	}
	chunks := (len(p.paras) + chunk - 1) / chunk
	parallel(chunks, len(signers), func(wk, c int) {
		sign := signers[wk]
		for i := c * chunk; i < min(len(p.paras), (c+1)*chunk); i++ {
			sign(sigs[i*k:(i+1)*k], p.set(i))
		}
	})
	return sigs
}

// pair is a candidate pair of paragraphs, a < b, packed as a<<32 | b so
// that pairs sort and compare as integers.
type pair uint64

func makePair(a, b int) pair {
	if a > b {
		a, b = b, a
	}
	return pair(uint64(a)<<32 | uint64(b))
}

func (p pair) split() (a, b int) { return int(p >> 32), int(uint32(p)) }

// parseDates returns each document's date, the zero time for none; a
// peer checks them before any work, as neardup.Run does.
func parseDates(docs []neardup.Document) ([]time.Time, error) {
	dates := make([]time.Time, len(docs))
	for i, d := range docs {
		t, err := neardup.ParseDate(d.Date)
		if err != nil {
			return nil, fmt.Errorf("document %q: %w", d.ID, err)
		}
		dates[i] = t
	}
	return dates, nil
}

// families verifies the candidate pairs by exact Jaccard similarity of the
// paragraphs' shingle sets, joins verified pairs with union-find, and
// returns the result; dates are the documents' dates, from parseDates.
// cands may hold repeats.
func families(docs []neardup.Document, dates []time.Time, p *paragraphSets, cands []pair, cfg Config) *Result {
	slices.Sort(cands)
	cands = slices.Compact(cands)
	parent := make([]int, len(p.paras))
	for i := range parent {
		parent[i] = i
	}
	find := func(x int) int {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	verified := 0
	for _, c := range cands {
		a, b := c.split()
		if jaccard(p.set(a), p.set(b)) < cfg.Threshold {
			continue
		}
		verified++
		ra, rb := find(a), find(b)
		if ra != rb {
			// The lower index becomes the root, so roots do not depend on
			// the order of pairs.
			parent[max(ra, rb)] = min(ra, rb)
		}
	}

	// Each root is the lowest index of its family, so laying families out
	// by root gives them in order of their lowest paragraph.
	n := len(p.paras)
	start := make([]int, n+1)
	for i := range n {
		start[find(i)+1]++
	}
	for i := range n {
		start[i+1] += start[i]
	}
	members := make([]int, n)
	fill := slices.Clone(start[:n])
	for i := range n {
		r := find(i)
		members[fill[r]] = i
		fill[r]++
	}
	res := &Result{Paragraphs: p.paras, Candidates: len(cands), Verified: verified}
	for r := range n {
		g := members[start[r]:start[r+1]:start[r+1]]
		if len(g) < 2 {
			continue
		}
		slices.SortFunc(g, func(x, y int) int {
			px, py := p.paras[x], p.paras[y]
			dx, dy := dates[px.Doc], dates[py.Doc]
			return cmp.Or(
				cmp.Compare(boolInt(dx.IsZero()), boolInt(dy.IsZero())),
				dx.Compare(dy),
				cmp.Compare(docs[px.Doc].ID, docs[py.Doc].ID),
				cmp.Compare(px.Start, py.Start),
			)
		})
		res.Families = append(res.Families, g)
	}
	return res
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// jaccard is |a ∩ b| / |a ∪ b| of two sorted sets without repeats.
func jaccard(a, b []uint64) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 1
	}
	i, j, both := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			both++
			i++
			j++
		}
	}
	return float64(both) / float64(len(a)+len(b)-both)
}
