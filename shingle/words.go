package shingle

import (
	"math"
	"math/bits"
	"unicode"
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

// Byte classes of the ASCII fast path.
const (
	clSep    = iota // ends a word
	clAlnum         // [A-Za-z0-9]
	clJoin          // apostrophe: joins two word runes and is dropped
	clNumSep        // '.' or ',': joins two digits and is dropped
	clHigh          // lead or continuation byte of a multi-byte rune, or invalid
)

var asciiClass = func() (t [256]uint8) {
	for c := 0; c < 256; c++ {
		switch {
		case c >= 0x80:
			t[c] = clHigh
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
			t[c] = clAlnum
		case c == '\'':
			t[c] = clJoin
		case c == '.' || c == ',':
			t[c] = clNumSep
		}
	}
	return t
}()

func isDigit(c byte) bool { return c-'0' < 10 }

// Tokenizer splits text into words. It keeps scratch buffers for words that
// need Unicode normalisation, so a Tokenizer must not be shared between
// goroutines; the zero value is ready to use.
type Tokenizer struct {
	raw     []byte // the word with its joiners dropped
	nfkc    []byte
	folded  []byte
	out     []byte // the normalised word
	fold    cases.Caser
	hasFold bool
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
	i := 0
	for i < n {
		// Skip to the next ASCII letter or digit or non-ASCII byte.
		if i+8 <= n {
			x := le64(text[i:])
			m := (alnum8(x) | x) & msb
			if m == 0 {
				i += 8
				continue
			}
			i += bits.TrailingZeros64(m) >> 3
		} else {
			for i < n && asciiClass[text[i]] != clAlnum && text[i] < utf8.RuneSelf {
				i++
			}
			if i == n {
				break
			}
		}
		start := i
		if text[i] >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(text[i:])
			if !isWordRune(r) {
				i += size
				continue
			}
			var h uint64
			i, h = t.slowWord(text, start)
			dst = append(dst, Word{Start: uint32(start), End: uint32(i), Hash: h})
			continue
		}
		// Find the end of the run of letters and digits.
		for {
			if i+8 > n {
				for i < n && asciiClass[text[i]] == clAlnum {
					i++
				}
				break
			}
			if m := ^alnum8(le64(text[i:])) & msb; m != 0 {
				i += bits.TrailingZeros64(m) >> 3
				break
			}
			i += 8
		}
		var h uint64
		switch {
		case i < n && asciiClass[text[i]] != clSep && continuesAt(text, i):
			i, h = t.slowWord(text, start)
		case i-start < 32:
			h = hashLower(text[start:i])
		default:
			h = t.hashLowerLong(text[start:i])
		}
		dst = append(dst, Word{Start: uint32(start), End: uint32(i), Hash: h})
	}
	return dst
}

// continuesAt reports whether a word of ASCII letters and digits that
// reaches a non-separator byte at i may go on past it; the cases it lets
// through are settled by slowWord.
func continuesAt(text string, i int) bool {
	switch asciiClass[text[i]] {
	case clJoin:
		return i+1 < len(text) && (asciiClass[text[i+1]] == clAlnum || text[i+1] >= utf8.RuneSelf)
	case clNumSep:
		return isDigit(text[i-1]) && i+1 < len(text) && (isDigit(text[i+1]) || text[i+1] >= 0x80)
	default: // clHigh
		r, _ := utf8.DecodeRuneInString(text[i:])
		return isWordRune(r) || isApostrophe(r) || isInvisibleJoiner(r) || isNumSep(r)
	}
}

// scanAlnum returns the index of the first byte at or after i that is not
// an ASCII letter or digit. It tests eight bytes at a time.
func scanAlnum(s string, i int) int {
	for i+8 <= len(s) {
		if m := ^alnum8(le64(s[i:])) & msb; m != 0 {
			return i + bits.TrailingZeros64(m)>>3
		}
		i += 8
	}
	for i < len(s) && asciiClass[s[i]] == clAlnum {
		i++
	}
	return i
}

const (
	lsb = 0x0101010101010101
	msb = 0x8080808080808080
)

// alnum8 sets the top bit of each byte of x that is an ASCII letter or
// digit (other bits are garbage). The range tests add a bias to 7-bit
// values so that the top bit tells the comparison; no addition carries into
// the next byte.
func alnum8(x uint64) uint64 {
	v := x &^ msb
	y := v | 0x20*lsb // upper-case letters to lower case
	letter := (y + (0x80-'a')*lsb) &^ (y + (0x7F-'z')*lsb)
	digit := (v + (0x80-'0')*lsb) &^ (v + (0x7F-'9')*lsb)
	return (letter | digit) &^ x
}

