package neardup

import (
	"slices"
	"sort"
	"strings"

	"github.com/neardup/neardup/shingle"
)

// docView is what the later stages read of one document: its words and
// its shingles in text order (boilerplate left out). It is either kept
// from the sketch pass (see docStore) or recomputed into a worker's
// scratch space; both give the same values.
type docView struct {
	words []shingle.Word
	sh    []shingle.Shingle
}

// wordRange is a run of words of one document, inclusive: a masked line.
type wordRange struct{ w0, w1 int32 }

// unitRef is a line of at least two words of one document, with the hash
// of its words (or of its shape, when short) and where its words are.
type unitRef struct {
	key uint64
	doc int32
	w0  int32 // index of its first word
	n   int32 // number of words
}

// analyzer holds one worker's scratch state for turning text into words,
// lines and shingles.
type analyzer struct {
	o     Options
	tok   shingle.Tokenizer
	stop  *shingle.Stopwords
	flags []bool
	sel   []uint32
	lines []shingle.Span
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

// appendUnitRefs appends a reference to every line of document doc that
// holds two words or more: the candidates for boilerplate.
func (a *analyzer) appendUnitRefs(dst []unitRef, doc int32, text string, words []shingle.Word) []unitRef {
	a.lines = appendLines(a.lines[:0], text)
	w := 0
	for _, u := range a.lines {
		for w < len(words) && int(words[w].Start) < u.Start {
			w++
		}
		// One pass finds the line's words and hashes them; a short line,
		// keyed by its shape, takes a second.
		n, key := lineKey(words[w:], uint32(u.End))
		if n >= 2 {
			if n < a.o.MinWords {
				key = shapeKey(text, words[w:w+n])
			}
			dst = append(dst, unitRef{key: key, doc: doc, w0: int32(w), n: int32(n)})
		}
		w += n // the next line starts after these words
	}
	return dst
}

// shapeKey is the key of a short unit: that of its shape, where words
// with a digit and month names count as one wildcard, so that "Last
// update: July 20, 2024 14:02" and "Last update: June 21, 2024 23:23" are
// recognised as one line of site furniture. lineKey gives the exact key of
// a longer unit.
func shapeKey(text string, words []shingle.Word) uint64 {
	const wildcard = 0x5bd1e9955bd1e995
	k := newUnitKeyer()
	for i, wd := range words {
		h := wd.Hash
		if isVariable(text[wd.Start:wd.End]) {
			h = wildcard
		}
		k.add(i, h)
	}
	return k.key(len(words)) ^ 1<<63 // a shape never equals an exact key
}

// lineKey returns how many words at the start of words end by end (the
// words of a line that ends there) and their exact unit key.
func lineKey(words []shingle.Word, end uint32) (int, uint64) {
	k := newUnitKeyer()
	n := 0
	for ; n < len(words) && words[n].End <= end; n++ {
		k.add(n, words[n].Hash)
	}
	return n, k.key(n)
}

// unitKeyer hashes a sequence of word hashes. Two lanes take alternate
// words, so that two chains of multiplications overlap.
type unitKeyer struct{ k0, k1 uint64 }

const unitKeyMul = 0x9E3779B185EBCA87

func newUnitKeyer() unitKeyer { return unitKeyer{0x9ae16a3b2f90404f, 0x2545F4914F6CDD1D} }

// add folds in the hash of word i.
func (k *unitKeyer) add(i int, h uint64) {
	if i&1 == 0 {
		k.k0 = (k.k0 ^ h) * unitKeyMul
		k.k0 ^= k.k0 >> 29
	} else {
		k.k1 = (k.k1 ^ h) * unitKeyMul
		k.k1 ^= k.k1 >> 29
	}
}

// key returns the key of the n words added, never zero.
func (k *unitKeyer) key(n int) uint64 {
	key := (k.k0 ^ k.k1*unitKeyMul ^ uint64(n)) * unitKeyMul
	key ^= key >> 29
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
	// Most words cannot be a month by their first letter; a non-ASCII
	// first rune may still fold to one ("ſep"), so it takes the long way.
	if c := w[0]; c < 0x80 {
		switch c | 0x20 {
		case 'j', 'f', 'm', 'a', 's', 'o', 'n', 'd':
		default:
			return false
		}
	}
	// An ASCII word equals a month, ignoring case, when its bytes with bit
	// 5 set do: that lower-cases letters and turns no other byte into one.
	var key monthKey
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= 0x80 {
			for _, m := range months {
				if strings.EqualFold(w, m) {
					return true
				}
			}
			return false
		}
		key[i] = c | 0x20
	}
	for _, m := range monthKeys {
		if m == key {
			return true
		}
	}
	return false
}

// monthKey is a month name of at most nine letters, in lower case, padded
// with zeros.
type monthKey [9]byte

var monthKeys = func() (keys [24]monthKey) {
	for i, m := range months {
		copy(keys[i][:], m)
	}
	return keys
}()

