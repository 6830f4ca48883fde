package shingle

import (
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// normalized returns the normalised form of s: its word runes, in the
// form whose xxhash is a word's Hash. For a word's text, the runes left out
// are its joiners. The result lives in t's buffers until the next call.
func (t *Tokenizer) normalized(s string) []byte {
	raw := t.raw[:0] // the word runes as they are
	out := t.out[:0] // the same, folded rune by rune while that is exact
	simple := true
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if asciiClass[c] == clAlnum {
				raw = append(raw, c)
				out = append(out, c|0x20)
			}
			i++
			continue
		}
		r, size := decodeRune(s[i:])
		if !isWordRune(r) {
			i += size
			continue
		}
		raw = append(raw, s[i:i+size]...)
		if info := runeInfo(r); simple && info&foldable != 0 {
			out = appendRune3(out, info&foldMask)
		} else {
			simple = false
		}
		i += size
	}
	t.raw, t.out = raw, out
	if simple {
		return out
	}
	return t.normalize(raw)
}

// appendNormalized appends the normalised form of s to dst.
func (t *Tokenizer) appendNormalized(dst []byte, s string) []byte {
	return append(dst, t.normalized(s)...)
}

// normalize returns the normalised form of raw, a word with its joiners
// dropped: NFKC, then full case folding, then NFKC again where folding
// undid it (so that normalising is idempotent), keeping word runes only
// (NFKC turns some word runes into sequences with punctuation, "½" into
// "1⁄2"). The result lives in t.out until the next call.
func (t *Tokenizer) normalize(raw []byte) []byte {
	t.nfkc = t.appendNFKC(t.nfkc[:0], raw)
	if !t.hasFold {
		t.fold = cases.Fold()
		t.hasFold = true
	}
	t.folded = t.appendFold(t.folded[:0], t.nfkc)
	src := t.folded
	if !norm.NFKC.IsNormal(src) {
		t.nfkc = t.appendNFKC(t.nfkc[:0], src)
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

// appendNFKC appends src in NFKC to dst. Text already in NFKC, the usual
// case, is copied; other text goes through an Iter kept in t, as
// norm.Form.Append would allocate each time.
func (t *Tokenizer) appendNFKC(dst, src []byte) []byte {
	if norm.NFKC.QuickSpan(src) == len(src) {
		return append(dst, src...)
	}
	if t.iter == nil {
		t.iter = new(norm.Iter)
	}
	t.iter.Init(norm.NFKC, src)
	for !t.iter.Done() {
		dst = append(dst, t.iter.Next()...)
	}
	return dst
}

// appendFold appends src case-folded to dst.
func (t *Tokenizer) appendFold(dst, src []byte) []byte {
	if need := len(dst) + 3*len(src) + 16; cap(dst) < need {
		dst = append(make([]byte, 0, need), dst...)
	}
	for {
		t.fold.Reset()
		nDst, _, err := t.fold.Transform(dst[len(dst):cap(dst)], src, true)
		if err == nil {
			return dst[:len(dst)+nDst]
		}
		// Only a short destination can fail here: src is valid UTF-8.
		dst = append(make([]byte, 0, 2*cap(dst)), dst...)
	}
}
