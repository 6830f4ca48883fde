package neardup

import (
	"slices"

	"github.com/neardup/neardup/shingle"
)

// match is a shingle shared by two documents: its index in each.
type match struct{ i, j int32 }

// chain is a run of matches that keep their order in both documents with
// gaps no wider than the bridge: an aligned region while it is being
// built. Its matches are gathered afterwards (owner); the chain itself
// only needs where it has reached.
type chain struct {
	a1, b1 int32 // last shingle index in document A and in document B
}

// alignment is an aligned region of two documents, in word indices
// (inclusive). Its similarity was checked here; the report measures each
// passage against its family's canonical text instead.
type alignment struct {
	a, b     int32 // document indices
	aw0, aw1 int32
	bw0, bw1 int32
}

// aligner holds one worker's scratch buffers for aligning document pairs.
type aligner struct {
	o       Options
	heldA   int32 // document whose shingles tab indexes, +1 (0: none)
	tab     hashTable
	matches []match
	open    []int32 // chains a later match may still continue, in order of id
	ends    []chain // where each chain has reached
	owner   []int32 // chain of each match
	pred    []int32 // each match's diagonal predecessor
	start   []int32 // first match of each chain in byChain
	byChain []match
	fill    []int32
	r       radix
}

// maxRun bounds the matches one hash may produce in a pair: a shingle that
// repeats many times in both documents says nothing about where they align.
const maxRun = 16

// bridge is the widest gap, in shingles, that an aligned region may jump:
// a long sentence or two, so that a copy with an added, dropped or
// rewritten sentence stays one passage.
func (al *aligner) bridge() int32 { return int32(2 * al.o.Window) }

// minMatches is the fewest shared shingles that make a passage: as many as
// a verbatim copy of MinWords words has.
func (al *aligner) minMatches() int32 {
	return max(int32(al.o.MinWords-al.o.Shingle+1), 2)
}

// align finds the regions documents a and b share and appends them to dst.
func (al *aligner) align(dst []alignment, ai, bi int32, a, b docView) []alignment {
	// Pairs come grouped by their first document: its table serves the
	// whole group.
	if al.heldA != ai+1 {
		al.tab.index(a.sh)
		al.heldA = ai + 1
	}
	al.matches = al.tab.appendMatches(al.matches[:0], b.sh)
	if len(al.matches) == 0 {
		return dst
	}
	al.chainMatches()
	nchains := int32(len(al.ends))

	// Gather each chain's matches, in order, to trim its ends.
	al.start = slices.Grow(al.start[:0], int(nchains)+1)[:nchains+1]
	clear(al.start)
	for _, ci := range al.owner {
		al.start[ci+1]++
	}
	for ci := range nchains {
		al.start[ci+1] += al.start[ci]
	}
	al.byChain = slices.Grow(al.byChain[:0], len(al.matches))[:len(al.matches)]
	al.fill = append(al.fill[:0], al.start[:nchains]...)
	fill := al.fill
	for mi, ci := range al.owner {
		al.byChain[fill[ci]] = al.matches[mi]
		fill[ci]++
	}

	minWords := int32(al.o.MinWords)
	for ci := range nchains {
		ms := trimEnds(al.byChain[al.start[ci]:al.start[ci+1]], int32(al.o.Shingle))
		if int32(len(ms)) < al.minMatches() {
			continue
		}
		first, last := ms[0], ms[len(ms)-1]
		aw0, aw1 := int32(a.sh[first.i].First), int32(a.sh[last.i].Last)
		bw0, bw1 := int32(b.sh[first.j].First), int32(b.sh[last.j].Last)
		if aw1-aw0+1 < minWords || bw1-bw0+1 < minWords {
			continue
		}
		if al.tab.similarity(int(first.i), int(last.i)+1, b.sh, int(first.j), int(last.j)+1, &al.r) < al.minSimilarity() {
			continue
		}
		dst = append(dst, alignment{a: ai, b: bi, aw0: aw0, aw1: aw1, bw0: bw0, bw1: bw1})
	}
	return dst
}

