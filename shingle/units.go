package shingle

import (
	"unicode"
	"unicode/utf8"
)

// Span is a byte range [Start, End) of a text.
type Span struct {
	Start, End int
}

// AppendUnits appends the units of text to dst: its paragraphs, separated
// by blank lines (lines of white space only), or its lines when no blank
// line stands between two lines of text. Lines end at "\n", "\r\n" or a lone
// "\r". Units are trimmed of surrounding white space (Unicode's, so no-break
// spaces too, and byte-order marks); empty ones are left out.
func AppendUnits(dst []Span, text string) []Span {
	paragraphs := hasInnerBlankLine(text)
	unit, unitEnd := -1, 0 // the paragraph being read, if any
	for start := 0; start < len(text); {
		end, next := lineEnd(text, start)
		switch {
		case !paragraphs:
			dst = appendTrimmed(dst, text, start, end)
		case isBlank(text[start:end]):
			if unit >= 0 {
				dst = appendTrimmed(dst, text, unit, unitEnd)
				unit = -1
			}
		default:
			if unit < 0 {
				unit = start
			}
			unitEnd = end
		}
		start = next
	}
	if unit >= 0 {
		dst = appendTrimmed(dst, text, unit, unitEnd)
	}
	return dst
}

// lineEnd returns the end of the line that starts at start and the start
// of the next one.
func lineEnd(text string, start int) (end, next int) {
	for i := start; i < len(text); i++ {
		switch text[i] {
		case '\n':
			return i, i + 1
		case '\r':
			if i+1 < len(text) && text[i+1] == '\n' {
				return i, i + 2
			}
			return i, i + 1
		}
	}
	return len(text), len(text)
}

// hasInnerBlankLine reports whether a blank line stands between two lines
// that are not blank; blank lines before the first line of text or after
// the last do not make a text one of paragraphs.
func hasInnerBlankLine(text string) bool {
	seenText, blankAfterText := false, false
	for start := 0; start < len(text); {
		end, next := lineEnd(text, start)
		if isBlank(text[start:end]) {
			blankAfterText = seenText
		} else {
			if blankAfterText {
				return true
			}
			seenText = true
		}
		start = next
	}
	return false
}

// isBlank reports whether s holds only white space.
func isBlank(s string) bool {
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if !isSpaceByte(c) {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if !isSpaceRune(r) {
			return false
		}
		i += size
	}
	return true
}

func isSpaceByte(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

// isSpaceRune reports Unicode white space and the byte-order mark, which
// some editors put at the start of files.
func isSpaceRune(r rune) bool {
	return unicode.IsSpace(r) || r == '\uFEFF'
}

func appendTrimmed(dst []Span, text string, s, e int) []Span {
	for s < e {
		if c := text[s]; c < utf8.RuneSelf {
			if !isSpaceByte(c) {
				break
			}
			s++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[s:e])
		if !isSpaceRune(r) {
			break
		}
		s += size
	}
	for e > s {
		if c := text[e-1]; c < utf8.RuneSelf {
			if !isSpaceByte(c) {
				break
			}
			e--
			continue
		}
		r, size := utf8.DecodeLastRuneInString(text[s:e])
		if !isSpaceRune(r) {
			break
		}
		e -= size
	}
	if s < e {
		dst = append(dst, Span{s, e})
	}
	return dst
}
