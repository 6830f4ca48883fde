package shingle

import (
	"fmt"
	"math/rand/v2"
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

// transliterated returns the news corpus with its Latin letters replaced
// by letters of another alphabet from lower and upper: text of the same
// shape on which every word takes the Unicode path.
func transliterated(lower, upper rune) string {
	news, _ := benchCorpus()
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z':
			return lower + (r - 'a')
		case r >= 'A' && r <= 'Z':
			return upper + (r - 'A')
		}
		return r
	}, news)
}

var (
	cyrillicCorpus = sync.OnceValue(func() string { return transliterated('а', 'А') })
	georgianCorpus = sync.OnceValue(func() string { return transliterated('ა', 'Ა') })
	zipfCorpus     = sync.OnceValue(func() string { return zipfText(1<<20, 50000) })
)

func benchInputs(b *testing.B) []struct{ name, text string } {
	news, ascii := benchCorpus()
	return []struct{ name, text string }{
		{"news", news},
		{"ascii", ascii},
		{"zipf", zipfCorpus()},
		{"cyrillic", cyrillicCorpus()},
		{"georgian", georgianCorpus()},
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

func BenchmarkAppendShingles(b *testing.B) {
	_, ascii := benchCorpus()
	words := AppendWords(nil, ascii)
	for _, k := range []int{3, 5} {
		b.Run(fmt.Sprintf("k=%d", k), func(b *testing.B) {
			shingles := AppendShingles(nil, words, k, 1)
			b.SetBytes(int64(len(ascii)))
			b.ReportAllocs()
			for b.Loop() {
				shingles = AppendShingles(shingles[:0], words, k, 1)
			}
		})
	}
}

func BenchmarkAppendShingleHashes(b *testing.B) {
	_, ascii := benchCorpus()
	words := AppendWords(nil, ascii)
	hashes := AppendShingleHashes(nil, words, 3, 1)
	b.SetBytes(int64(len(ascii)))
	b.ReportAllocs()
	for b.Loop() {
		hashes = AppendShingleHashes(hashes[:0], words, 3, 1)
	}
}

// zipfText returns about nbytes of made-up ASCII words drawn with Zipf's
// law from a vocabulary of vocab words: unlike the repeated news corpus,
// its rarer words keep missing the Tokenizer's cache, as in a large
// corpus.
func zipfText(nbytes int, vocab int) string {
	rng := rand.New(rand.NewPCG(1, 2))
	lens := []int{1, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5, 6, 6, 7, 7, 8, 8, 9, 10, 11, 12}
	words := make([]string, vocab)
	for i := range words {
		b := make([]byte, lens[rng.IntN(len(lens))])
		for j := range b {
			b[j] = byte('a' + rng.IntN(26))
		}
		words[i] = string(b)
	}
	z := rand.NewZipf(rand.New(rand.NewPCG(3, 4)), 1.05, 2, uint64(vocab-1))
	var sb strings.Builder
	for sb.Len() < nbytes {
		sb.WriteString(words[z.Uint64()])
		if rng.IntN(10) == 0 {
			sb.WriteString(", ")
		} else {
			sb.WriteByte(' ')
		}
	}
	return sb.String()
}
