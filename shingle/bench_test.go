package shingle

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// benchCorpus is about 1 MB of English news text made by repeating the
// karabakh test articles; the ASCII version has its typographic quotes,
// dashes and no-break spaces replaced and every other non-ASCII rune
// dropped, so that it exercises the fast path alone.
var benchCorpus = sync.OnceValues(func() (news, ascii string) {
	files, _ := filepath.Glob("../testdata/karabakh/*.txt")
	var one strings.Builder
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			panic(err)
		}
		one.Write(b)
		one.WriteString("\n\n")
	}
	if one.Len() == 0 {
		panic("no karabakh test articles")
	}
	news = strings.Repeat(one.String(), 1<<20/one.Len()+1)
	ascii = strings.Map(func(r rune) rune {
		switch r {
		case '\u2018', '\u2019':
			return '\''
		case '\u201C', '\u201D':
			return '"'
		case '\u2013', '\u2014':
			return '-'
		case '\u00A0':
			return ' '
		}
		if r >= 0x80 {
			return -1
		}
		return r
	}, news)
	return news, ascii
})

func benchInputs(b *testing.B) []struct{ name, text string } {
	news, ascii := benchCorpus()
	return []struct{ name, text string }{
		{"news", news},
		{"ascii", ascii},
	}
}

func BenchmarkAppendWords(b *testing.B) {
	for _, in := range benchInputs(b) {
		b.Run(in.name, func(b *testing.B) {
			var tok Tokenizer
			words := tok.AppendWords(nil, in.text)
			b.SetBytes(int64(len(in.text)))
			b.ReportAllocs()
			for b.Loop() {
				words = tok.AppendWords(words[:0], in.text)
			}
		})
	}
}

func BenchmarkWordsShingles(b *testing.B) {
	for _, in := range benchInputs(b) {
		b.Run(in.name, func(b *testing.B) {
			var tok Tokenizer
			words := tok.AppendWords(nil, in.text)
			shingles := AppendShingles(nil, words, 3, 1)
			b.SetBytes(int64(len(in.text)))
			b.ReportAllocs()
			for b.Loop() {
				words = tok.AppendWords(words[:0], in.text)
				shingles = AppendShingles(shingles[:0], words, 3, 1)
			}
		})
	}
}
