package neardup

import (
	"slices"
	"strings"

	"github.com/neardup/neardup/shingle"
)

// docData is what the pipeline keeps of one document: its words, its
// shingles in text order, the same shingles sorted by hash for alignment,
// and its units (for short repeated lines).
type docData struct {
	words  []shingle.Word
	sh     []shingle.Shingle
	byHash []hashPos
	units  []shingle.Span // lines
	// unitWords[i] is the number of words in units[i]; unitKey[i] the hash
	// of its word sequence, or of its shape when short (0 when it has no
	// word).
	unitWords []int
	unitKey   []uint64
}

// hashPos is a shingle hash and the index of the shingle in text order.
type hashPos struct {
	hash uint64
	pos  uint32
}

// analyzer holds one worker's scratch state.
type analyzer struct {
	o     Options
	tok   shingle.Tokenizer
	stop  *shingle.Stopwords
	flags []bool
	sel   []uint32
}

// appendLines appends the non-blank lines of text, trimmed: the units in
// which site furniture shows, whatever the paragraphing around it.
func appendLines(dst []shingle.Span, text string) []shingle.Span {
	for start := 0; start < len(text); {
		end := strings.IndexByte(text[start:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += start
		}
		s, e := start, end
		for s < e && (text[s] == ' ' || text[s] == '\t' || text[s] == '\r') {
			s++
		}
		for e > s && (text[e-1] == ' ' || text[e-1] == '\t' || text[e-1] == '\r') {
			e--
		}
		if s < e {
			dst = append(dst, shingle.Span{Start: s, End: e})
		}
		start = end + 1
	}
	return dst
}

// tokenize splits one document into words and lines.
func (a *analyzer) tokenize(text string) docData {
	var d docData
	d.words = a.tok.AppendWords(make([]shingle.Word, 0, len(text)/6+1), text)
	d.units = appendLines(nil, text)
	d.unitWords = make([]int, len(d.units))
	d.unitKey = make([]uint64, len(d.units))
	w := 0
	for i, u := range d.units {
		for w < len(d.words) && int(d.words[w].Start) < u.Start {
			w++
		}
		n := 0
		for j := w; j < len(d.words) && int(d.words[j].End) <= u.End; j++ {
			n++
		}
		d.unitWords[i] = n
		if n > 0 {
			d.unitKey[i] = unitKey(text, d.words[w:w+n], n < a.o.MinWords)
		}
	}
	return d
}

// unitKey hashes a unit's words. The key of a short unit is that of its
// shape: words with a digit and month names count as one wildcard, so that
// "Last update: July 20, 2024 14:02" and "Last update: June 21, 2024 23:23"
// are recognised as one line of site furniture.
func unitKey(text string, words []shingle.Word, shape bool) uint64 {
	const wildcard = 0x5bd1e9955bd1e995
	key := uint64(0x9ae16a3b2f90404f)
	for _, wd := range words {
		h := wd.Hash
		if shape && isVariable(text[wd.Start:wd.End]) {
			h = wildcard
		}
		key = (key ^ h) * 0x9E3779B185EBCA87
		key ^= key >> 29
	}
	if shape {
		key ^= 1 << 63 // a shape never equals an exact key
	}
	return key | 1
}

var months = []string{"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december",
	"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}

// isVariable reports words that change from one copy of a dated line to
// the next: numbers and month names.
func isVariable(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] >= '0' && w[i] <= '9' {
			return true
		}
	}
	if len(w) < 3 || len(w) > 9 {
		return false
	}
	for _, m := range months {
		if strings.EqualFold(w, m) {
			return true
		}
	}
	return false
}

// shingle hashes a tokenised document's shingles, leaving out those that
// touch a masked word (boilerplate), and sorts them by hash for alignment.
func (a *analyzer) shingle(d *docData, text string, masked []bool) {
	switch a.o.Stopwords {
	case StopwordsKeep:
		d.sh = shingle.AppendShingles(make([]shingle.Shingle, 0, len(d.words)), d.words, a.o.Shingle, a.o.Seed)
	case StopwordsDrop:
		a.flags = a.stop.AppendFlags(a.flags[:0], text, d.words)
		a.sel = a.sel[:0]
		for i, s := range a.flags {
			if !s {
				a.sel = append(a.sel, uint32(i))
			}
		}
		d.sh = shingle.AppendShinglesSelected(nil, d.words, a.sel, a.o.Shingle, a.o.Seed)
	case StopwordsAnchor:
		a.flags = a.stop.AppendFlags(a.flags[:0], text, d.words)
		d.sh = shingle.AppendSpotSignatures(nil, d.words, a.flags, a.o.Shingle, a.o.Seed)
	}
	if masked != nil {
		kept := d.sh[:0]
		for _, s := range d.sh {
			if !slices.Contains(masked[s.First:s.Last+1], true) {
				kept = append(kept, s)
			}
		}
		d.sh = kept
	}
	d.byHash = make([]hashPos, len(d.sh))
	for i, s := range d.sh {
		d.byHash[i] = hashPos{s.Hash, uint32(i)}
	}
	slices.SortFunc(d.byHash, func(x, y hashPos) int {
		if x.hash != y.hash {
			if x.hash < y.hash {
				return -1
			}
			return 1
		}
		return int(x.pos) - int(y.pos)
	})
}

// windowCount returns how many windows of l shingles with stride s cover n
// shingles: every shingle lies in at least one window, and the last window
// ends at the last shingle.
func windowCount(n, l, s int) int {
	if n == 0 {
		return 0
	}
	if n <= l {
		return 1
	}
	return (n-l+s-1)/s + 1
}

// windowBounds returns the shingle range of window w.
func windowBounds(w, n, l, s int) (lo, hi int) {
	if n <= l {
		return 0, n
	}
	lo = w * s
	if lo+l > n {
		lo = n - l
	}
	return lo, lo + l
}

// appendSortedSet appends the distinct hashes of shingles sh[lo:hi] to dst,
// sorted.
func appendSortedSet(dst []uint64, sh []shingle.Shingle, lo, hi int) []uint64 {
	start := len(dst)
	for _, s := range sh[lo:hi] {
		dst = append(dst, s.Hash)
	}
	set := dst[start:]
	slices.Sort(set)
	return dst[:start+len(slices.Compact(set))]
}

// intersectCount counts the common elements of two sorted sets.
func intersectCount(a, b []uint64) int {
	n, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			n++
			i++
			j++
		}
	}
	return n
}

// jaccard returns the Jaccard similarity of two sorted sets.
func jaccard(a, b []uint64) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 0
	}
	n := intersectCount(a, b)
	return float64(n) / float64(len(a)+len(b)-n)
}
