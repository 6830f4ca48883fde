package minhash

import "slices"

// The index sorts hundreds of millions of entries; an in-place MSD radix
// sort (American flag sort) does it in a few linear passes over uniformly
// distributed keys, without the extra copy an LSD sort needs and without a
// comparison function call per step.

// insertionMax is the size below which insertion sort beats another radix
// pass.
const insertionMax = 48

// sortEntries sorts the parallel arrays keys and ids by (key, id).
func sortEntries(keys []uint64, ids []uint32) {
	radixEntries(keys, ids[:len(keys)], 56)
}

func radixEntries(keys []uint64, ids []uint32, shift uint) {
	for {
		n := len(keys)
		ids = ids[:n]
		if n <= insertionMax {
			insertionEntries(keys, ids)
			return
		}
		var count [256]int
		for _, k := range keys {
			count[byte(k>>shift)]++
		}
		if count[byte(keys[0]>>shift)] == n {
			// Every key shares this byte: go straight to the next one.
			if shift == 0 {
				slices.Sort(ids)
				return
			}
			shift -= 8
			continue
		}
		var next, end [256]int
		sum := 0
		for d, c := range count {
			next[d] = sum
			sum += c
			end[d] = sum
		}
		permuteEntries(keys, ids, shift, &next, &end)
		lo := 0
		for _, c := range count {
			if c > 1 {
				if shift == 0 {
					// Equal keys: order by id.
					slices.Sort(ids[lo : lo+c])
				} else {
					radixEntries(keys[lo:lo+c], ids[lo:lo+c], shift-8)
				}
			}
			lo += c
		}
		return
	}
}

// permuteEntries moves every entry into the bucket of its digit; bucket d
// spans [next[d], end[d]) on entry. Rather than chase one cycle of swaps at
// a time (each swap waiting for the load of the last), it sweeps every
// bucket's unplaced region and sends each entry straight to the next free
// slot of its bucket, taking back an unplaced one. Each swap places one
// entry for good and the loads of a sweep are independent, so the memory
// system can overlap them; sweeps repeat until nothing is left, which
// takes a few rounds of geometrically shrinking work.
func permuteEntries(keys []uint64, ids []uint32, shift uint, next, end *[256]int) {
	ids = ids[:len(keys)]
	for left := true; left; {
		left = false
		for d := range 256 {
			e := end[d]
			for i := next[d]; i < e; i++ {
				j := next[byte(keys[i]>>shift)]
				next[byte(keys[i]>>shift)]++
				keys[i], keys[j] = keys[j], keys[i]
				ids[i], ids[j] = ids[j], ids[i]
			}
			left = left || next[d] < e
		}
	}
}

// permutePairs is permuteEntries for pairs.
func permutePairs(ps []Pair, shift uint, next, end *[256]int) {
	for left := true; left; {
		left = false
		for d := range 256 {
			e := end[d]
			for i := next[d]; i < e; i++ {
				t := byte(pairKey(ps[i]) >> shift)
				j := next[t]
				next[t]++
				ps[i], ps[j] = ps[j], ps[i]
			}
			left = left || next[d] < e
		}
	}
}

func insertionEntries(keys []uint64, ids []uint32) {
	ids = ids[:len(keys)]
	for i := 1; i < len(keys); i++ {
		k, id := keys[i], ids[i]
		j := i
		for ; j > 0 && (keys[j-1] > k || keys[j-1] == k && ids[j-1] > id); j-- {
			keys[j], ids[j] = keys[j-1], ids[j-1]
		}
		keys[j], ids[j] = k, id
	}
}

// pairKey orders pairs by (A, B).
func pairKey(p Pair) uint64 { return uint64(p.A)<<32 | uint64(p.B) }

// sortPairs sorts pairs by (A, B).
func sortPairs(ps []Pair) { radixPairs(ps, 56) }

func radixPairs(ps []Pair, shift uint) {
	for {
		n := len(ps)
		if n <= insertionMax {
			insertionPairs(ps)
			return
		}
		var count [256]int
		for _, p := range ps {
			count[byte(pairKey(p)>>shift)]++
		}
		if count[byte(pairKey(ps[0])>>shift)] == n {
			if shift == 0 {
				return // all equal
			}
			shift -= 8
			continue
		}
		var next, end [256]int
		sum := 0
		for d, c := range count {
			next[d] = sum
			sum += c
			end[d] = sum
		}
		permutePairs(ps, shift, &next, &end)
		if shift == 0 {
			return
		}
		lo := 0
		for _, c := range count {
			if c > 1 {
				radixPairs(ps[lo:lo+c], shift-8)
			}
			lo += c
		}
		return
	}
}

func insertionPairs(ps []Pair) {
	for i := 1; i < len(ps); i++ {
		p := ps[i]
		k := pairKey(p)
		j := i
		for ; j > 0 && pairKey(ps[j-1]) > k; j-- {
			ps[j] = ps[j-1]
		}
		ps[j] = p
	}
}
