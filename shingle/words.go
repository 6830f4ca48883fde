package shingle

import (
	"math"
	"math/bits"
	"unicode/utf8"

	"github.com/cespare/xxhash/v2"
	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// Word is one word of a text: its byte span in the original text and the
// hash of its normalised form.
type Word struct {
	Start, End uint32
	Hash       uint64
}

// Text returns the word as it stands in text.
func (w Word) Text(text string) string { return text[w.Start:w.End] }

// Tokenizer splits text into words. It keeps scratch buffers and a cache
// of common words (176 KiB, made once it has read 64 KiB of text), so a
// Tokenizer must not be shared between goroutines; the zero value is ready
// to use. Keep one per goroutine: its buffers and cache pay off over many
// texts.
type Tokenizer struct {
	// Scratch for words that need Unicode normalisation.
	raw, nfkc, folded, out []byte
	fold                   cases.Caser
	hasFold                bool
	iter                   *norm.Iter

	// cache keeps the hashes of recent words of up to 16 ASCII letters
	// and digits: most words of a text are common ones, and a probe is
	// several times cheaper than a hash. It is made once the Tokenizer
	// has read enough text to pay for it.
	cache   *wordCache
	read    int
	noCache bool
}

const cacheAfter = 64 << 10 // bytes read before the cache is made

// wordCache maps words of up to 16 ASCII letters and digits, keyed by
// their lower-cased bytes zero-padded to 8 or 16 bytes, to their hashes.
// Word bytes are never zero, so the padding tells the length, and keys are
// exact, so the cache never changes a result.
//
// Most words have at most 8 bytes: they get a table of their own, whose
// key is one register and whose slot costs one multiply. Its slots come in
// pairs that share a cache line, the most recently used first, so that two
// common words that land on the same pair do not keep evicting each
// other.
type wordCache struct {
	short [1 << shortBits][2]shortEntry
	long  [1 << longBits]longEntry
}

type (
	shortEntry struct{ key, hash uint64 }
	longEntry  struct{ key, key2, hash uint64 }
)

const (
	shortBits = 12 // pairs of slots: 128 KiB
	longBits  = 11 // 48 KiB
)

func (c *wordCache) shortSet(x uint64) *[2]shortEntry {
	return &c.short[x*0x9E3779B97F4A7C15>>(64-shortBits)]
}

func (c *wordCache) longSlot(x, y uint64) *longEntry {
	return &c.long[(x^y*0xC2B2AE3D27D4EB4F)*0x9E3779B97F4A7C15>>(64-longBits)]
}

// wordHash returns the hash of the l ≤ 16 ASCII letters and digits at the
// start of s, which has at least 16 bytes (8 if l ≤ 8), from the cache or,
// failing that, computed and cached.
func (c *wordCache) wordHash(s string, l int) uint64 {
	x := le64(s) | 0x20*lsb
	if l <= 8 {
		x &= lowBytes[l]
		set := c.shortSet(x)
		switch x {
		case set[0].key:
		case set[1].key:
			set[0], set[1] = set[1], set[0]
		default:
			set[1], set[0] = set[0], shortEntry{x, hashLower(s[:l])}
		}
		return set[0].hash
	}
	y := (le64(s[8:]) | 0x20*lsb) & lowBytes[l-8]
	slot := c.longSlot(x, y)
	if slot.key != x || slot.key2 != y {
		*slot = longEntry{x, y, hashLower(s[:l])}
	}
	return slot.hash
}

// AppendWords appends the words of text to dst and returns the extended
// slice. Once dst and the Tokenizer's buffers have grown to fit, it
// allocates nothing. Texts of 4 GiB or more do not fit Word's offsets and
// make it panic.
func (t *Tokenizer) AppendWords(dst []Word, text string) []Word {
	if uint64(len(text)) > math.MaxUint32 {
		panic("shingle: text of 4 GiB or more")
	}
	n := len(text)
	if t.cache == nil && !t.noCache {
		if t.read += n; t.read >= cacheAfter {
			t.cache = new(wordCache)
		}
	}
	pos := 0
	for pos < n {
		// Classify the next 64 bytes at once, then visit the words that
		// start there: the classes of all bytes are found without waiting
		// for word ends, and a word costs a few bit operations to find. A
		// block starts at the cursor, so a word that runs past the block's
		// end is left for the next block.
		base := pos
		var alnum, high uint64
		switch {
		case base+64 <= n:
			alnum, high = classify64(text[base : base+64])
		case n >= 64:
			alnum, high = classify64(text[n-64:])
			alnum >>= uint(base + 64 - n)
			high >>= uint(base + 64 - n)
		default:
			for j := 0; base+j < n; j++ {
				switch asciiClass[text[base+j]] {
				case clAlnum:
					alnum |= 1 << j
				case clHigh:
					high |= 1 << j
				}
			}
		}
		pos = base + 64
		// starts marks the first byte of each run of letters, digits and
		// non-ASCII bytes. The block starts at a word or between words,
		// so its first byte, if in a run, starts one.
		starts := (alnum | high) &^ ((alnum | high) << 1)
		for starts != 0 {
			if starts&-starts&high == 0 && t.cache != nil && base+72 <= n && cap(dst)-len(dst) >= 32 {
				free := (*[32]Word)(dst[len(dst) : len(dst)+32])
				m, rest := t.cache.plainWords(free, text[base:base+72], base, ^alnum, starts)
				dst, starts = dst[:len(dst)+m], rest
				if starts == 0 {
					break
				}
			}
			// The first run is a word that plainWords leaves to the
			// general rules below (it leaves all that start with a
			// non-ASCII byte, so it is not called for them), or a
			// non-word rune.
			k := bits.TrailingZeros64(starts)
			s := base + k
			var e int
			var h uint64
			word := true
			if high>>k&1 != 0 {
				// Non-ASCII: a word if it starts with a word rune.
				if r, size := decodeRune(text[s:]); !isWordRune(r) {
					e, word = s+size, false
				} else {
					e, h = t.slowWord(text, s)
				}
			} else {
				// A run of ASCII letters and digits.
				if run := ^alnum >> uint(k); run != 0 {
					e = s + bits.TrailingZeros64(run)
				} else if k > 0 && base+64 < n {
					pos = s // the word may go on past the block
					break
				} else {
					e = scanAlnum(text, s)
				}
				switch l := e - s; {
				case e < n && asciiClass[text[e]] != clSep && continuesAt(text, e):
					e, h = t.slowWord(text, s)
				case t.cache != nil && (l <= 8 && s+8 <= n || l <= 16 && s+16 <= n):
					h = t.cache.wordHash(text[s:], l)
				case l < 32:
					h = hashLower(text[s:e])
				default:
					h = xxhash.Sum64(t.normalized(text[s:e]))
				}
			}
			if word {
				dst = append(dst, Word{Start: uint32(s), End: uint32(e), Hash: h})
			}
			pos = max(pos, e)
			// Runs are found again from the word's end: a word may end
			// inside a run (before a non-word rune) or go past it.
			rest := (alnum | high) & (^uint64(0) << uint(e-base))
			starts = rest &^ (rest << 1)
		}
	}
	return dst
}

// AppendWords appends the words of text to dst with a fresh Tokenizer,
// which allocates nothing on ASCII text. Use a Tokenizer of your own for
// many texts: it reuses its buffers and caches common words.
func AppendWords(dst []Word, text string) []Word {
	t := Tokenizer{noCache: true}
	return t.AppendWords(dst, text)
}

// continuesAt reports whether a word of ASCII letters and digits that
// reaches a byte other than a plain separator at i may go on past it; the
// cases it lets through are settled by slowWord.
func continuesAt(text string, i int) bool {
	switch asciiClass[text[i]] {
	case clJoin:
		return i+1 < len(text) && (asciiClass[text[i+1]] == clAlnum || text[i+1] >= utf8.RuneSelf)
	case clNumSep:
		return isDigit(text[i-1]) && i+1 < len(text) && (isDigit(text[i+1]) || text[i+1] >= utf8.RuneSelf)
	default: // clHigh
		r, _ := decodeRune(text[i:])
		return runeInfo(r)&kindMask != kindSep
	}
}

// slowWord reads the word that starts with a word rune at start, following
// every joining rule, and returns its end and hash. While the word's runes
// are ASCII or foldable (see runeInfo), it is normalised as it is read,
// into a buffer on the stack (so that the package-level AppendWords
// allocates nothing on ASCII text); otherwise normalized does the whole
// Unicode work.
func (t *Tokenizer) slowWord(text string, start int) (end int, h uint64) {
	var buf [128]byte
	out := buf[:0]
	simple := true
	n := len(text)
	i := start
	prev := rune(-1) // the rune before i if it is a word rune
	for i < n {
		c := text[i]
		if c < utf8.RuneSelf {
			switch asciiClass[c] {
			case clAlnum:
				if simple && len(out) < len(buf) {
					out = append(out, c|0x20)
				} else {
					simple = false
				}
				prev = rune(c)
				i++
				continue
			case clJoin:
				if wordRuneAt(text, i+1) {
					prev = -1
					i++
					continue
				}
			case clNumSep:
				if isDigitRune(prev) && digitAt(text, i+1) {
					prev = -1
					i++
					continue
				}
			}
			return t.wordHash(text, start, i, simple, out)
		}
		var r rune
		var size int
		if c < 0xE0 && c >= 0xC2 && i+1 < n && text[i+1]&0xC0 == 0x80 {
			r, size = rune(c&0x1F)<<6|rune(text[i+1]&0x3F), 2
		} else {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		info := runeInfo(r)
		switch info & kindMask {
		case kindWord:
			if simple && info&foldable != 0 && len(out) < len(buf)-2 {
				out = appendRune3(out, info&foldMask)
			} else {
				simple = false
			}
			prev = r
		case kindJoin:
			if !wordRuneAt(text, i+size) {
				return t.wordHash(text, start, i, simple, out)
			}
			prev = -1
		case kindNumSep:
			if !isDigitRune(prev) || !digitAt(text, i+size) {
				return t.wordHash(text, start, i, simple, out)
			}
			prev = -1
		default: // a separator, or an invalid byte (r == RuneError)
			return t.wordHash(text, start, i, simple, out)
		}
		i += size
	}
	return t.wordHash(text, start, i, simple, out)
}

func (t *Tokenizer) wordHash(text string, start, end int, simple bool, out []byte) (int, uint64) {
	if simple {
		return end, xxhash.Sum64(out)
	}
	return end, xxhash.Sum64(t.normalized(text[start:end]))
}

// wordRuneAt reports whether a word rune starts at text[i].
func wordRuneAt(text string, i int) bool {
	if i >= len(text) {
		return false
	}
	if c := text[i]; c < utf8.RuneSelf {
		return asciiClass[c] == clAlnum
	}
	r, _ := decodeRune(text[i:])
	return isWordRune(r)
}

// digitAt reports whether a decimal digit starts at text[i].
func digitAt(text string, i int) bool {
	if i >= len(text) {
		return false
	}
	r, _ := decodeRune(text[i:])
	return isDigitRune(r)
}
