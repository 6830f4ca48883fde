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
	byHash  [2]keyed // each side's shingle hashes, sorted, with their positions
	heldA   int32    // document whose hashes byHash[0] holds, +1 (0: none)
	matches []match
	chains  []chain
	open    []int32
	owner   []int32 // chain of each match
	start   []int32 // first match of each chain in byChain
	byChain []match
	fill    []int32
	keys    []uint64
	r       radix
	setA    []uint64
	setB    []uint64
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

// sortHashes fills s with the hashes of sh sorted, each with its
// position; positions of equal hashes ascend.
func sortHashes(s *keyed, sh []shingle.Shingle) {
	s.keys = appendHashes(s.keys[:0], sh)
	s.vals = s.vals[:0]
	for i := range sh {
		s.vals = append(s.vals, uint32(i))
	}
	s.sort()
}

// align finds the regions documents a and b share and appends them to dst.
func (al *aligner) align(dst []alignment, ai, bi int32, a, b docView) []alignment {
	// Pairs come grouped by their first document: its sorted hashes
	// serve the whole group.
	if al.heldA != ai+1 {
		sortHashes(&al.byHash[0], a.sh)
		al.heldA = ai + 1
	}
	sortHashes(&al.byHash[1], b.sh)
	al.matches = appendMatches(al.matches[:0], &al.byHash[0], &al.byHash[1])
	if len(al.matches) == 0 {
		return dst
	}
	al.keys = sortMatches(al.matches, al.keys, &al.r)
	gap := al.bridge()
	// Chain the matches: each joins the open chain it continues most
	// closely, or opens a new one. owner records each match's chain.
	chains := al.chains[:0]
	open := al.open[:0]
	al.owner = slices.Grow(al.owner[:0], len(al.matches))[:len(al.matches)]
	for mi, m := range al.matches {
		keep := open[:0]
		for _, ci := range open {
			if m.i-chains[ci].a1 <= gap {
				keep = append(keep, ci)
			}
		}
		open = keep
		best, bestScore := int32(-1), int32(1<<30)
		for _, ci := range open {
			c := chains[ci]
			di, dj := m.i-c.a1, m.j-c.b1
			if di <= 0 || dj <= 0 || dj > gap {
				continue
			}
			score := di + dj + abs32(di-dj)
			if score < bestScore {
				best, bestScore = ci, score
			}
		}
		if best >= 0 {
			chains[best] = chain{a1: m.i, b1: m.j}
		} else {
			best = int32(len(chains))
			chains = append(chains, chain{a1: m.i, b1: m.j})
			open = append(open, best)
		}
		al.owner[mi] = best
	}
	al.chains, al.open = chains, open

	// Gather each chain's matches, in order, to trim its ends.
	al.start = slices.Grow(al.start[:0], len(chains)+1)[:len(chains)+1]
	clear(al.start)
	for _, ci := range al.owner {
		al.start[ci+1]++
	}
	for ci := range chains {
		al.start[ci+1] += al.start[ci]
	}
	al.byChain = slices.Grow(al.byChain[:0], len(al.matches))[:len(al.matches)]
	al.fill = append(al.fill[:0], al.start[:len(chains)]...)
	fill := al.fill
	for mi, ci := range al.owner {
		al.byChain[fill[ci]] = al.matches[mi]
		fill[ci]++
	}

	minWords := int32(al.o.MinWords)
	for ci := range chains {
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

// appendMatches merge-joins two hash-sorted shingle lists.
func appendMatches(dst []match, a, b *keyed) []match {
	ak, bk := a.keys, b.keys
	av, bv := a.vals[:len(ak)], b.vals[:len(bk)]
	i, j := 0, 0
	for i < len(ak) && j < len(bk) {
		ha, hb := ak[i], bk[j]
		switch {
		case ha < hb:
			i++
		case ha > hb:
			j++
		default:
			ie, je := i+1, j+1
			for ie < len(ak) && ak[ie] == ha {
				ie++
			}
			for je < len(bk) && bk[je] == ha {
				je++
			}
			if (ie-i)*(je-j) <= maxRun {
				for x := i; x < ie; x++ {
					for y := j; y < je; y++ {
						dst = append(dst, match{int32(av[x]), int32(bv[y])})
					}
				}
			}
			i, j = ie, je
		}
	}
	return dst
}

// sortMatches sorts matches by (i, j), with keys as scratch, which it
// returns for reuse. Positions are non-negative, so the pair packs into
// one key whose order is theirs.
func sortMatches(ms []match, keys []uint64, r *radix) []uint64 {
	if len(ms) <= 64 {
		slices.SortFunc(ms, func(x, y match) int {
			if x.i != y.i {
				return int(x.i - y.i)
			}
			return int(x.j - y.j)
		})
		return keys
	}
	keys = keys[:0]
	for _, m := range ms {
		keys = append(keys, uint64(m.i)<<32|uint64(uint32(m.j)))
	}
	r.sortUint64s(keys)
	for k, key := range keys {
		ms[k] = match{int32(key >> 32), int32(uint32(key))}
	}
	return keys
}