// chainMatches sorts al.matches into chains: each match joins the open
// chain it continues most closely (the least score, the oldest chain on a
// tie), or opens a new one. It sets al.owner, each match's chain, and
// al.ends, each chain's last match. A chain closes for good once the
// matches (in order of i) have moved more than the bridge past its end.
//
// Most matches of a copied passage follow a match on the diagonal,
// (i-1, j-1): that match is still the end of its chain (no match since
// can have continued it: they have i-1, or i and a smaller j), and its
// chain scores 2, which no other can (its end would be the same match).
// Such matches join it without looking through the open chains, and
// closed chains are dropped only when the open chains are looked through.
func (al *aligner) chainMatches() {
	ms := al.matches
	gap := al.bridge()
	pred := al.diagonalPredecessors()
	open, ends := al.open[:0], al.ends[:0]
	owner := slices.Grow(al.owner[:0], len(ms))[:len(ms)]
	for mi, m := range ms {
		if p := pred[mi]; p >= 0 && gap >= 1 {
			id := owner[p]
			ends[id] = chain{a1: m.i, b1: m.j}
			owner[mi] = id
			continue
		}
		best, keep := nearestChain(open, ends, m, gap)
		open = open[:keep]
		if best >= 0 {
			ends[best] = chain{a1: m.i, b1: m.j}
			owner[mi] = best
		} else {
			owner[mi] = int32(len(ends))
			open = append(open, int32(len(ends)))
			ends = append(ends, chain{a1: m.i, b1: m.j})
		}
	}
	al.open, al.ends, al.owner = open, ends, owner
}

// diagonalPredecessors returns, for each match (i, j), the index of
// match (i-1, j-1), or -1 when there is none.
func (al *aligner) diagonalPredecessors() []int32 {
	ms := al.matches
	pred := slices.Grow(al.pred[:0], len(ms))[:len(ms)]
	// The previous row of matches is ms[prevLo:prevHi] when its i is one
	// less than the current row's; cur walks it along the current row.
	rowStart, prevLo, prevHi, cur := 0, 0, 0, 0
	for mi, m := range ms {
		if mi > 0 && m.i != ms[mi-1].i {
			prevLo, prevHi = 0, 0
			if ms[mi-1].i == m.i-1 {
				prevLo, prevHi = rowStart, mi
			}
			rowStart, cur = mi, prevLo
		}
		for cur < prevHi && ms[cur].j < m.j-1 {
			cur++
		}
		pred[mi] = -1
		if cur < prevHi && ms[cur].j == m.j-1 {
			pred[mi] = int32(cur)
		}
	}
	al.pred = pred
	return pred
}

// nearestChain returns the open chain that match m continues most
// closely, -1 for none, and moves the chains still open to the front of
// open, returning their number. A chain continues to m when m is past
// its end by at most the bridge in both documents; the closest is the
// one with the least farther distance of the two, the oldest on a tie.
// The loop has no branch that depends on the data: the chains mostly
// come in no useful order, and mispredictions would cost more than the
// work.
func nearestChain(open []int32, ends []chain, m match, gap int32) (best int32, keep int) {
	// With di and dj both in [1, gap], max(di-1, dj-1) orders the chains
	// as the farther distance does; as unsigned numbers, a distance out
	// of the range makes it gap or more, which never wins.
	best, bestScore := int32(-1), uint32(gap)
	for _, id := range open {
		c := ends[id]
		di, dj := m.i-c.a1, m.j-c.b1
		open[keep] = id
		if di <= gap {
			keep++
		}
		if score := max(uint32(di-1), uint32(dj-1)); score < bestScore {
			best, bestScore = id, score
		}
	}
	return best, keep
}

