package report

import (
	"math"
	"math/bits"
	"strconv"
	"unicode/utf8"
)

// This file holds the appenders behind WriteJSON. They write the bytes
// json.MarshalIndent(r, "", "  ") writes with HTML escaping off (save for
// absent lists, written [] rather than null), knowing the report's types
// instead of discovering them by reflection, and append straight into the
// caller's buffer so that nothing is allocated per field.
//
// The indentation of every key is fixed by where its type sits in a Report,
// so each key is appended together with its newline and indent as one
// constant string. Depths: the report's keys at 2 spaces; params' keys and
// the elements of documents and clusters at 4; their keys at 6; origin's
// keys and passages' elements at 8; a passage's keys at 10; its diff
// elements at 12 and their keys at 14.

// appendParams appends p as the value of the report's "params" key.
func appendParams(dst []byte, p *Params) []byte {
	dst = append(dst, "{\n    \"threshold\": "...)
	dst = appendFloat(dst, p.Threshold)
	dst = append(dst, ",\n    \"shingle\": "...)
	dst = strconv.AppendInt(dst, int64(p.Shingle), 10)
	dst = append(dst, ",\n    \"hashes\": "...)
	dst = strconv.AppendInt(dst, int64(p.Hashes), 10)
	dst = append(dst, ",\n    \"bands\": "...)
	dst = strconv.AppendInt(dst, int64(p.Bands), 10)
	dst = append(dst, ",\n    \"rows\": "...)
	dst = strconv.AppendInt(dst, int64(p.Rows), 10)
	dst = append(dst, ",\n    \"seed\": "...)
	dst = strconv.AppendUint(dst, p.Seed, 10)
	dst = append(dst, ",\n    \"min_words\": "...)
	dst = strconv.AppendInt(dst, int64(p.MinWords), 10)
	dst = append(dst, ",\n    \"window\": "...)
	dst = strconv.AppendInt(dst, int64(p.Window), 10)
	dst = append(dst, ",\n    \"stride\": "...)
	dst = strconv.AppendInt(dst, int64(p.Stride), 10)
	dst = append(dst, ",\n    \"stopwords\": "...)
	dst = appendString(dst, p.Stopwords)
	dst = append(dst, ",\n    \"language\": "...)
	dst = appendString(dst, p.Language)
	dst = append(dst, ",\n    \"boilerplate\": "...)
	dst = strconv.AppendInt(dst, int64(p.Boilerplate), 10)
	return append(dst, "\n  }"...)
}

// appendDocument appends d as an element of the report's "documents".
func appendDocument(dst []byte, d *Document) []byte {
	dst = append(dst, "{\n      \"id\": "...)
	dst = appendString(dst, d.ID)
	dst = append(dst, ",\n      \"title\": "...)
	dst = appendString(dst, d.Title)
	dst = append(dst, ",\n      \"source\": "...)
	dst = appendString(dst, d.Source)
	dst = append(dst, ",\n      \"date\": "...)
	dst = appendString(dst, d.Date)
	if d.URL != "" {
		dst = append(dst, ",\n      \"url\": "...)
		dst = appendString(dst, d.URL)
	}
	dst = append(dst, ",\n      \"bytes\": "...)
	dst = strconv.AppendInt(dst, int64(d.Bytes), 10)
	dst = append(dst, ",\n      \"reused_bytes\": "...)
	dst = strconv.AppendInt(dst, int64(d.ReusedBytes), 10)
	return append(dst, "\n    }"...)
}

