package main

import (
	"encoding/binary"
	"math/bits"
	"strings"
	"unicode/utf8"

	"github.com/neardup/neardup"
)

// A JSONL record is decoded by a single pass written for its one shape, a
// flat object of strings: encoding/json checks a line in one pass and
// decodes it in a second, and was a sixth of the CLI's time on a large
// corpus. The fast pass decides only what it is sure of. Whatever it does
// not handle (bad JSON, a known field that is not a string or null, a
// non-ASCII key, deep nesting) sends the line to encoding/json, so that
// every error, and every document, is the one encoding/json gives.

// fields is what a record's known keys held. Last one wins for a key seen
// twice, as in encoding/json; null clears a required field (its pointer
// in jsonlRecord) and leaves an optional one as it was.
type fields struct {
	id, text, title, source, url, date string
	hasID, hasText                     bool
}

// Known keys, as numbered by fieldOf.
const (
	keyUnknown = iota
	keyID
	keyText
	keyTitle
	keySource
	keyURL
	keyDate
)

// maxSkipDepth bounds how deep the fast pass follows nested arrays and
// objects of unknown fields; deeper lines (and encoding/json's own depth
// limit) are left to encoding/json.
const maxSkipDepth = 64

// recordDecoder decodes JSONL records. Its buffer, which holds strings
// with escapes while they are decoded, is reused from line to line; a
// decoder is for one goroutine.
type recordDecoder struct {
	buf []byte
}

// decode turns one JSONL line into a document, exactly as decodeRecordStd
// does.
func (d *recordDecoder) decode(line []byte) (neardup.Document, error) {
	f, ok := d.parse(line)
	if !ok {
		return decodeRecordStd(line)
	}
	return f.document()
}

// parse reads a line holding one JSON object. ok is false when the line
// is not valid JSON or is anything the fast pass leaves to encoding/json.
func (d *recordDecoder) parse(line []byte) (f fields, ok bool) {
	i := skipSpace(line, 0)
	if i >= len(line) || line[i] != '{' {
		return f, false
	}
	i = skipSpace(line, i+1)
	if i < len(line) && line[i] == '}' {
		return f, skipSpace(line, i+1) == len(line)
	}
	for {
		if i >= len(line) || line[i] != '"' {
			return f, false
		}
		key, next, ok := d.str(line, i+1)
		if !ok {
			return f, false
		}
		k, ok := fieldOf(key)
		if !ok {
			return f, false
		}
		i = skipSpace(line, next)
		if i >= len(line) || line[i] != ':' {
			return f, false
		}
		i = skipSpace(line, i+1)
		if i >= len(line) {
			return f, false
		}
		if k == keyUnknown {
			if i, ok = d.skipValue(line, i, 0); !ok {
				return f, false
			}
		} else {
			switch line[i] {
			case '"':
				v, next, ok := d.str(line, i+1)
				if !ok {
					return f, false
				}
				f.set(k, string(v))
				i = next
			case 'n':
				if !hasLiteral(line, i, "null") {
					return f, false
				}
				f.clear(k)
				i += len("null")
			default:
				return f, false // not a string: encoding/json words the error
			}
		}
		i = skipSpace(line, i)
		if i >= len(line) {
			return f, false
		}
		switch line[i] {
		case ',':
			i = skipSpace(line, i+1)
		case '}':
			return f, skipSpace(line, i+1) == len(line)
		default:
			return f, false
		}
	}
}

func (f *fields) set(k int, v string) {
	switch k {
	case keyID:
		f.id, f.hasID = v, true
	case keyText:
		f.text, f.hasText = v, true
	case keyTitle:
		f.title = v
	case keySource:
		f.source = v
	case keyURL:
		f.url = v
	case keyDate:
		f.date = v
	}
}

func (f *fields) clear(k int) {
	switch k {
	case keyID:
		f.id, f.hasID = "", false
	case keyText:
		f.text, f.hasText = "", false
	}
}

// fieldOf names the field a decoded key sets. encoding/json matches keys
// to field names ignoring case, with Unicode folding (so that "ſource",
// with a long s, is "source"); ok is false for a non-ASCII key, which is
// left to it.
func fieldOf(key []byte) (k int, ok bool) {
	for _, c := range key {
		if c >= utf8.RuneSelf {
			return 0, false
		}
	}
	for k, name := range keyNames {
		if len(key) == len(name) && strings.EqualFold(string(key), name) {
			return k, true
		}
	}
	return keyUnknown, true
}

// keyNames holds the name of each known key, by its number.
var keyNames = [...]string{keyID: "id", keyText: "text", keyTitle: "title", keySource: "source", keyURL: "url", keyDate: "date"}

