package shingle

import (
	"strings"
	"sync"

	"github.com/bbalet/stopwords"
)

// Stopwords tells the stopwords of one language. Its lists are those of
// github.com/bbalet/stopwords; since that package answers only through
// regular-expression cleaning, each distinct word is asked once and the
// answer kept in a flat table keyed by the word's hash, so the per-word cost
// in a hot loop is one probe. A Stopwords is safe for concurrent use.
type Stopwords struct {
	lang string
	mu   sync.RWMutex
	// open addressing: key 0 means empty (hashes of 0 are stored as 1).
	keys []uint64
	stop []bool
	used int
}

// NewStopwords returns the stopwords of the language with the given ISO
// 639-1 code (unknown codes fall back to English, as the list package does).
func NewStopwords(lang string) *Stopwords {
	return &Stopwords{lang: lang, keys: make([]uint64, 1024), stop: make([]bool, 1024)}
}

// AppendFlags appends, for each word, whether it is a stopword; text is the
// text the words index.
func (s *Stopwords) AppendFlags(dst []bool, text string, words []Word) []bool {
	for _, w := range words {
		dst = append(dst, s.Is(text[w.Start:w.End], w.Hash))
	}
	return dst
}

// Is reports whether word, whose normalised hash is h, is a stopword.
func (s *Stopwords) Is(word string, h uint64) bool {
	if h == 0 {
		h = 1
	}
	s.mu.RLock()
	stop, ok := s.lookup(h)
	s.mu.RUnlock()
	if ok {
		return stop
	}
	stop = isStopword(word, s.lang)
	s.mu.Lock()
	s.insert(h, stop)
	s.mu.Unlock()
	return stop
}

func (s *Stopwords) lookup(h uint64) (stop, ok bool) {
	mask := uint64(len(s.keys) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		switch s.keys[i] {
		case h:
			return s.stop[i], true
		case 0:
			return false, false
		}
	}
}

func (s *Stopwords) insert(h uint64, stop bool) {
	if (s.used+1)*4 > len(s.keys)*3 {
		oldKeys, oldStop := s.keys, s.stop
		s.keys = make([]uint64, 2*len(oldKeys))
		s.stop = make([]bool, 2*len(oldKeys))
		s.used = 0
		for i, k := range oldKeys {
			if k != 0 {
				s.insert(k, oldStop[i])
			}
		}
	}
	mask := uint64(len(s.keys) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		switch s.keys[i] {
		case h:
			return
		case 0:
			s.keys[i], s.stop[i] = h, stop
			s.used++
			return
		}
	}
}

// isStopword asks the list package: its cleaner blanks out stopwords.
func isStopword(word, lang string) bool {
	w := strings.ToLower(word)
	return strings.TrimSpace(stopwords.CleanString(w, lang, false)) == "" && strings.TrimSpace(w) != ""
}