// appendClusterHead appends c as an element of the report's "clusters" up
// to the opening of its "passages" list: "[" when it has passages, whose
// elements follow, or the whole "[]" when it has none, in which case
// appendClusterTail follows at once.
func appendClusterHead(dst []byte, c *Cluster) []byte {
	dst = append(dst, "{\n      \"id\": "...)
	dst = strconv.AppendInt(dst, int64(c.ID), 10)
	dst = append(dst, ",\n      \"kind\": "...)
	dst = appendString(dst, c.Kind)
	dst = append(dst, ",\n      \"documents\": "...)
	dst = strconv.AppendInt(dst, int64(c.Documents), 10)
	dst = append(dst, ",\n      \"sources\": "...)
	dst = strconv.AppendInt(dst, int64(c.Sources), 10)
	dst = append(dst, ",\n      \"origin\": {\n        \"doc\": "...)
	dst = appendString(dst, c.Origin.Doc)
	dst = append(dst, ",\n        \"date\": "...)
	dst = appendString(dst, c.Origin.Date)
	dst = append(dst, ",\n        \"note\": "...)
	dst = appendString(dst, c.Origin.Note)
	if len(c.Origin.Tied) > 0 {
		dst = append(dst, ",\n        \"tied\": ["...)
		for i, id := range c.Origin.Tied {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = append(dst, "\n          "...)
			dst = appendString(dst, id)
		}
		dst = append(dst, "\n        ]"...)
	}
	dst = append(dst, "\n      },\n      \"canonical\": "...)
	dst = appendString(dst, c.Canonical)
	if len(c.Passages) == 0 { // nil too: [] rather than null
		return append(dst, ",\n      \"passages\": []"...)
	}
	return append(dst, ",\n      \"passages\": ["...)
}

// appendClusterTail closes a cluster opened by appendClusterHead, after its
// passages if it has any.
func appendClusterTail(dst []byte, c *Cluster) []byte {
	if len(c.Passages) == 0 {
		return append(dst, "\n    }"...)
	}
	return append(dst, "\n      ]\n    }"...)
}

// appendPassage appends p as an element of a cluster's "passages", with
// the separator and indent that go before it (first tells whether it is
// the first element).
func appendPassage(dst []byte, p *Passage, first bool) []byte {
	if first {
		dst = append(dst, "\n        {\n          \"doc\": "...)
	} else {
		dst = append(dst, ",\n        {\n          \"doc\": "...)
	}
	dst = appendString(dst, p.Doc)
	dst = append(dst, ",\n          \"start\": "...)
	dst = strconv.AppendInt(dst, int64(p.Start), 10)
	dst = append(dst, ",\n          \"end\": "...)
	dst = strconv.AppendInt(dst, int64(p.End), 10)
	dst = append(dst, ",\n          \"similarity\": "...)
	dst = appendFloat(dst, p.Similarity)
	dst = append(dst, ",\n          \"text\": "...)
	dst = appendString(dst, p.Text)
	dst = append(dst, ",\n          \"date\": "...)
	dst = appendString(dst, p.Date)
	dst = append(dst, ",\n          \"source\": "...)
	dst = appendString(dst, p.Source)
	dst = append(dst, ",\n          \"title\": "...)
	dst = appendString(dst, p.Title)
	if p.Origin {
		dst = append(dst, ",\n          \"origin\": true"...)
	} else {
		dst = append(dst, ",\n          \"origin\": false"...)
	}
	if len(p.Diff) > 0 {
		dst = append(dst, ",\n          \"diff\": ["...)
		for i := range p.Diff {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = append(dst, "\n            {\n              \"op\": "...)
			dst = appendString(dst, p.Diff[i].Op)
			dst = append(dst, ",\n              \"text\": "...)
			dst = appendString(dst, p.Diff[i].Text)
			dst = append(dst, "\n            }"...)
		}
		dst = append(dst, "\n          ]"...)
	}
	dst = append(dst, ",\n          \"canonical_start\": "...)
	dst = strconv.AppendInt(dst, int64(p.CanonicalStart), 10)
	dst = append(dst, ",\n          \"canonical_end\": "...)
	dst = strconv.AppendInt(dst, int64(p.CanonicalEnd), 10)
	return append(dst, "\n        }"...)
}

// appendFloat appends f as encoding/json writes a float64: the shortest
// decimal that reads back as f, in exponent form only below 1e-6 or from
// 1e21 up (as JavaScript prints numbers), with a one-digit negative
// exponent unpadded. f must be finite: JSON has no NaN or infinity, and
// WriteJSON refuses them before it writes anything.
func appendFloat(dst []byte, f float64) []byte {
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	dst = strconv.AppendFloat(dst, f, format, -1, 64)
	if format == 'e' {
		// strconv pads the exponent to two digits, JavaScript does not:
		// 1e-07 becomes 1e-7. Positive exponents here have two digits.
		if n := len(dst); dst[n-4] == 'e' && dst[n-3] == '-' && dst[n-2] == '0' {
			dst[n-2] = dst[n-1]
			dst = dst[:n-1]
		}
	}
	return dst
}

