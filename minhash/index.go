package minhash

import (
	"fmt"
	"slices"
)

// Pair is a candidate pair of ids, with A < B.
type Pair struct{ A, B uint32 }

// Index is an LSH index over signatures: each added signature contributes
// one 64-bit key per band (a hash of the band's values and its number), and
// two signatures are candidates when they share a key. Keys and ids live in
// two flat parallel arrays, 12 bytes per band per signature, sorted by
// (key, id), so a bucket is a run of equal keys whose ids ascend.
//
// Add appends unsorted entries; Build sorts them in. AppendQuery,
// AppendPairs and WriteTo call Build themselves when entries are pending,
// which writes to the index: Add, Build and any call made while entries
// are pending must not run concurrently with other calls. Once Build has
// run after the last Add, AppendQuery, AppendPairs, WriteTo, Validate and
// SizeBytes may be called from many goroutines at once.
//
// The zero value is an empty index without a band layout: it can be read
// into with ReadFrom and queried (it has no candidates), but Add panics on
// it; use NewIndex to build one.
type Index struct {
	bands, rows int
	keys        []uint64
	ids         []uint32
	sorted      int // keys[:sorted] and ids[:sorted] are sorted by (key, id), without repeats
}

// NewIndex returns an empty index of the given layout (see Bands). Both must
// be at least 1 and bands·rows at most MaxSize.
func NewIndex(bands, rows int) (*Index, error) {
	if err := checkLayout(bands, rows); err != nil {
		return nil, err
	}
	return &Index{bands: bands, rows: rows}, nil
}

func checkLayout(bands, rows int) error {
	if bands < 1 || rows < 1 || bands > MaxSize || rows > MaxSize || bands*rows > MaxSize {
		return fmt.Errorf("%w: %d bands of %d rows: each must be at least 1 and their product at most %d", ErrInvalidSize, bands, rows, MaxSize)
	}
	return nil
}

// Bands returns the number of bands.
func (x *Index) Bands() int { return x.bands }

// Rows returns the number of signature values per band.
func (x *Index) Rows() int { return x.rows }

// Entries returns the number of (key, id) entries, one per band per indexed
// signature once built (an id added twice with the same signature counts
// once after Build).
func (x *Index) Entries() int { return len(x.keys) }

// SizeBytes returns the memory held by the index's arrays, counting their
// capacity: 12 bytes per band per indexed signature (168 bytes for the
// 14 bands DefaultBands picks at threshold 0.5 and k = 64), plus whatever
// slack appending left (none after Grow with the right count).
func (x *Index) SizeBytes() int {
	return 8*cap(x.keys) + 4*cap(x.ids)
}

// Grow reserves room for n more signatures, so that n calls to Add
// allocate nothing and leave no slack.
func (x *Index) Grow(n int) {
	x.keys = slices.Grow(x.keys, n*x.bands)
	x.ids = slices.Grow(x.ids, n*x.bands)
}

// bandKey hashes one band's values together with its number. Each step is
// a bijection of the running state for a fixed prefix, so two bands that
// differ in a single word never collide. It is part of the index format.
func bandKey(band int, vals []uint32) uint64 {
	h := uint64(band+1) * 0x9e3779b97f4a7c15
	for len(vals) >= 2 {
		h = (h ^ (uint64(vals[0]) | uint64(vals[1])<<32)) * 0xd6e8feb86659fd93
		h ^= h >> 32
		vals = vals[2:]
	}
	if len(vals) == 1 {
		h = (h ^ uint64(vals[0])) * 0xd6e8feb86659fd93
		h ^= h >> 32
	}
	return mix64(h)
}

