package shingle

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func unitTexts(text string) []string {
	var out []string
	for _, u := range AppendUnits(nil, text) {
		out = append(out, text[u.Start:u.End])
	}
	return out
}

func TestUnits(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"empty", "", nil},
		{"white space only", " \n\t\n \u00A0\n", nil},
		{"one line", "  Hello world.  ", []string{"Hello world."}},
		{"lines", "first line\nsecond line\n third \n", []string{"first line", "second line", "third"}},
		{"paragraphs", "Para one\nstill one.\n\nPara two.\n \t\nPara three\n", []string{"Para one\nstill one.", "Para two.", "Para three"}},
		{"many blank lines", "a\n\n\n\n b \n\n\nc", []string{"a", "b", "c"}},
		{"crlf lines", "one\r\ntwo\r\n", []string{"one", "two"}},
		{"crlf paragraphs", "one\r\nstill\r\n\r\ntwo\r\n", []string{"one\r\nstill", "two"}},
		{"lone cr", "one\rtwo\r\rthree", []string{"one\rtwo", "three"}},
		{"blank with nbsp", "a\nb\n\u00A0\u2003\nc", []string{"a\nb", "c"}},
		{"leading blank lines only", "\n\n  \nfirst\nsecond\n", []string{"first", "second"}},
		{"trailing blank lines only", "first\nsecond\n\n\n", []string{"first", "second"}},
		{"trims unicode space and bom", "\uFEFF\u00A0Title\u3000\n\nBody", []string{"Title", "Body"}},
		{"form feed line is blank", "a\n\f\nb", []string{"a", "b"}},
		{"no final newline", "a\n\nb", []string{"a", "b"}},
		{"invalid utf-8", "\xffa\xfe\n\n\xff", []string{"\xffa\xfe", "\xff"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, unitTexts(tt.text))
		})
	}
}

func TestUnitsKarabakh(t *testing.T) {
	for _, text := range karabakh(t) {
		units := AppendUnits(nil, text)
		require.Greater(t, len(units), 3)
		require.True(t, hasInnerBlankLine(text), "the articles are made of paragraphs")
		checkUnits(t, text, units)
	}
}

func TestUnitsAppend(t *testing.T) {
	dst := []Span{{1, 2}}
	dst = AppendUnits(dst, "a\nb")
	assert.Equal(t, []Span{{1, 2}, {0, 1}, {2, 3}}, dst)
}

// checkUnits checks what holds for every text: units are in order, apart,
// non-empty and trimmed; every rune that is not white space is in a unit;
// in paragraph mode a unit holds no blank line, in line mode no line break.
func checkUnits(t testing.TB, text string, units []Span) {
	t.Helper()
	covered := make([]bool, len(text))
	prev := 0
	paragraphs := hasInnerBlankLine(text)
	for i, u := range units {
		if u.Start < prev || u.Start >= u.End || u.End > len(text) {
			t.Fatalf("unit %d: span %v after %d in text of %d bytes", i, u, prev, len(text))
		}
		s := text[u.Start:u.End]
		first, _ := utf8.DecodeRuneInString(s)
		last, _ := utf8.DecodeLastRuneInString(s)
		if isSpaceRune(first) || isSpaceRune(last) {
			t.Fatalf("unit %d %q is not trimmed", i, s)
		}
		if !paragraphs && strings.ContainsAny(s, "\r\n") {
			t.Fatalf("unit %d %q holds a line break in line mode", i, s)
		}
		for start := 0; start < len(s); {
			end, next := lineEnd(s, start)
			if isBlank(s[start:end]) {
				t.Fatalf("unit %d %q holds a blank line", i, s)
			}
			start = next
		}
		for j := u.Start; j < u.End; j++ {
			covered[j] = true
		}
		prev = u.End
	}
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !isSpaceRune(r) && !covered[i] {
			t.Fatalf("byte %d (%q) of %q is in no unit", i, r, text)
		}
		i += size
	}
}

func FuzzAppendUnits(f *testing.F) {
	for _, text := range karabakh(f) {
		f.Add(text)
	}
	f.Add("a\r\n\r\nb\rc\n\u00A0\n\xff")
	f.Fuzz(func(t *testing.T, text string) {
		checkUnits(t, text, AppendUnits(nil, text))
	})
}