// asciiEscaped marks the ASCII bytes encoding/json escapes with HTML
// escaping off: the quote, the backslash and the control characters below
// 0x20 (DEL is copied as it is).
var asciiEscaped = func() (t [utf8.RuneSelf]bool) {
	for b := range 0x20 {
		t[b] = true
	}
	t['"'] = true
	t['\\'] = true
	return t
}()

const hexDigits = "0123456789abcdef"

// appendString appends s quoted as encoding/json quotes it with HTML
// escaping off: `"` and `\` are escaped with a backslash, control
// characters as \b \f \n \r \t or else \u00XX, U+2028 and U+2029 as
// \u2028 and \u2029 (they end a line in JavaScript), and each byte that is
// not part of valid UTF-8 becomes \ufffd. Runs of bytes that need none of
// this are copied whole.
func appendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0 // first byte not yet copied
	i := 0
	for i < len(s) {
		// Skip safe ASCII sixteen bytes at a time, then eight: a word is
		// safe when no byte is below 0x20, none is '"' or '\\', and none
		// has its top bit set. At the first word that is not, go straight
		// to its first byte that is not.
		for len(s)-i >= 16 {
			t := s[i : i+16] // one bounds check, and one load a word
			m0, m1 := unsafeBytes(le64(t[:8])), unsafeBytes(le64(t[8:]))
			if m0|m1 != 0 {
				if m0 != 0 {
					i += bits.TrailingZeros64(m0) >> 3
				} else {
					i += 8 + bits.TrailingZeros64(m1)>>3
				}
				break
			}
			i += 16
		}
		for len(s)-i >= 8 && len(s)-i < 16 {
			if m := unsafeBytes(le64(s[i : i+8])); m != 0 {
				i += bits.TrailingZeros64(m) >> 3
				break
			}
			i += 8
		}
		if i >= len(s) {
			break
		}
		if b := s[i]; b < utf8.RuneSelf {
			if !asciiEscaped[b] {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '"', '\\':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[b>>4], hexDigits[b&0xf])
			}
			i++
			start = i
			continue
		}
		// A run of multi-byte runes, as in text in most scripts other
		// than Latin: stay here until the next ASCII byte rather than
		// try a word of ASCII after every rune.
		for i < len(s) && s[i] >= utf8.RuneSelf {
			// Two-byte runes (Greek, Cyrillic, Armenian, Hebrew, Arabic
			// and Latin accents) are valid exactly when the lead byte is
			// C2 to DF and a continuation byte follows.
			if b := s[i]; b >= 0xc2 && b <= 0xdf && i+1 < len(s) && s[i+1]&0xc0 == 0x80 {
				i += 2
				continue
			}
			r, size := utf8.DecodeRuneInString(s[i:])
			switch {
			case r == utf8.RuneError && size == 1:
				dst = append(dst, s[start:i]...)
				dst = append(dst, `\ufffd`...)
			case r == '\u2028' || r == '\u2029':
				dst = append(dst, s[start:i]...)
				dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			default:
				i += size
				continue
			}
			i += size
			start = i
		}
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// le64 reads the first eight bytes of s as a little-endian word, which
// the compiler makes one load.
func le64(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// unsafeBytes marks, in their top bits, bytes of w that are below 0x20,
// are '"' or '\\', or are 0x80 or above: it is zero exactly when w has
// none. The first three tests are the classic ones for a byte below n,
// (x - n·0x01…01) &^ x & 0x80…80, and for a zero byte after XOR with the
// byte sought; borrows between bytes can make them mark a safe byte, but
// only above a byte that is itself marked (a borrow comes from a byte
// below n, or from the byte sought), and they can miss only in a word
// holding a byte of 0x80 or above, which the last term, w & 0x80…80,
// marks on its own. So the lowest mark is always the first unsafe byte.
func unsafeBytes(w uint64) uint64 {
	const (
		ones  = 0x0101010101010101
		highs = 0x8080808080808080
	)
	lt := (w - 0x20*ones) &^ w
	q := w ^ ('"' * ones)
	bs := w ^ ('\\' * ones)
	return (lt | (q-ones)&^q | (bs-ones)&^bs | w) & highs
}
