package neardup

import (
	"math/bits"
	"slices"
)

// The pipeline sorts millions of 64-bit hashes (window keys, band keys,
// pair keys) and, per aligned document, its shingle hashes. Hashes are
// uniform, so an in-place most-significant-digit radix sort (American flag
// sort) splits them into buckets of a few entries in one or two passes,
// with no second copy of the data, and insertion sort finishes each
// bucket. Entries with values are sorted by (key, value): a caller that
// passes ids in ascending order gets equal keys in id order, as a stable
// sort would give.

// smallSort is the bucket size at or below which insertion sort finishes
// the job.
const smallSort = 24

// digitBits returns the digit width for n entries: about eight entries per
// bucket, and at most 2048 buckets so that the counts stay in cache.
func digitBits(n int) uint {
	b := uint(4)
	for b < 11 && n>>(b+3) > 0 {
		b++
	}
	return b
}

// radix is scratch space for the sorts: a table of bucket counts and one
// of bucket ends per digit level (a key has at most 16 digits of 4 bits or
// more). Keep one per goroutine.
type radix struct {
	counts *[16][1 << 11]int32
	ends   *[16][1 << 11]int32
	keys   []uint64 // out-of-place scratch for short inputs
	vals   []uint32
	small  []int32 // bucket starts for short inputs
}

// shortSort is the size up to which one counting pass into scratch, with
// a bucket for every entry or so, beats sorting in place.
const shortSort = 1 << 13

func (r *radix) init() {
	if r.counts == nil {
		r.counts = new([16][1 << 11]int32)
		r.ends = new([16][1 << 11]int32)
	}
}

// keyed is a pair of parallel arrays sorted by key; vals ride along.
type keyed struct {
	keys []uint64
	vals []uint32
	r    radix
}

// sort sorts keys (with vals) by (key, val).
func (s *keyed) sort() {
	vals := s.vals[:len(s.keys)]
	if len(s.keys) <= smallSort {
		insertionKeyed(s.keys, vals)
		return
	}
	if len(s.keys) <= shortSort {
		s.r.shortKeyed(s.keys, vals)
		return
	}
	s.r.init()
	s.r.flagKeyed(s.keys, vals, 0, 0)
}

// bucketBits returns the digit width that gives n entries about one
// bucket each.
func bucketBits(n int) uint {
	b := uint(1)
	for 1<<b < n {
		b++
	}
	return b
}

// digitShift returns the shift that makes the leading width bits of the
// keys, counted from the highest bit where some keys differ (those above
// are equal in all), their digit; ok is false when all keys are equal.
func digitShift(k []uint64, width uint) (shift uint, ok bool) {
	var diff uint64
	for _, x := range k {
		diff |= x ^ k[0]
	}
	if diff == 0 {
		return 0, false
	}
	top := uint(64 - bits.LeadingZeros64(diff)) // bits in use below the equal ones
	if top < width {
		return 0, true
	}
	return top - width, true
}

// shortKeyed sorts a short input by its leading differing bits into
// scratch, stably, then finishes each bucket, most of them one or two
// entries long, by insertion.
func (r *radix) shortKeyed(k []uint64, v []uint32) {
	n := len(k)
	nb := bucketBits(n)
	shift, ok := digitShift(k, nb)
	if !ok {
		slices.Sort(v) // equal keys: order by value
		return
	}
	mask := uint64(1)<<nb - 1
	r.keys = slices.Grow(r.keys[:0], n)[:n]
	r.vals = slices.Grow(r.vals[:0], n)[:n]
	r.small = slices.Grow(r.small[:0], 1<<nb+1)[:1<<nb+1]
	start := r.small
	clear(start)
	for _, x := range k {
		start[x>>shift&mask+1]++
	}
	for d := 1; d < len(start); d++ {
		start[d] += start[d-1]
	}
	tk, tv := r.keys, r.vals
	for i, x := range k {
		d := x >> shift & mask
		p := start[d]
		start[d] = p + 1
		tk[p], tv[p] = x, v[i]
	}
	copy(k, tk)
	copy(v, tv)
	// start[d] is now the end of bucket d.
	lo := int32(0)
	for _, hi := range start[:1<<nb] {
		if hi-lo > 1 {
			insertionKeyed(k[lo:hi], v[lo:hi])
		}
		lo = hi
	}
}

