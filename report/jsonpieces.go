package report

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// A big report's clusters are encoded on several goroutines: they are cut
// into pieces of about jsonFlushSize bytes, each piece is encoded on its
// own, and the pieces are written in order. Encoding was the last serial
// step of a run, some 8% of its time at 10 MB of text; the bytes are
// those of the serial encoding.

// jsonParallelMin is the least estimated size of the clusters' encoding for
// which WriteJSON encodes on several goroutines, and jsonPieceSize the
// size of a piece (variables for tests).
var (
	jsonParallelMin = 4 * jsonFlushSize
	jsonPieceSize   = jsonFlushSize
)

// position is passage p of cluster c; {len(clusters), 0} is the end.
type position struct{ c, p int }

// cutPieces returns where the pieces of the clusters' encoding start, and
// the end: a piece ends after the first passage (or cluster without
// passages) at which its bytes are certainly at least first (for the first
// piece) or size (for the others), by passageBound and clusterBound.
// bound is clustersBound(cs), which sizes the result.
func cutPieces(cs []Cluster, first, size, bound int) []position {
	cuts := make([]position, 1, bound/size+3)
	n, want := 0, first
	cut := func(at position) {
		cuts = append(cuts, at)
		n, want = 0, size
	}
	for c := range cs {
		cl := &cs[c]
		n += clusterBound(cl)
		for p := range cl.Passages {
			if n += passageBound(&cl.Passages[p]); n >= want {
				if p+1 < len(cl.Passages) {
					cut(position{c, p + 1})
				} else {
					cut(position{c + 1, 0})
				}
			}
		}
		if len(cl.Passages) == 0 && n >= want {
			cut(position{c + 1, 0})
		}
	}
	if end := (position{len(cs), 0}); cuts[len(cuts)-1] != end {
		cuts = append(cuts, end)
	}
	return cuts
}

// Encoded sizes of a cluster head and a passage with zero values: the
// keys and punctuation every one has.
var (
	emptyClusterLen = len(appendClusterHead(nil, &Cluster{})) + len(appendClusterTail(nil, &Cluster{}))
	emptyPassageLen = len(appendPassage(nil, &Passage{}, true))
	emptyDiffLen    = len(appendPassage(nil, &Passage{Diff: []DiffOp{{}, {}}}, true)) - len(appendPassage(nil, &Passage{Diff: []DiffOp{{}}}, true))
	diffListLen     = len(appendPassage(nil, &Passage{Diff: []DiffOp{{}}}, true)) - emptyPassageLen - emptyDiffLen
)

// clusterBound is at most the size of c's encoding without its passages:
// strings take at least their length once encoded.
func clusterBound(c *Cluster) int {
	n := emptyClusterLen + len(c.Kind) + len(c.Origin.Doc) + len(c.Origin.Date) + len(c.Origin.Note) + len(c.Canonical)
	for _, t := range c.Origin.Tied {
		n += len(t) + 3
	}
	return n
}

// clustersBound is at most the size of the clusters' encoding.
func clustersBound(cs []Cluster) int {
	n := 0
	for c := range cs {
		n += clusterBound(&cs[c])
		for p := range cs[c].Passages {
			n += passageBound(&cs[c].Passages[p])
		}
	}
	return n
}

// passageBound is at most the size of p's encoding.
func passageBound(p *Passage) int {
	n := emptyPassageLen + len(p.Doc) + len(p.Text) + len(p.Date) + len(p.Source) + len(p.Title)
	if len(p.Diff) > 0 {
		n += diffListLen
	}
	for _, d := range p.Diff {
		n += emptyDiffLen + len(d.Op) + len(d.Text)
	}
	return n
}

// appendPiece appends the encoding of the clusters from position from up
// to position to, with the separators and indents that go before each.
// to may also be {c, len(cs[c].Passages)}, the end of cluster c.
func appendPiece(dst []byte, cs []Cluster, from, to position) []byte {
	for c := from.c; c < to.c || c == to.c && to.p > 0; c++ {
		cl := &cs[c]
		lo, hi := 0, len(cl.Passages)
		if c == from.c {
			lo = from.p
		}
		if c == to.c {
			hi = to.p
		}
		if lo == 0 {
			if c > 0 {
				dst = append(dst, ",\n    "...)
			} else {
				dst = append(dst, "\n    "...)
			}
			dst = appendClusterHead(dst, cl)
		}
		for j := lo; j < hi; j++ {
			dst = appendPassage(dst, &cl.Passages[j], j == 0)
		}
		if hi == len(cl.Passages) {
			dst = appendClusterTail(dst, cl)
		}
	}
	return dst
}

// encodedPiece is a piece encoded into the buffer of a slot.
type encodedPiece struct{ piece, slot int }

// writePieces encodes the clusters' pieces (cuts from cutPieces) on
// workers goroutines and writes them in order: the first after b (the
// bytes before the clusters, under jsonFlushSize), each other on its own.
// It returns what is left to write: the last piece, after b if it is also
// the first. After a failed write, no more pieces are written, and those
// not yet begun are not encoded.
//
// A worker takes a free slot (a buffer) before it takes the next piece, so
// the piece the writer waits for always has one; the writer frees a slot
// once it has written the slot's piece. Allocations depend on the number
// of workers only.
func (jw *jsonWriter) writePieces(b []byte, cs []Cluster, cuts []position, workers int) []byte {
	pieces := len(cuts) - 1
	slots := 2 * workers
	bufs := make([][]byte, slots)
	room := min(jsonPieceSize, jsonFlushSize)
	for s := range bufs {
		bufs[s] = make([]byte, 0, room+room/8)
	}
	free := make(chan int, slots)
	done := make(chan encodedPiece, slots)
	for s := range slots {
		free <- s
	}
	var next atomic.Int64
	var failed atomic.Bool // a write failed: what is left need not be encoded
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				s := <-free
				k := int(next.Add(1) - 1)
				if k >= pieces {
					free <- s
					return
				}
				bufs[s] = bufs[s][:0]
				if !failed.Load() {
					bufs[s] = appendPiece(bufs[s], cs, cuts[k], cuts[k+1])
				}
				done <- encodedPiece{k, s}
			}
		})
	}
	var ready [2 * maxJSONWorkers]encodedPiece
	for i := range ready {
		ready[i].piece = -1
	}
	for k := 0; k < pieces; {
		e := <-done
		ready[e.piece%slots] = e
		for ; k < pieces && ready[k%slots].piece == k; k++ {
			piece := bufs[ready[k%slots].slot]
			if k == 0 || k+1 == pieces {
				// b holds the bytes before the clusters, or nothing.
				b = append(b, piece...)
				if k+1 < pieces {
					jw.flush(b)
					b = jw.buf
				}
			} else if jw.err == nil {
				_, jw.err = jw.w.Write(piece)
			}
			if jw.err != nil {
				failed.Store(true)
			}
			free <- ready[k%slots].slot
		}
	}
	wg.Wait()
	return b
}

// maxJSONWorkers bounds the goroutines that encode one report.
const maxJSONWorkers = 8

// jsonWorkers returns how many goroutines encode clusters whose encoding
// takes at most bound bytes (clustersBound): one for a small report.
func jsonWorkers(bound int) int {
	w := min(runtime.GOMAXPROCS(0), maxJSONWorkers)
	if w > 1 && bound < jsonParallelMin {
		return 1
	}
	return w
}