// trimEnds drops what should not start or end a region: a lone match
// (a region begins and ends on at least two consecutive shared shingles),
// and a small island of matches far from the rest, which is a common phrase
// that happens to follow the passage ("the Ministry of Foreign Affairs"),
// not part of it. An island is a run of matches with no gap wider than one
// edited word; it is dropped when the gap beyond it is more than
// islandReach times the words it covers.
func trimEnds(ms []match, k int32) []match {
	adjacent := func(x, y match) bool { return y.i == x.i+1 && y.j == x.j+1 }
	for len(ms) >= 2 && !adjacent(ms[0], ms[1]) {
		ms = ms[1:]
	}
	for len(ms) >= 2 && !adjacent(ms[len(ms)-2], ms[len(ms)-1]) {
		ms = ms[:len(ms)-1]
	}
	if len(ms) < 2 {
		return nil
	}
	near := func(x, y match) bool { return y.i-x.i <= k+1 && y.j-x.j <= k+1 }
	for {
		// The first island ends at e.
		e := 1
		for e < len(ms) && near(ms[e-1], ms[e]) {
			e++
		}
		if e == len(ms) {
			return ms // one island
		}
		gap := max(ms[e].i-ms[e-1].i, ms[e].j-ms[e-1].j)
		if gap <= islandReach*(ms[e-1].i-ms[0].i+k) {
			break
		}
		ms = ms[e:]
	}
	for {
		s := len(ms) - 1
		for s > 0 && near(ms[s-1], ms[s]) {
			s--
		}
		if s == 0 {
			return ms
		}
		gap := max(ms[s].i-ms[s-1].i, ms[s].j-ms[s-1].j)
		if gap <= islandReach*(ms[len(ms)-1].i-ms[s].i+k) {
			return ms
		}
		ms = ms[:s]
	}
}

// islandReach is how far, in multiples of its own length, an island of
// matches may lie from the rest of its region.
const islandReach = 4

// minSimilarity is the lowest Jaccard similarity of an aligned region's two
// sides: below it, a region is a string of common phrases ("the 44-day war
// between Armenia and Azerbaijan") rather than a reused passage. It sits a
// little below the window threshold because a region's ends are trimmed to
// what matches, while a window takes what comes.
func (al *aligner) minSimilarity() float64 { return 0.8 * al.o.Threshold }

func abs32(x int32) int32 {
	if x < 0 {
		return -x
	}
	return x
}

// hashTable indexes the shingle hashes of one document (A) so that each
// document paired with it is matched in one pass over each side, with the
// matches coming out in (i, j) order: no sorting per pair. Each distinct
// hash of A gets an id; id n (the number of distinct hashes) stands for
// every hash A lacks, so that the passes over B need no branch on it.
type hashTable struct {
	// Open addressing over the hashes, kept a quarter full, so that a
	// lookup mostly settles on its first slot: keys holds the hash in each
	// slot (0 for empty; hash 0 has its id in zero), ids its id.
	keys   []uint64
	ids    []int32
	zero   int32
	shift  uint    // 64 - log2(len(keys))
	n      int32   // distinct hashes
	countA []int32 // occurrences of each id in A
	idA    []int32 // id of each shingle of A
	countB []int32 // occurrences of each id in B (n: of the hashes A lacks)
	endB   []int32 // end of each id's positions in posB
	idB    []int32 // id of each shingle of B
	posB   []int32 // B's positions of each id, grouped by id, ascending
	// similarity's marks: seenA[id] (seenB[id]) is gen when the id is
	// in the current region of A (B); other holds the region of B's
	// hashes that A lacks.
	seenA, seenB []uint32
	gen          uint32
	other        []uint64
}

// hashMul spreads a hash over the table's slots (Fibonacci hashing).
const hashMul = 0x9E3779B97F4A7C15