// flagKeyed sorts k (with v) in place by the bits of the keys after the
// first used ones, which are all equal; level is the depth of the call.
func (r *radix) flagKeyed(k []uint64, v []uint32, used uint, level int) {
	for {
		n := len(k)
		if n <= smallSort {
			insertionKeyed(k, v)
			return
		}
		if used >= 64 {
			slices.Sort(v) // equal keys: order by value
			return
		}
		bits := min(digitBits(n), 64-used)
		shift := 64 - bits
		count := r.counts[level][:1<<bits]
		end := r.ends[level][:1<<bits]
		clear(count)
		for _, x := range k {
			count[x<<used>>shift]++
		}
		if int(count[k[0]<<used>>shift]) == n {
			used += bits
			continue
		}
		// count becomes each bucket's next free place; end its end.
		sum := int32(0)
		for d, c := range count {
			count[d] = sum
			sum += c
			end[d] = sum
		}
		for d := range count {
			for i := count[d]; i < end[d]; i = count[d] {
				x := k[i]
				dx := x << used >> shift
				if int(dx) == d {
					count[d]++
					continue
				}
				// Send the entry to its bucket; look again at what came
				// back.
				j := count[dx]
				count[dx]++
				k[i], k[j] = k[j], x
				v[i], v[j] = v[j], v[i]
			}
		}
		lo := int32(0)
		for d := range end {
			hi := end[d]
			if hi-lo > 1 {
				r.flagKeyed(k[lo:hi], v[lo:hi], used+bits, level+1)
			}
			lo = hi
		}
		return
	}
}

func insertionKeyed(keys []uint64, vals []uint32) {
	vals = vals[:len(keys)]
	for i := 1; i < len(keys); i++ {
		k, v := keys[i], vals[i]
		j := i
		for ; j > 0 && (keys[j-1] > k || keys[j-1] == k && vals[j-1] > v); j-- {
			keys[j], vals[j] = keys[j-1], vals[j-1]
		}
		keys[j], vals[j] = k, v
	}
}

// sortedSet sorts xs and drops repeats, in place.
func (r *radix) sortedSet(xs []uint64) []uint64 {
	r.sortUint64s(xs)
	return slices.Compact(xs)
}

// sortUint64s sorts xs in place.
func (r *radix) sortUint64s(xs []uint64) {
	if len(xs) <= smallSort {
		insertionUint64s(xs)
		return
	}
	if len(xs) <= shortSort {
		r.shortUint64s(xs)
		return
	}
	r.init()
	r.flagUint64s(xs, 0, 0)
}

// shortUint64s is shortKeyed without values.
func (r *radix) shortUint64s(k []uint64) {
	n := len(k)
	nb := bucketBits(n)
	shift, ok := digitShift(k, nb)
	if !ok {
		return
	}
	mask := uint64(1)<<nb - 1
	r.keys = slices.Grow(r.keys[:0], n)[:n]
	r.small = slices.Grow(r.small[:0], 1<<nb+1)[:1<<nb+1]
	start := r.small
	clear(start)
	for _, x := range k {
		start[x>>shift&mask+1]++
	}
	for d := 1; d < len(start); d++ {
		start[d] += start[d-1]
	}
	tk := r.keys
	for _, x := range k {
		d := x >> shift & mask
		tk[start[d]] = x
		start[d]++
	}
	copy(k, tk)
	lo := int32(0)
	for _, hi := range start[:1<<nb] {
		if hi-lo > 1 {
			insertionUint64s(k[lo:hi])
		}
		lo = hi
	}
}

func (r *radix) flagUint64s(k []uint64, used uint, level int) {
	for {
		n := len(k)
		if n <= smallSort {
			insertionUint64s(k)
			return
		}
		if used >= 64 {
			return
		}
		bits := min(digitBits(n), 64-used)
		shift := 64 - bits
		count := r.counts[level][:1<<bits]
		end := r.ends[level][:1<<bits]
		clear(count)
		for _, x := range k {
			count[x<<used>>shift]++
		}
		if int(count[k[0]<<used>>shift]) == n {
			used += bits
			continue
		}
		sum := int32(0)
		for d, c := range count {
			count[d] = sum
			sum += c
			end[d] = sum
		}
		for d := range count {
			for i := count[d]; i < end[d]; i = count[d] {
				x := k[i]
				dx := x << used >> shift
				if int(dx) == d {
					count[d]++
					continue
				}
				j := count[dx]
				count[dx]++
				k[i], k[j] = k[j], x
			}
		}
		lo := int32(0)
		for d := range end {
			hi := end[d]
			if hi-lo > 1 {
				r.flagUint64s(k[lo:hi], used+bits, level+1)
			}
			lo = hi
		}
		return
	}
}

func insertionUint64s(xs []uint64) {
	for i := 1; i < len(xs); i++ {
		x := xs[i]
		j := i
		for ; j > 0 && xs[j-1] > x; j-- {
			xs[j] = xs[j-1]
		}
		xs[j] = x
	}
}
