package shingle

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func isStop(s *Stopwords, word string) bool {
	return s.Is(word, AppendWords(nil, word)[0].Hash)
}

func TestStopwordsEnglish(t *testing.T) {
	en := NewStopwords("en")
	assert.Equal(t, "en", en.Lang())
	for _, w := range []string{"the", "and", "of", "The", "AND", "ＯＦ", "between", "whereas"} {
		assert.True(t, isStop(en, w), "%q is an English stopword", w)
	}
	for _, w := range []string{"peacekeepers", "Karabakh", "weapons", "1960", "x1", "a1"} {
		assert.False(t, isStop(en, w), "%q is not an English stopword", w)
	}
	// Asked again, from the table this time.
	assert.True(t, isStop(en, "the"))
	assert.False(t, isStop(en, "peacekeepers"))
}

func TestStopwordsLanguages(t *testing.T) {
	de := NewStopwords("de-DE")
	assert.Equal(t, "de", de.Lang())
	assert.True(t, isStop(de, "und"))
	assert.True(t, isStop(de, "daß"), "listed as daß")
	assert.True(t, isStop(de, "DASS"), "daß folded")
	assert.True(t, isStop(de, "Großen"))
	assert.False(t, isStop(de, "the"))

	fr := NewStopwords("fr")
	assert.True(t, isStop(fr, "avec"))
	assert.False(t, isStop(fr, "avecs"))

	ru := NewStopwords("ru")
	assert.True(t, isStop(ru, "и"))
	assert.False(t, isStop(ru, "миротворцы"))

	for _, code := range []string{"", "xx", "not a tag", "zu"} {
		s := NewStopwords(code)
		assert.Equal(t, "en", s.Lang(), "%q falls back to English", code)
		assert.True(t, isStop(s, "the"))
	}
}

func TestAppendFlags(t *testing.T) {
	en := NewStopwords("en")
	text := "The peacekeepers of Karabakh, and the 1,960 others."
	words := AppendWords(nil, text)
	flags := en.AppendFlags([]bool{true}, text, words)
	assert.Equal(t, []bool{true, true, false, true, false, true, true, false, true}, flags)
}

// TestStopwordsConcurrent asks one Stopwords from many goroutines at once
// (run it with -race) and checks that all get the answers one goroutine
// alone gets.
func TestStopwordsConcurrent(t *testing.T) {
	texts := karabakh(t)
	var want [][]bool
	alone := NewStopwords("en")
	for _, text := range texts {
		want = append(want, alone.AppendFlags(nil, text, AppendWords(nil, text)))
	}
	shared := NewStopwords("en")
	var wg sync.WaitGroup
	got := make([][][]bool, 8)
	for g := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var tok Tokenizer
			for i := range texts {
				// Each goroutine starts at a different text.
				text := texts[(i+g)%len(texts)]
				got[g] = append(got[g], shared.AppendFlags(nil, text, tok.AppendWords(nil, text)))
			}
		}()
	}
	wg.Wait()
	for g := range got {
		for i := range texts {
			require.Equal(t, want[(i+g)%len(texts)], got[g][i], "goroutine %d text %d", g, i)
		}
	}
	n := 0
	for _, f := range want[0] {
		if f {
			n++
		}
	}
	assert.Greater(t, n, len(want[0])/5, "news text is full of stopwords")
}
