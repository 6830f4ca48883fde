package shingle

import (
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// Byte classes of the ASCII fast path.
const (
	clSep    = iota // ends a word
	clAlnum         // [A-Za-z0-9]
	clJoin          // apostrophe: joins two word runes and is dropped
	clNumSep        // '.' or ',': joins two digits and is dropped
	clHigh          // byte of a multi-byte rune, or invalid
)

var asciiClass = func() (t [256]uint8) {
	for c := 0; c < 256; c++ {
		switch {
		case c >= 0x80:
			t[c] = clHigh
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
			t[c] = clAlnum
		case c == '\'', c == '`':
			t[c] = clJoin
		case c == '.', c == ',':
			t[c] = clNumSep
		}
	}
	return t
}()

func isDigit(c byte) bool { return c-'0' < 10 }

func isDigitRune(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= '0' && r <= '9'
	}
	return unicode.IsDigit(r)
}

// decodeRune is utf8.DecodeRuneInString with the two-byte runes of most
// alphabets decoded inline.
func decodeRune(s string) (rune, int) {
	if len(s) >= 2 && s[0] >= 0xC2 && s[0] < 0xE0 && s[1]&0xC0 == 0x80 {
		return rune(s[0]&0x1F)<<6 | rune(s[1]&0x3F), 2
	}
	return utf8.DecodeRuneInString(s)
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
		m[c>>6] &^= 1 << (c & 63)
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

// A rune's kind and, in runeInfo, its case fold, packed in 32 bits.
const (
	kindSep    = 0 << 30
	kindWord   = 1 << 30
	kindJoin   = 2 << 30 // apostrophe or invisible joiner
	kindNumSep = 3 << 30
	kindMask   = 3 << 30
	foldable   = 1 << 29 // the low 16 bits hold the rune's normalised form
	foldMask   = 1<<16 - 1
)

func runeKind(r rune) uint32 {
	switch {
	case isWordRune(r):
		return kindWord
	case isApostrophe(r), isInvisibleJoiner(r):
		return kindJoin
	case isNumSep(r):
		return kindNumSep
	}
	return kindSep
}

// runeInfo returns the kind of r and, if r is foldable, its normalised
// form. A word rune of the Basic Multilingual Plane that NFKC leaves alone
// whatever its neighbours, and that case-folds to one such rune, is
// foldable. A word made of foldable runes is its own NFKC form, folds rune
// by rune and stays in NFKC when folded, so mapping its runes gives exactly
// what the general normalisation would, many times faster.
func runeInfo(r rune) uint32 {
	if uint32(r) >= 1<<16 {
		return runeKind(r)
	}
	p := runePages[r>>8].Load()
	if p == nil {
		p = makeRunePage(int(r >> 8))
	}
	return p[r&0xFF]
}

// runePages holds runeInfo for each page of 256 runes of the Basic
// Multilingual Plane. A page is made from golang.org/x/text when first
// needed (so the tables cannot drift from it, and a text pays only for the
// scripts it uses); goroutines that race to make one make the same.
var runePages [256]atomic.Pointer[[256]uint32]

func makeRunePage(page int) *[256]uint32 {
	var t [256]uint32
	fold := cases.Fold()
	for j := range t {
		r := rune(page<<8 | j)
		t[j] = runeKind(r)
		if t[j] != kindWord || !inertNFKC(r) {
			continue
		}
		f := []rune(fold.String(string(r)))
		if len(f) == 1 && f[0] <= foldMask && isWordRune(f[0]) && inertNFKC(f[0]) {
			t[j] |= foldable | uint32(f[0])
		}
	}
	runePages[page].CompareAndSwap(nil, &t)
	return runePages[page].Load()
}

// inertNFKC reports whether NFKC leaves r alone and no rune before it can
// combine with it.
func inertNFKC(r rune) bool {
	s := string(r)
	p := norm.NFKC.PropertiesString(s)
	return p.BoundaryBefore() && p.CCC() == 0 && norm.NFKC.String(s) == s
}

// appendRune3 appends the UTF-8 form of r < U+10000.
func appendRune3(dst []byte, r uint32) []byte {
	switch {
	case r < 0x80:
		return append(dst, byte(r))
	case r < 0x800:
		return append(dst, 0xC0|byte(r>>6), 0x80|byte(r&0x3F))
	}
	return append(dst, 0xE0|byte(r>>12), 0x80|byte(r>>6&0x3F), 0x80|byte(r&0x3F))
}
