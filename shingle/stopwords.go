package shingle

import (
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/bbalet/stopwords"
	"golang.org/x/text/language"
)

// Stopwords tells the stopwords of one language, from the lists of
// github.com/bbalet/stopwords. That package answers only by cleaning text
// with regular expressions, so each distinct word is asked about once and
// the answer kept in a flat table keyed by the word's hash: in a hot loop a
// word costs one probe.
//
// The answer for a word depends on its normalised form alone (the form its
// Hash is taken of), so all spellings that hash alike get the same answer
// whichever is met first. A list entry therefore matches only if it is
// made of letters and marks: entries with apostrophes or digits, which
// normalisation drops, are not matched, and words with digits are never
// stopwords. (Case folding turns German "ß" into "ss"; the German list
// has both spellings of its words.)
//
// A Stopwords is safe for concurrent use.
type Stopwords struct {
	lang string

	mu sync.RWMutex
	// Open addressing; key 0 means an empty slot, so a hash of 0 is
	// stored as 1.
	keys []uint64
	stop []bool
	used int
	tok  Tokenizer // for normalising new words, under mu's write lock
	norm []byte
}

// stopwordLangs are the languages the list package has lists for.
var stopwordLangs = []string{
	"ar", "bg", "cs", "da", "de", "el", "en", "es", "fa", "fi", "fr", "hu", "id", "it",
	"ja", "km", "lv", "nl", "no", "pl", "pt", "ro", "ru", "sk", "sv", "th", "tr",
}

// NewStopwords returns the stopwords of the language with the given BCP 47
// or ISO 639-1 code ("en", "en-GB", "de"). Languages without a list fall
// back to English; Lang tells which list is used.
func NewStopwords(lang string) *Stopwords {
	code := "en"
	if tag, err := language.Parse(lang); err == nil {
		if base, _ := tag.Base(); slices.Contains(stopwordLangs, base.String()) {
			code = base.String()
		}
	}
	return &Stopwords{lang: code, keys: make([]uint64, 1024), stop: make([]bool, 1024)}
}

// Lang returns the ISO 639-1 code of the list in use.
func (s *Stopwords) Lang() string { return s.lang }

// AppendFlags appends, for each word, whether it is a stopword; text is the
// text the words index.
func (s *Stopwords) AppendFlags(dst []bool, text string, words []Word) []bool {
	dst = slices.Grow(dst, len(words))
	s.mu.RLock()
	for _, w := range words {
		stop, ok := s.lookup(w.Hash)
		if !ok {
			s.mu.RUnlock()
			stop = s.learn(text[w.Start:w.End], w.Hash)
			s.mu.RLock()
		}
		dst = append(dst, stop)
	}
	s.mu.RUnlock()
	return dst
}

// Is reports whether word, whose Hash is h, is a stopword.
func (s *Stopwords) Is(word string, h uint64) bool {
	s.mu.RLock()
	stop, ok := s.lookup(h)
	s.mu.RUnlock()
	if ok {
		return stop
	}
	return s.learn(word, h)
}

// learn asks the list package about a word not seen before and keeps the
// answer.
func (s *Stopwords) learn(word string, h uint64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if stop, ok := s.lookup(h); ok {
		return stop // another goroutine was first
	}
	s.norm = s.tok.appendNormalized(s.norm[:0], word)
	stop := listed(string(s.norm), s.lang)
	s.insert(h, stop)
	return stop
}

func (s *Stopwords) lookup(h uint64) (stop, ok bool) {
	h = max(h, 1)
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
	h = max(h, 1)
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

// listed reports whether the list package counts the normalised word w as
// a stopword of lang.
func listed(w, lang string) bool {
	if w == "" {
		return false
	}
	// The package's cleaner cuts text into runs of letters and marks, so a
	// word with anything else would be cut up or dropped, and its
	// remains judged instead of it.
	for _, r := range w {
		if !unicode.In(r, unicode.L, unicode.Mn, unicode.Mc) {
			return false
		}
	}
	return strings.TrimSpace(stopwords.CleanString(w, lang, false)) == ""
}