func skipSpace(s []byte, i int) int {
	for i < len(s) {
		switch s[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

func hasLiteral(s []byte, i int, lit string) bool {
	return len(s)-i >= len(lit) && string(s[i:i+len(lit)]) == lit
}

// skipValue checks the JSON value starting at s[i] and returns where it
// ends.
func (d *recordDecoder) skipValue(s []byte, i, depth int) (int, bool) {
	switch c := s[i]; {
	case c == '"':
		_, next, ok := d.str(s, i+1)
		return next, ok
	case c == '{' || c == '[':
		if depth >= maxSkipDepth {
			return 0, false
		}
		end := byte('}')
		if c == '[' {
			end = ']'
		}
		i = skipSpace(s, i+1)
		if i < len(s) && s[i] == end {
			return i + 1, true
		}
		for {
			if end == '}' {
				if i >= len(s) || s[i] != '"' {
					return 0, false
				}
				_, next, ok := d.str(s, i+1)
				if !ok {
					return 0, false
				}
				i = skipSpace(s, next)
				if i >= len(s) || s[i] != ':' {
					return 0, false
				}
				i = skipSpace(s, i+1)
			}
			if i >= len(s) {
				return 0, false
			}
			next, ok := d.skipValue(s, i, depth+1)
			if !ok {
				return 0, false
			}
			i = skipSpace(s, next)
			if i >= len(s) {
				return 0, false
			}
			switch s[i] {
			case ',':
				i = skipSpace(s, i+1)
			case end:
				return i + 1, true
			default:
				return 0, false
			}
		}
	case c == 't':
		return i + len("true"), hasLiteral(s, i, "true")
	case c == 'f':
		return i + len("false"), hasLiteral(s, i, "false")
	case c == 'n':
		return i + len("null"), hasLiteral(s, i, "null")
	default:
		return skipNumber(s, i)
	}
}

// skipNumber checks a JSON number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
// What follows it is the caller's to check.
func skipNumber(s []byte, i int) (int, bool) {
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i >= len(s):
		return 0, false
	case s[i] == '0':
		i++
	case '1' <= s[i] && s[i] <= '9':
		i = skipDigits(s, i+1)
	default:
		return 0, false
	}
	if i < len(s) && s[i] == '.' {
		j := skipDigits(s, i+1)
		if j == i+1 {
			return 0, false
		}
		i = j
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		j := skipDigits(s, i)
		if j == i {
			return 0, false
		}
		i = j
	}
	return i, true
}

func skipDigits(s []byte, i int) int {
	for i < len(s) && '0' <= s[i] && s[i] <= '9' {
		i++
	}
	return i
}

// str decodes the JSON string whose opening quote is at s[i-1], returning
// its value and the index after its closing quote. The value is a piece
// of s when the string has nothing to change, else it sits in d.buf until
// the next call. Decoding follows encoding/json: invalid UTF-8 and lone
// surrogates each become U+FFFD.
func (d *recordDecoder) str(s []byte, i int) (val []byte, next int, ok bool) {
	start := i
	for {
		i = plainRun(s, i)
		if i >= len(s) {
			return nil, 0, false
		}
		c := s[i]
		if c == '"' {
			return s[start:i], i + 1, true
		}
		if c < utf8.RuneSelf {
			break // an escape, or a control character the fallback rejects
		}
		r, size := utf8.DecodeRune(s[i:])
		if r == utf8.RuneError && size == 1 {
			break
		}
		i += size
	}
	buf := append(d.buf[:0], s[start:i]...)
	for {
		j := plainRun(s, i)
		buf = append(buf, s[i:j]...)
		i = j
		if i >= len(s) {
			d.buf = buf
			return nil, 0, false
		}
		switch c := s[i]; {
		case c == '"':
			d.buf = buf
			return buf, i + 1, true
		case c == '\\':
			if i+1 >= len(s) {
				d.buf = buf
				return nil, 0, false
			}
			switch e := s[i+1]; e {
			case '"', '\\', '/':
				buf = append(buf, e)
			case 'b':
				buf = append(buf, '\b')
			case 'f':
				buf = append(buf, '\f')
			case 'n':
				buf = append(buf, '\n')
			case 'r':
				buf = append(buf, '\r')
			case 't':
				buf = append(buf, '\t')
			case 'u':
				r, ok := hex4(s, i+2)
				if !ok {
					d.buf = buf
					return nil, 0, false
				}
				i += 6
				if 0xd800 <= r && r < 0xe000 {
					// A high surrogate pairs with a low one right after
					// it; any other surrogate stands for U+FFFD, and
					// whatever follows is decoded on its own.
					if r < 0xdc00 && len(s)-i >= 6 && s[i] == '\\' && s[i+1] == 'u' {
						if r2, ok := hex4(s, i+2); ok && 0xdc00 <= r2 && r2 < 0xe000 {
							r = 0x10000 + (r-0xd800)<<10 + (r2 - 0xdc00)
							i += 6
							buf = utf8.AppendRune(buf, r)
							continue
						}
					}
					r = utf8.RuneError
				}
				buf = utf8.AppendRune(buf, r)
				continue
			default:
				d.buf = buf
				return nil, 0, false
			}
			i += 2
		case c < ' ':
			d.buf = buf
			return nil, 0, false
		default:
			r, size := utf8.DecodeRune(s[i:])
			if r == utf8.RuneError && size == 1 {
				buf = utf8.AppendRune(buf, utf8.RuneError)
			} else {
				buf = append(buf, s[i:i+size]...)
			}
			i += size
		}
	}
}

// hex4 reads the four hex digits of a \u escape at s[i:].
func hex4(s []byte, i int) (rune, bool) {
	if len(s)-i < 4 {
		return 0, false
	}
	var r rune
	for _, c := range s[i : i+4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// Byte-wise masks for plainRun.
const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// plainRun returns the index of the first byte at or after i that a string
// cannot take as it is: a quote, a backslash, a control character or a
// non-ASCII byte (which needs checking as UTF-8), or len(s). It looks at
// eight bytes at a time: a byte is flagged when it is below 0x20, when it
// XORed with '"' or '\\' is zero (both found by the borrow out of a
// subtraction), or when its top bit is set. Borrows only spill into bytes
// above a flagged one, so the lowest flag is exact.
func plainRun(s []byte, i int) int {
	for len(s)-i >= 8 {
		x := binary.LittleEndian.Uint64(s[i:])
		low := (x - 0x20*ones) | ((x ^ '"'*ones) - ones) | ((x ^ '\\'*ones) - ones)
		if m := (low&^x | x) & highs; m != 0 {
			return i + bits.TrailingZeros64(m)>>3
		}
		i += 8
	}
	for ; i < len(s); i++ {
		if c := s[i]; c == '"' || c == '\\' || c < ' ' || c >= utf8.RuneSelf {
			return i
		}
	}
	return i
}
