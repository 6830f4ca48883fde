package shingle

// Span is a byte range [Start, End) of a text.
type Span struct {
	Start, End int
}

// AppendUnits appends the units of text to dst: its paragraphs, separated
// by blank lines (lines of white space only), or its lines when the text has
// no blank line. Units are trimmed of surrounding white space; empty ones
// are left out.
func AppendUnits(dst []Span, text string) []Span {
	blank := hasBlankLine(text)
	start := 0
	lineStart := 0
	for i := 0; i <= len(text); i++ {
		if i < len(text) && text[i] != '\n' {
			continue
		}
		line := text[lineStart:i]
		if !blank {
			dst = appendTrimmed(dst, text, lineStart, i)
			start = i + 1
		} else if isSpace(line) {
			dst = appendTrimmed(dst, text, start, lineStart)
			start = i + 1
		}
		lineStart = i + 1
	}
	if start < len(text) {
		dst = appendTrimmed(dst, text, start, len(text))
	}
	return dst
}

func hasBlankLine(text string) bool {
	lineStart := 0
	seenText := false
	for i := 0; i < len(text); i++ {
		if text[i] == '\n' {
			if seenText && isSpace(text[lineStart:i]) {
				return true
			}
			seenText = seenText || !isSpace(text[lineStart:i])
			lineStart = i + 1
		}
	}
	return false
}

func isSpace(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', '\t', '\r', '\v', '\f':
		default:
			if s[i] == 0xC2 && i+1 < len(s) && s[i+1] == 0xA0 { // no-break space
				i++
				continue
			}
			return false
		}
	}
	return true
}

func appendTrimmed(dst []Span, text string, s, e int) []Span {
	for s < e && isSpaceByte(text[s]) {
		s++
	}
	for e > s && isSpaceByte(text[e-1]) {
		e--
	}
	if s < e {
		dst = append(dst, Span{s, e})
	}
	return dst
}

func isSpaceByte(b byte) bool {
	return b == ' ' || b == '\t' || b == '\r' || b == '\n' || b == '\v' || b == '\f'
}