// appendShingles appends the shingles of a tokenised document, leaving out
// those that touch a masked word (boilerplate).
func (a *analyzer) appendShingles(dst []shingle.Shingle, text string, words []shingle.Word, masked []wordRange) []shingle.Shingle {
	start := len(dst)
	switch a.o.Stopwords {
	case StopwordsKeep:
		dst = shingle.AppendShingles(dst, words, a.o.Shingle, a.o.Seed)
	case StopwordsDrop:
		a.flags = a.stop.AppendFlags(a.flags[:0], text, words)
		a.sel = a.sel[:0]
		for i, s := range a.flags {
			if !s {
				a.sel = append(a.sel, uint32(i))
			}
		}
		dst = shingle.AppendShinglesSelected(dst, words, a.sel, a.o.Shingle, a.o.Seed)
	case StopwordsAnchor:
		a.flags = a.stop.AppendFlags(a.flags[:0], text, words)
		dst = shingle.AppendSpotSignatures(dst, words, a.flags, a.o.Shingle, a.o.Seed)
	}
	if len(masked) == 0 {
		return dst
	}
	return dst[:start+len(dropMasked(dst[start:], masked))]
}

// dropMasked removes, in place, the shingles that touch a masked word, and
// returns what is left. The shingles of every kind come in order of their
// first word and of their last, and the ranges are sorted and disjoint, so
// the shingles a range touches are one run, found by binary search; the
// runs between are moved down whole.
func dropMasked(sh []shingle.Shingle, masked []wordRange) []shingle.Shingle {
	kept, from := 0, 0
	for _, r := range masked {
		rest := sh[from:]
		lo := from + sort.Search(len(rest), func(i int) bool { return int32(rest[i].Last) >= r.w0 })
		rest = sh[lo:]
		hi := lo + sort.Search(len(rest), func(i int) bool { return int32(rest[i].First) > r.w1 })
		kept += copy(sh[kept:], sh[from:lo])
		from = hi
	}
	kept += copy(sh[kept:], sh[from:])
	return sh[:kept]
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

// keyBase is the base of the polynomial hash that keys windows. Any odd
// number keeps every single change of a shingle visible modulo 2^64;
// this one has its bits spread.
const keyBase = 0x9E3779B97F4A7C15

// keyPrefixes sets pre[i], for i in [0, len(sh)], to the polynomial hash
// of sh[:i]: the sum of sh[j].Hash·keyBase^(i-1-j). The hash of any run
// sh[lo:hi] then costs one multiplication (windowKey), so a shingle is
// hashed once however many windows hold it. pre must have room for
// len(sh)+1 values.
func keyPrefixes(pre []uint64, sh []shingle.Shingle) {
	pre = pre[:len(sh)+1]
	p := uint64(0)
	pre[0] = 0
	for j, s := range sh {
		p = p*keyBase + s.Hash
		pre[j+1] = p
	}
}

// windowKey returns the key of the window of shingles lo to hi, from the
// prefixes of its document (keyPrefixes) and pow = keyBase^(hi-lo): equal
// text, equal key. The shingle hashes are uniform 64-bit values, so two
// different runs of one length share the polynomial with probability
// about 2^-64; the length is folded in, and the result mixed so that its
// top and bottom bits are both uniform.
func windowKey(pre []uint64, lo, hi int, pow uint64) uint64 {
	k := (pre[hi] - pre[lo]*pow) ^ uint64(hi-lo)
	k ^= k >> 33
	k *= 0xff51afd7ed558ccd
	k ^= k >> 33
	k *= 0xc4ceb9fe1a85ec53
	return k ^ k>>33
}

// setBandKeys sets window at's LSH key in each band of bkeys, from its
// signature sig of rows values a band. Keys are only compared with keys of
// the same band in the same run, never stored, so they need not be
// minhash.Index's: a band's values are folded into 32 bits with a
// multiplication per pair of values, a third of the index's work. Values
// of a signature are uniform, and two different bands share a key with
// probability about 2^-32. The keys go straight to the bands, which the
// index reads one at a time.
func setBandKeys(bkeys [][]uint32, at int, sig []uint32, rows int) {
	const m0, m1 = 0x9E3779B97F4A7C15, 0xD6E8FEB86659FD93
	if rows == 4 {
		sig = sig[:4*len(bkeys)]
		for b, band := range bkeys {
			v := (*[4]uint32)(sig[4*b:])
			h := (uint64(v[0])|uint64(v[1])<<32)*m0 + (uint64(v[2])|uint64(v[3])<<32)*m1
			band[at] = uint32(h >> 32)
		}
		return
	}
	for b, band := range bkeys {
		h := uint64(0)
		for _, v := range sig[b*rows : (b+1)*rows] {
			h = (h + uint64(v)) * m0
			h ^= h >> 29
		}
		band[at] = uint32(h >> 32)
	}
}

// appendHashes appends the hashes of sh to dst.
func appendHashes(dst []uint64, sh []shingle.Shingle) []uint64 {
	n := len(dst)
	dst = slices.Grow(dst, len(sh))[:n+len(sh)]
	out := dst[n:]
	sh = sh[:len(out)]
	for i := range out {
		out[i] = sh[i].Hash
	}
	return dst
}

// appendSortedSet appends the distinct hashes of shingles sh[lo:hi] to dst,
// sorted.
func appendSortedSet(dst []uint64, sh []shingle.Shingle, lo, hi int, r *radix) []uint64 {
	start := len(dst)
	dst = appendHashes(dst, sh[lo:hi])
	return dst[:start+len(r.sortedSet(dst[start:]))]
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