// AppendKeys appends the band keys of sig to dst, in band order: the keys
// Add would store. Pipelines that shard by key use it. It panics if sig is
// shorter than bands·rows.
func (x *Index) AppendKeys(dst []uint64, sig Signature) []uint64 {
	x.checkSig(sig)
	r := x.rows
	if r == 4 {
		// The usual layout, with bandKey's two steps written out so that
		// the bands' multiplications overlap instead of waiting on a call.
		for b := range x.bands {
			v := (*[4]uint32)(sig[4*b:])
			h := uint64(b+1) * 0x9e3779b97f4a7c15
			h = (h ^ (uint64(v[0]) | uint64(v[1])<<32)) * 0xd6e8feb86659fd93
			h ^= h >> 32
			h = (h ^ (uint64(v[2]) | uint64(v[3])<<32)) * 0xd6e8feb86659fd93
			h ^= h >> 32
			dst = append(dst, mix64(h))
		}
		return dst
	}
	for b := range x.bands {
		dst = append(dst, bandKey(b, sig[b*r:(b+1)*r]))
	}
	return dst
}

func (x *Index) checkSig(sig Signature) {
	if x.bands == 0 {
		panic("minhash: Index has no band layout; make it with NewIndex")
	}
	if len(sig) < x.bands*x.rows {
		panic(fmt.Sprintf("minhash: signature of %d values is shorter than %d bands of %d rows", len(sig), x.bands, x.rows))
	}
}

// Add indexes sig under id. Signatures of empty sets are skipped: they
// carry nothing to match, and indexing them would make every empty window a
// candidate of every other. Values past bands·rows are ignored; a shorter
// signature panics. Ids are the caller's (a window number, say); adding an
// id again adds its new keys, and repeated (key, id) entries are merged by
// Build.
func (x *Index) Add(id uint32, sig Signature) {
	x.checkSig(sig)
	if sig.IsEmpty() {
		return
	}
	r := x.rows
	for b := range x.bands {
		x.keys = append(x.keys, bandKey(b, sig[b*r:(b+1)*r]))
		x.ids = append(x.ids, id)
	}
}

// Build sorts the entries added since the last Build into the queryable
// form. Its cost is a radix sort of the new entries plus a linear merge
// with the old ones, which takes a temporary copy of the new entries.
func (x *Index) Build() {
	n := len(x.keys)
	if x.sorted == n {
		return
	}
	tk, ti := x.keys[x.sorted:], x.ids[x.sorted:]
	sortEntries(tk, ti)
	m := dedupEntries(tk, ti)
	if x.sorted > 0 {
		mergeEntries(x.keys[:x.sorted+m], x.ids[:x.sorted+m], x.sorted)
		m = dedupEntries(x.keys[:x.sorted+m], x.ids[:x.sorted+m]) - x.sorted
	}
	x.keys = x.keys[:x.sorted+m]
	x.ids = x.ids[:x.sorted+m]
	x.sorted = len(x.keys)
}

// dedupEntries drops repeated (key, id) entries from sorted arrays and
// returns the new length.
func dedupEntries(keys []uint64, ids []uint32) int {
	if len(keys) == 0 {
		return 0
	}
	ids = ids[:len(keys)]
	w := 1
	for i := 1; i < len(keys); i++ {
		if keys[i] != keys[w-1] || ids[i] != ids[w-1] {
			keys[w], ids[w] = keys[i], ids[i]
			w++
		}
	}
	return w
}

// mergeEntries merges the sorted runs [0, mid) and [mid, len) in place,
// copying the second run aside and filling from the back.
func mergeEntries(keys []uint64, ids []uint32, mid int) {
	tk := slices.Clone(keys[mid:])
	ti := slices.Clone(ids[mid:len(keys)])
	i, j := mid-1, len(tk)-1
	for w := len(keys) - 1; j >= 0; w-- {
		if i >= 0 && (keys[i] > tk[j] || keys[i] == tk[j] && ids[i] > ti[j]) {
			keys[w], ids[w] = keys[i], ids[i]
			i--
		} else {
			keys[w], ids[w] = tk[j], ti[j]
			j--
		}
	}
}