// index makes the table for the shingles of A.
func (t *hashTable) index(sh []shingle.Shingle) {
	size, shift := 8, uint(61)
	for size < 4*len(sh) {
		size, shift = size*2, shift-1
	}
	t.keys = slices.Grow(t.keys[:0], size)[:size]
	clear(t.keys)
	t.ids = slices.Grow(t.ids[:0], size)[:size]
	t.shift = shift
	t.countA = t.countA[:0]
	t.idA = slices.Grow(t.idA[:0], len(sh))[:len(sh)]
	t.zero = -1
	mask := size - 1
	n := int32(0)
	for i := range sh {
		h := sh[i].Hash
		var id int32
		if h == 0 {
			if t.zero < 0 {
				t.zero, n = n, n+1
				t.countA = append(t.countA, 0)
			}
			id = t.zero
		} else {
			s := int((h * hashMul) >> shift)
			for t.keys[s] != 0 && t.keys[s] != h {
				s = (s + 1) & mask
			}
			if t.keys[s] == 0 {
				t.keys[s], t.ids[s] = h, n
				n++
				t.countA = append(t.countA, 0)
			}
			id = t.ids[s]
		}
		t.countA[id]++
		t.idA[i] = id
	}
	t.n = n
	if t.zero < 0 {
		t.zero = n // hash 0 is one A lacks
	}
	t.countB = slices.Grow(t.countB[:0], int(n)+1)[:n+1]
	clear(t.countB)
	t.endB = slices.Grow(t.endB[:0], int(n)+1)[:n+1]
	// Marks left from other tables are older than any gen to come.
	t.seenA = slices.Grow(t.seenA[:0], int(n))[:n]
	t.seenB = slices.Grow(t.seenB[:0], int(n))[:n]
}

// lookup returns the id of hash h: n when A lacks it.
func (t *hashTable) lookup(h uint64) int32 {
	if h == 0 {
		return t.zero
	}
	mask := len(t.keys) - 1
	s := int((h * hashMul) >> t.shift)
	for {
		k := t.keys[s]
		if k == h {
			return t.ids[s]
		}
		if k == 0 {
			return t.n
		}
		s = (s + 1) & mask
	}
}

// similarity returns the Jaccard similarity of the shingle sets of A's
// shingles [a0, a1) and B's [b0, b1), sh being B, the document of the
// last appendMatches. It counts with the ids appendMatches gave B's
// shingles instead of sorting both sets: only the hashes of B that A
// lacks need sorting, to count their repeats.
func (t *hashTable) similarity(a0, a1 int, sh []shingle.Shingle, b0, b1 int, r *radix) float64 {
	t.gen++
	if t.gen == 0 {
		clear(t.seenA[:cap(t.seenA)])
		clear(t.seenB[:cap(t.seenB)])
		t.gen = 1
	}
	g := t.gen
	na := 0
	for _, id := range t.idA[a0:a1] {
		if t.seenA[id] != g {
			t.seenA[id] = g
			na++
		}
	}
	nb, both := 0, 0
	t.other = t.other[:0]
	for j, id := range t.idB[b0:b1] {
		if id == t.n {
			t.other = append(t.other, sh[b0+j].Hash)
			continue
		}
		if t.seenB[id] != g {
			t.seenB[id] = g
			nb++
			if t.seenA[id] == g {
				both++
			}
		}
	}
	nb += len(r.sortedSet(t.other))
	if na+nb == 0 {
		return 0
	}
	return float64(both) / float64(na+nb-both)
}

// appendMatches appends the matches of A's shingles with those of B, sh,
// sorted by (i, j). A hash that makes more than maxRun matches makes none.
func (t *hashTable) appendMatches(dst []match, sh []shingle.Shingle) []match {
	n := t.n
	t.idB = slices.Grow(t.idB[:0], len(sh))[:len(sh)]
	countB := t.countB[:n+1]
	for j := range sh {
		id := t.lookup(sh[j].Hash)
		t.idB[j] = id
		countB[id]++
	}
	if int(countB[n]) == len(sh) {
		countB[n] = 0
		return dst // nothing in common
	}
	// Group B's positions by id; endB is each group's fill cursor, and
	// its end once filled. The hashes A lacks go last.
	endB := t.endB[:n+1]
	pos := int32(0)
	for id, c := range countB {
		endB[id] = pos
		pos += c
	}
	t.posB = slices.Grow(t.posB[:0], len(sh))[:len(sh)]
	posB := t.posB
	for j, id := range t.idB {
		posB[endB[id]] = int32(j)
		endB[id]++
	}
	countA := t.countA[:n]
	for i, id := range t.idA {
		cb := countB[id]
		if cb == 0 || countA[id]*cb > maxRun {
			continue
		}
		end := endB[id]
		for _, j := range posB[end-cb : end] {
			dst = append(dst, match{int32(i), j})
		}
	}
	clear(countB)
	return dst
}