func le64(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

func le32(s string) uint32 {
	_ = s[3]
	return uint32(s[0]) | uint32(s[1])<<8 | uint32(s[2])<<16 | uint32(s[3])<<24
}

// xxhash64 constants.
const (
	xxP1 uint64 = 11400714785074694791
	xxP2 uint64 = 14029467366897019727
	xxP3 uint64 = 1609587929392839161
	xxP4 uint64 = 9650029242287828579
	xxP5 uint64 = 2870177450012600261
)

// hashLower returns xxhash.Sum64 of w in lower case, where w is fewer
// than 32 ASCII letters and digits. It is the short-input branch of
// xxhash64 lower-casing as it loads: setting bit 5 lower-cases a letter and
// leaves a digit as it is. Most words are short, and this saves copying
// them and calling the general hash.
func hashLower(w string) uint64 {
	h := xxP5 + uint64(len(w))
	for ; len(w) >= 8; w = w[8:] {
		k := (le64(w) | 0x20*lsb) * xxP2
		k = bits.RotateLeft64(k, 31) * xxP1
		h ^= k
		h = bits.RotateLeft64(h, 27)*xxP1 + xxP4
	}
	if len(w) >= 4 {
		h ^= uint64(le32(w)|0x20202020) * xxP1
		h = bits.RotateLeft64(h, 23)*xxP2 + xxP3
		w = w[4:]
	}
	for j := 0; j < len(w); j++ {
		h ^= uint64(w[j]|0x20) * xxP5
		h = bits.RotateLeft64(h, 11) * xxP1
	}
	h ^= h >> 33
	h *= xxP2
	h ^= h >> 29
	h *= xxP3
	h ^= h >> 32
	return h
}

// hashLowerLong hashes a long run of ASCII letters and digits in lower case.
func (t *Tokenizer) hashLowerLong(s string) uint64 {
	b := t.out[:0]
	for j := 0; j < len(s); j++ {
		b = append(b, s[j]|0x20)
	}
	t.out = b
	return xxhash.Sum64(b)
}

// slowWord reads the word that starts with a word rune at start, following
// every joining rule, and returns its end and hash.
func (t *Tokenizer) slowWord(text string, start int) (end int, h uint64) {
	n := len(text)
	i := start
	prevDigit := false
	raw := t.raw[:0]
	ascii := true
scan:
	for i < n {
		c := text[i]
		if c < utf8.RuneSelf {
			switch asciiClass[c] {
			case clAlnum:
				raw = append(raw, c)
				prevDigit = isDigit(c)
				i++
				continue
			case clJoin:
				if wordRuneAt(text, i+1) {
					prevDigit = false
					i++
					continue
				}
			case clNumSep:
				if prevDigit && digitAt(text, i+1) {
					prevDigit = false
					i++
					continue
				}
			}
			break scan
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case isWordRune(r):
			raw = append(raw, text[i:i+size]...)
			ascii = false
			prevDigit = unicode.IsDigit(r)
		case isApostrophe(r) || isInvisibleJoiner(r):
			if !wordRuneAt(text, i+size) {
				break scan
			}
			prevDigit = false
		case isNumSep(r):
			if !prevDigit || !digitAt(text, i+size) {
				break scan
			}
			prevDigit = false
		default: // a separator, or an invalid byte (r == RuneError)
			break scan
		}
		i += size
	}
	t.raw = raw
	if ascii {
		for j, c := range raw {
			raw[j] = c | 0x20
		}
		return i, xxhash.Sum64(raw)
	}
	return i, xxhash.Sum64(t.normalize(raw))
}

// wordRuneAt reports whether a word rune starts at text[i].
func wordRuneAt(text string, i int) bool {
	if i >= len(text) {
		return false
	}
	if c := text[i]; c < utf8.RuneSelf {
		return asciiClass[c] == clAlnum
	}
	r, _ := utf8.DecodeRuneInString(text[i:])
	return isWordRune(r)
}

// digitAt reports whether a decimal digit starts at text[i].
func digitAt(text string, i int) bool {
	if i >= len(text) {
		return false
	}
	if c := text[i]; c < utf8.RuneSelf {
		return isDigit(c)
	}
	r, _ := utf8.DecodeRuneInString(text[i:])
	return unicode.IsDigit(r)
}

// normalize returns the normalised form of raw, a word with its joiners
// dropped: NFKC, then full case folding, then NFKC again where folding
// undid it (so that normalising is idempotent), keeping word runes only
// (NFKC turns some word runes into sequences with punctuation, "½" into
// "1⁄2"). The result lives in t's buffers until the next call.
func (t *Tokenizer) normalize(raw []byte) []byte {
	t.nfkc = norm.NFKC.Append(t.nfkc[:0], raw...)
	if !t.hasFold {
		t.fold = cases.Fold()
		t.hasFold = true
	}
	t.folded = t.transform(t.folded[:0], t.nfkc)
	src := t.folded
	if !norm.NFKC.IsNormal(src) {
		t.nfkc = norm.NFKC.Append(t.nfkc[:0], src...)
		src = t.nfkc
	}
	out := t.out[:0]
	for j := 0; j < len(src); {
		c := src[j]
		if c < utf8.RuneSelf {
			if asciiClass[c] == clAlnum {
				out = append(out, c)
			}
			j++
			continue
		}
		r, size := utf8.DecodeRune(src[j:])
		if isWordRune(r) {
			out = append(out, src[j:j+size]...)
		}
		j += size
	}
	t.out = out
	return out
}

// transform case-folds src into dst, growing dst as needed.
func (t *Tokenizer) transform(dst, src []byte) []byte {
	if need := 3*len(src) + 16; cap(dst) < need {
		dst = make([]byte, 0, need)
	}
	for {
		t.fold.Reset()
		nDst, _, err := t.fold.Transform(dst[:cap(dst)], src, true)
		if err == nil {
			return dst[:nDst]
		}
		// Only a short destination can fail here: src is valid UTF-8.
		dst = make([]byte, 0, 2*cap(dst))
	}
}

// appendNormalized appends the normalised form of s to dst: every word rune
// of s, in the form whose xxhash is a word's Hash.
func (t *Tokenizer) appendNormalized(dst []byte, s string) []byte {
	raw := t.raw[:0]
	ascii := true
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if asciiClass[c] == clAlnum {
				raw = append(raw, c|0x20)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if isWordRune(r) {
			raw = append(raw, s[i:i+size]...)
			ascii = false
		}
		i += size
	}
	t.raw = raw
	if ascii {
		return append(dst, raw...)
	}
	return append(dst, t.normalize(raw)...)
}

// wordBMP has a bit set for each rune of the Basic Multilingual Plane that
// is a word rune; it saves a search of the Unicode tables per rune.
var wordBMP = func() *[1 << 16 / 64]uint64 {
	var m [1 << 16 / 64]uint64
	for _, tab := range []*unicode.RangeTable{unicode.Letter, unicode.Mark, unicode.Number} {
		for _, r := range tab.R16 {
			for c := uint32(r.Lo); c <= uint32(r.Hi); c += uint32(r.Stride) {
				m[c>>6] |= 1 << (c & 63)
			}
		}
		for _, r := range tab.R32 {
			for c := r.Lo; c <= r.Hi && c < 1<<16; c += r.Stride {
				m[c>>6] |= 1 << (c & 63)
			}
		}
	}
	for _, c := range apostrophes {
		if c < 1<<16 {
			m[c>>6] &^= 1 << (c & 63)
		}
	}
	return &m
}()

// isWordRune reports whether r is a letter, mark or number; apostrophes
// that Unicode counts as letters (U+02BC) are not.
func isWordRune(r rune) bool {
	if uint32(r) < 1<<16 {
		return wordBMP[r>>6]&(1<<(r&63)) != 0
	}
	return unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsNumber(r)
}

// apostrophes join the parts of a word ("Azerbaijan’s") and are dropped
// from its normalised form.
var apostrophes = [...]rune{
	'\'', '`', '\u00B4', '\u02BC', '\u055A', '\u05F3',
	'\u2018', '\u2019', '\u201B', '\u2032', '\uFF07',
}

func isApostrophe(r rune) bool {
	for _, a := range apostrophes {
		if r == a {
			return true
		}
	}
	return false
}

// isInvisibleJoiner reports the format characters that may sit inside a
// word without splitting it: soft hyphen, zero-width (non-)joiner, word
// joiner and zero-width no-break space. Like apostrophes they are dropped.
func isInvisibleJoiner(r rune) bool {
	switch r {
	case '\u00AD', '\u200C', '\u200D', '\u2060', '\uFEFF':
		return true
	}
	return false
}

// isNumSep reports the decimal and thousands separators that join two
// digits ("1,960", "3.5") and are dropped.
func isNumSep(r rune) bool {
	switch r {
	case '.', ',', '\u066B', '\u066C', '\uFF0C', '\uFF0E':
		return true
	}
	return false
}

// AppendWords appends the words of text to dst with a fresh Tokenizer; use
// a Tokenizer of your own to reuse its buffers.
func AppendWords(dst []Word, text string) []Word {
	var t Tokenizer
	return t.AppendWords(dst, text)
}
