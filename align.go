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
	open    []openChain
	owner   []int32 // chain of each match
	start   []int32 // first match of each chain in byChain
	byChain []match
	fill    []int32
	r       radix
	setA    []uint64
	setB    []uint64
}

// openChain is a chain that a later match may still continue: where it
// has reached, and its index.
type openChain struct {
	chain
	id int32
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
	gap := al.bridge()
	// Chain the matches: each joins the open chain it continues most
	// closely, or opens a new one. owner records each match's chain. A
	// chain closes for good once the matches (in order of i) have moved
	// more than the bridge past its end.
	open := al.open[:0]
	nchains := int32(0)
	al.owner = slices.Grow(al.owner[:0], len(al.matches))[:len(al.matches)]
	for mi, m := range al.matches {
		best, bestScore := -1, int32(1<<30)
		keep := 0
		for _, c := range open {
			di := m.i - c.a1
			if di > gap {
				continue
			}
			open[keep] = c
			dj := m.j - c.b1
			if di > 0 && dj > 0 && dj <= gap {
				if score := di + dj + abs32(di-dj); score < bestScore {
					best, bestScore = keep, score
				}
			}
			keep++
		}
		open = open[:keep]
		if best >= 0 {
			open[best].chain = chain{a1: m.i, b1: m.j}
			al.owner[mi] = open[best].id
		} else {
			open = append(open, openChain{chain{a1: m.i, b1: m.j}, nchains})
			al.owner[mi] = nchains
			nchains++
		}
	}
	al.open = open

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
		al.setA = appendSortedSet(al.setA[:0], a.sh, int(first.i), int(last.i)+1, &al.r)
		al.setB = appendSortedSet(al.setB[:0], b.sh, int(first.j), int(last.j)+1, &al.r)
		if jaccard(al.setA, al.setB) < al.minSimilarity() {
			continue
		}
		dst = append(dst, alignment{a: ai, b: bi, aw0: aw0, aw1: aw1, bw0: bw0, bw1: bw1})
	}
	return dst
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
// hash of A gets an id.
type hashTable struct {
	slots   []int32  // open addressing over the hashes: id+1, 0 for empty
	shift   uint     // 64 - log2(len(slots))
	keys    []uint64 // hash of each id
	countA  []int32  // occurrences of each id in A
	idA     []int32  // id of each shingle of A
	countB  []int32  // occurrences of each id in B, zero between calls
	endB    []int32  // end of each id's positions in posB
	touched []int32  // ids B has
	idB     []int32  // id of each shingle of B, -1 for a hash A lacks
	posB    []int32  // B's positions of each id it has, grouped by id, ascending
}

// index makes the table for the shingles of A.
func (t *hashTable) index(sh []shingle.Shingle) {
	size, shift := 8, uint(61)
	for size < 2*len(sh) {
		size, shift = size*2, shift-1
	}
	t.slots = slices.Grow(t.slots[:0], size)[:size]
	clear(t.slots)
	t.shift = shift
	t.keys, t.countA = t.keys[:0], t.countA[:0]
	t.idA = slices.Grow(t.idA[:0], len(sh))[:len(sh)]
	mask := size - 1
	for i := range sh {
		h := sh[i].Hash
		s := int((h * 0x9E3779B97F4A7C15) >> shift)
		for t.slots[s] != 0 && t.keys[t.slots[s]-1] != h {
			s = (s + 1) & mask
		}
		if t.slots[s] == 0 {
			t.keys = append(t.keys, h)
			t.countA = append(t.countA, 0)
			t.slots[s] = int32(len(t.keys))
		}
		id := t.slots[s] - 1
		t.countA[id]++
		t.idA[i] = id
	}
	n := len(t.keys)
	t.countB = slices.Grow(t.countB[:0], n)[:n]
	clear(t.countB)
	t.endB = slices.Grow(t.endB[:0], n)[:n]
}

// lookup returns the id of hash h, or -1 when A lacks it.
func (t *hashTable) lookup(h uint64) int32 {
	mask := len(t.slots) - 1
	s := int((h * 0x9E3779B97F4A7C15) >> t.shift)
	for {
		v := t.slots[s]
		if v == 0 {
			return -1
		}
		if t.keys[v-1] == h {
			return v - 1
		}
		s = (s + 1) & mask
	}
}

// appendMatches appends the matches of A's shingles with those of B, sh,
// sorted by (i, j). A hash that makes more than maxRun matches makes none.
func (t *hashTable) appendMatches(dst []match, sh []shingle.Shingle) []match {
	t.idB = slices.Grow(t.idB[:0], len(sh))[:len(sh)]
	t.touched = t.touched[:0]
	for j := range sh {
		id := t.lookup(sh[j].Hash)
		t.idB[j] = id
		if id >= 0 {
			if t.countB[id] == 0 {
				t.touched = append(t.touched, id)
			}
			t.countB[id]++
		}
	}
	if len(t.touched) == 0 {
		return dst
	}
	// Group B's positions by id; endB is each group's fill cursor, and
	// its end once filled.
	n := int32(0)
	for _, id := range t.touched {
		t.endB[id] = n
		n += t.countB[id]
	}
	t.posB = slices.Grow(t.posB[:0], int(n))[:n]
	for j, id := range t.idB {
		if id >= 0 {
			t.posB[t.endB[id]] = int32(j)
			t.endB[id]++
		}
	}
	for i, id := range t.idA {
		cb := t.countB[id]
		if cb == 0 || t.countA[id]*cb > maxRun {
			continue
		}
		end := t.endB[id]
		for _, j := range t.posB[end-cb : end] {
			dst = append(dst, match{int32(i), j})
		}
	}
	for _, id := range t.touched {
		t.countB[id] = 0
	}
	return dst
}
