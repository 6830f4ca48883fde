package neardup

import (
	"sync/atomic"

	"github.com/neardup/neardup/shingle"
)

// storeBudget bounds the bytes of words and shingles the pipeline keeps
// between its passes: 32 bytes a word, about five times the text. A corpus
// that fits (up to about 200 MB of text) is tokenised once; a bigger one
// keeps nothing, and a later stage tokenises again the documents it needs,
// so that memory stays at the text plus the compact per-window data. It
// is a variable so that tests can force the recomputing path.
var storeBudget int64 = 1 << 30

// storeBytesPerTextByte estimates the store's need from the text's size
// (a variable for tests, which set it to 0 to keep part of a corpus).
var storeBytesPerTextByte int64 = 5

// docStore keeps the views of as many documents as the budget allows. A
// document is kept whole (words and shingles) or not at all. Which
// documents fit depends on the order workers reach them, but a kept view
// and a recomputed one are equal, so the report does not.
type docStore struct {
	words  [][]shingle.Word
	sh     [][]shingle.Shingle
	whole  []bool // words and shingles both kept
	used   atomic.Int64
	budget int64
}

// newDocStore returns a store for docs: with the full budget if they
// seem to fit, else with none.
func newDocStore(docs []Document) docStore {
	n := len(docs)
	var text int64
	for _, d := range docs {
		text += int64(len(d.Text))
	}
	return docStore{words: make([][]shingle.Word, n), sh: make([][]shingle.Shingle, n), whole: make([]bool, n), budget: storeBytes(text)}
}

// storeBytes is the store's budget for text bytes of text: all it needs
// if that fits storeBudget, else nothing.
func storeBytes(text int64) int64 {
	if text*storeBytesPerTextByte > storeBudget {
		return 0
	}
	return storeBudget
}

// HeapEstimate returns about the most heap Run uses on documents of text
// bytes of text in all, the text included: 2.3 times the text for the
// compact per-window data and the shingle hashes verification reads, and
// for a corpus of up to about 200 MB, five times the text more, for the
// words and shingles kept so as to tokenise each document once. A caller
// that sets a memory limit (debug.SetMemoryLimit) should leave room above
// it for the collector.
func HeapEstimate(text int64) int64 {
	return text*23/10 + min(storeBytes(text), text*storeBytesPerTextByte)
}

// reserve takes n bytes of the budget if they are there.
func (s *docStore) reserve(n int64) bool {
	if s.used.Add(n) > s.budget {
		s.used.Add(-n)
		return false
	}
	return true
}

// keepWords keeps a copy of document i's words, in the slab into, if the
// budget allows.
func (s *docStore) keepWords(i int, words []shingle.Word, into *slab[shingle.Word]) {
	if s.reserve(int64(len(words)) * 16) {
		s.words[i] = into.keep(words)
	}
}

// keepShingles keeps a copy of document i's shingles, in the slab into,
// if its words are kept and the budget allows; if not, it lets the words
// go too.
func (s *docStore) keepShingles(i int, sh []shingle.Shingle, into *slab[shingle.Shingle]) {
	if s.words[i] == nil {
		return
	}
	if s.reserve(int64(len(sh)) * 16) {
		s.sh[i] = into.keep(sh)
		s.whole[i] = true
		return
	}
	s.used.Add(-int64(len(s.words[i])) * 16)
	s.words[i] = nil
}

// slabChunk is the least number of elements a slab allocates at once.
const slabChunk = 1 << 16

// slab keeps copies of the words or shingles of many documents in a few
// long arrays: one allocation per chunk instead of one per document.
// Documents are tokenised into a small scratch array and copied here in
// one go: writing each word straight into a long array that is not in
// cache, between the tokeniser's reads of its word cache, was measured
// slower than the copy.
type slab[T any] struct{ buf []T }

// keep returns a copy of v, stored in the slab.
func (s *slab[T]) keep(v []T) []T {
	if cap(s.buf)-len(s.buf) < len(v) {
		s.buf = make([]T, 0, max(len(v), slabChunk))
	}
	n := len(s.buf)
	s.buf = append(s.buf, v...)
	return s.buf[n:len(s.buf):len(s.buf)]
}

// kept reports whether document i's view is kept whole.
func (s *docStore) kept(i int32) bool {
	return s.whole[i]
}

// worker is one goroutine's scratch state for every stage after the
// first: an analyzer to recompute views, two view slots (a pair is two
// documents), an aligner and diff tables.
type worker struct {
	an    analyzer
	held  [2]int32 // document in each slot, -1 for none
	words [2][]shingle.Word
	sh    [2][]shingle.Shingle
	al    aligner
	diff  diffScratch
	setA  []uint64
	setB  []uint64
	r     radix
	sets  setCache
}

func (c *corpus) newWorkers(n int) []*worker {
	ws := make([]*worker, n)
	for i := range ws {
		ws[i] = &worker{an: c.newAnalyzer(), held: [2]int32{-1, -1}, al: aligner{o: c.o}}
	}
	return ws
}

// view returns document i's view, kept or recomputed into slot, which it
// stays valid in until the slot's next use.
func (c *corpus) view(w *worker, slot int, i int32) docView {
	if c.store.kept(i) {
		return docView{words: c.store.words[i], sh: c.store.sh[i]}
	}
	if w.held[slot] != i {
		text := c.docs[i].Text
		words := c.store.words[i]
		if words == nil {
			w.words[slot] = w.an.tok.AppendWords(w.words[slot][:0], text)
			words = w.words[slot]
		}
		w.sh[slot] = w.an.appendShingles(w.sh[slot][:0], text, words, c.masks[i])
		w.held[slot] = i
	}
	words := c.store.words[i]
	if words == nil {
		words = w.words[slot]
	}
	return docView{words: words, sh: w.sh[slot]}
}
