package neardup

import (
	"cmp"
	"slices"
)

// unionFind is a disjoint-set forest over int32 ids.
type unionFind []int32

func newUnionFind(n int) unionFind {
	u := make(unionFind, n)
	for i := range u {
		u[i] = int32(i)
	}
	return u
}

func (u unionFind) find(x int32) int32 {
	for u[x] != x {
		u[x] = u[u[x]]
		x = u[x]
	}
	return x
}

// union joins the sets of x and y; the smaller root wins, which keeps the
// result independent of the order of calls.
func (u unionFind) union(x, y int32) {
	rx, ry := u.find(x), u.find(y)
	switch {
	case rx < ry:
		u[ry] = rx
	case ry < rx:
		u[rx] = ry
	}
}

// span is a region of one document in word indices, inclusive.
type span struct {
	doc    int32
	w0, w1 int32
}

func (s span) words() int32 { return s.w1 - s.w0 + 1 }

func compareSpans(x, y span) int {
	return cmp.Or(cmp.Compare(x.doc, y.doc), cmp.Compare(x.w0, y.w0), cmp.Compare(x.w1, y.w1))
}

// minOverlap is the share of the shorter of two spans in one document that
// must overlap the other for them to be one occurrence of one family. Half
// lets a passage grow by an added sentence, but stops a family chaining
// through a long passage that merely touches a short one.
const minOverlap = 0.5

// families groups aligned regions into families: the two sides of an
// alignment are one family, and so are two regions of one document that
// overlap enough. Each family is returned as its occurrences (overlapping
// regions of one document merged), sorted by document and position; the
// families are sorted by their first occurrence.
func families(aligns []alignment) [][]span {
	nodes := make([]span, 0, 2*len(aligns))
	for _, a := range aligns {
		nodes = append(nodes, span{a.a, a.aw0, a.aw1}, span{a.b, a.bw0, a.bw1})
	}
	uf := newUnionFind(len(nodes))
	for i := 0; i < len(nodes); i += 2 {
		uf.union(int32(i), int32(i+1))
	}
	order := make([]int32, len(nodes))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(x, y int32) int {
		return cmp.Or(compareSpans(nodes[x], nodes[y]), cmp.Compare(x, y))
	})
	// Sweep each document's regions in order; compare each with the
	// previous one and with the one reaching furthest so far.
	for k := 1; k < len(order); k++ {
		cur := nodes[order[k]]
		prev := nodes[order[k-1]]
		if prev.doc != cur.doc {
			continue
		}
		if enoughOverlap(prev, cur) {
			uf.union(order[k-1], order[k])
		}
	}
	far := int32(-1)
	for k := range order {
		n := nodes[order[k]]
		if far >= 0 && nodes[far].doc == n.doc {
			if enoughOverlap(nodes[far], n) {
				uf.union(far, order[k])
			}
			if n.w1 > nodes[far].w1 {
				far = order[k]
			}
		} else {
			far = order[k]
		}
	}
	// Collect the members of each family, in document order.
	byRoot := make(map[int32][]span)
	var roots []int32
	for _, k := range order {
		r := uf.find(k)
		if _, ok := byRoot[r]; !ok {
			roots = append(roots, r)
		}
		byRoot[r] = append(byRoot[r], nodes[k])
	}
	out := make([][]span, 0, len(roots))
	for _, r := range roots {
		out = append(out, mergeSpans(byRoot[r]))
	}
	slices.SortFunc(out, func(x, y []span) int { return compareSpans(x[0], y[0]) })
	return out
}

func enoughOverlap(x, y span) bool {
	lo, hi := max(x.w0, y.w0), min(x.w1, y.w1)
	if hi < lo {
		return false
	}
	shorter := min(x.words(), y.words())
	return float64(hi-lo+1) >= minOverlap*float64(shorter)
}

// mergeSpans merges overlapping spans of one document; spans must be sorted.
func mergeSpans(s []span) []span {
	out := s[:0:0]
	for _, x := range s {
		if n := len(out); n > 0 && out[n-1].doc == x.doc && x.w0 <= out[n-1].w1 {
			out[n-1].w1 = max(out[n-1].w1, x.w1)
			continue
		}
		out = append(out, x)
	}
	return out
}