// AppendQuery appends to dst the ids of the indexed signatures that share
// at least one band bucket with sig, ascending and without repeats, and
// returns the extended slice. A repeated passage makes a big bucket, and
// all of its ids are returned. It allocates nothing when dst has room. An
// empty signature has no candidates.
func (x *Index) AppendQuery(dst []uint32, sig Signature) []uint32 {
	if x.bands == 0 {
		return dst
	}
	x.checkSig(sig)
	if sig.IsEmpty() {
		return dst
	}
	x.Build()
	start := len(dst)
	keys, ids := x.keys, x.ids[:len(x.keys)]
	r := x.rows
	for b := range x.bands {
		key := bandKey(b, sig[b*r:(b+1)*r])
		i, _ := slices.BinarySearch(keys, key)
		for ; i < len(keys) && keys[i] == key; i++ {
			dst = append(dst, ids[i])
		}
	}
	got := dst[start:]
	slices.Sort(got)
	return dst[:start+len(slices.Compact(got))]
}

// compactPairs is how many pairs AppendPairs gathers before it first sorts
// and merges repeats; later rounds wait for the output to double. This
// bounds the memory of a pair reported by many bands at a small multiple of
// the final output rather than bands times it.
const compactPairs = 1 << 20

// AppendPairs appends to dst every pair of ids that share at least one band
// bucket, sorted by (A, B) and without repeats, and returns the extended
// slice. The result depends only on the set of entries added, never on
// their order.
//
// Each id in a bucket is paired with at most maxBucket ids, those just
// before it in id order; maxBucket < 1 means no limit. A bucket of n ≤
// maxBucket+1 ids thus yields all n(n-1)/2 pairs, while a passage repeated
// in 100,000 windows yields about 100,000·maxBucket pairs instead of 5·10⁹:
// its copies are still chained together, which is all a caller that joins
// candidates into families needs, in time proportional to the number of
// copies. It allocates nothing when dst has room for the pairs (and their
// repeats across bands).
func (x *Index) AppendPairs(dst []Pair, maxBucket int) []Pair {
	x.Build()
	start := len(dst)
	next := start + compactPairs
	keys, ids := x.keys, x.ids[:len(x.keys)]
	for i := 0; i < len(keys); {
		j := i + 1
		for j < len(keys) && keys[j] == keys[i] {
			j++
		}
		run := ids[i:j]
		for p := 1; p < len(run); p++ {
			lo := 0
			if maxBucket > 0 {
				lo = max(0, p-maxBucket)
			}
			b := run[p]
			for _, a := range run[lo:p] {
				dst = append(dst, Pair{a, b})
			}
		}
		if len(dst) >= next {
			dst = compact(dst, start)
			next = start + max(2*(len(dst)-start), compactPairs)
		}
		i = j
	}
	return compact(dst, start)
}

// compact sorts dst[start:] and drops repeats.
func compact(dst []Pair, start int) []Pair {
	sortPairs(dst[start:])
	return dst[:start+len(slices.Compact(dst[start:]))]
}

// Validate checks the index's invariants: a valid layout (or the zero
// value's none, with no entries), parallel arrays of equal length, and
// built entries strictly increasing by (key, id). Errors wrap ErrBadFormat.
func (x *Index) Validate() error {
	if x.bands == 0 && x.rows == 0 {
		if len(x.keys) != 0 || len(x.ids) != 0 || x.sorted != 0 {
			return fmt.Errorf("%w: index without a band layout holds %d entries", ErrBadFormat, len(x.keys))
		}
		return nil
	}
	if err := checkLayout(x.bands, x.rows); err != nil {
		return fmt.Errorf("%w: %w", ErrBadFormat, err)
	}
	if len(x.keys) != len(x.ids) {
		return fmt.Errorf("%w: %d keys but %d ids", ErrBadFormat, len(x.keys), len(x.ids))
	}
	if x.sorted < 0 || x.sorted > len(x.keys) {
		return fmt.Errorf("%w: %d sorted entries out of %d", ErrBadFormat, x.sorted, len(x.keys))
	}
	for i := 1; i < x.sorted; i++ {
		if x.keys[i] < x.keys[i-1] || x.keys[i] == x.keys[i-1] && x.ids[i] <= x.ids[i-1] {
			return fmt.Errorf("%w: entry %d (key %#x, id %d) does not follow entry %d (key %#x, id %d)",
				ErrBadFormat, i, x.keys[i], x.ids[i], i-1, x.keys[i-1], x.ids[i-1])
		}
	}
	return nil
}
