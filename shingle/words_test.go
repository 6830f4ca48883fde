package shingle

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/cespare/xxhash/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// wordTexts returns the words of text as they stand in it, checking on the
// way that each span slices text as its offsets say.
func wordTexts(t testing.TB, text string) []string {
	t.Helper()
	var tok Tokenizer
	var out []string
	for _, w := range tok.AppendWords(nil, text) {
		require.LessOrEqual(t, int(w.End), len(text))
		require.Equal(t, text[w.Start:w.End], w.Text(text))
		out = append(out, w.Text(text))
	}
	return out
}

func TestWords(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"empty", "", nil},
		{"spaces only", " \t\n ", nil},
		{"plain", "the quick brown fox", []string{"the", "quick", "brown", "fox"}},
		{"punctuation around", "(Hello), world!", []string{"Hello", "world"}},
		{"curly quotes", "“peacekeeping humanitarian aid.\"", []string{"peacekeeping", "humanitarian", "aid"}},
		{"straight quotes", "\"peacekeeping humanitarian aid.”", []string{"peacekeeping", "humanitarian", "aid"}},
		{"ascii apostrophe", "Azerbaijan's Karabakh", []string{"Azerbaijan's", "Karabakh"}},
		{"curly apostrophe", "Azerbaijan’s Karabakh", []string{"Azerbaijan’s", "Karabakh"}},
		{"modifier apostrophe", "Azerbaijanʼs", []string{"Azerbaijanʼs"}},
		{"apostrophes twice", "rock'n'roll", []string{"rock'n'roll"}},
		{"leading apostrophe", "’tis 'quoted' dogs'", []string{"tis", "quoted", "dogs"}},
		{"double apostrophe", "a''b", []string{"a", "b"}},
		{"apostrophe then quote", "abc'“x", []string{"abc", "x"}},
		{"apostrophe then invalid", "abc'\xffx", []string{"abc", "x"}},
		{"apostrophe then end", "abc'", []string{"abc"}},
		{"thousands", "1,960 troops", []string{"1,960", "troops"}},
		{"decimal", "3.5% of 1,000,000", []string{"3.5", "of", "1,000,000"}},
		{"sentence end", "end. Next, 2. 3,a a,3 ,5 5.", []string{"end", "Next", "2", "3", "a", "a", "3", "5", "5"}},
		{"dots between letters", "U.S. e.g.", []string{"U", "S", "e", "g"}},
		{"arabic-indic digits", "٣,٥ ٣٫٥", []string{"٣,٥", "٣٫٥"}},
		{"hyphen", "anti-personnel e-mail", []string{"anti", "personnel", "e", "mail"}},
		{"dashes", "a–b—c‐d‒e―f", []string{"a", "b", "c", "d", "e", "f"}},
		{"symbols", "#tag @user a_b a+b a/b 5$ €5", []string{"tag", "user", "a", "b", "a", "b", "a", "b", "5", "5"}},
		{"digits in words", "122mm ATGM9", []string{"122mm", "ATGM9"}},
		{"no-break space", "a\u00A0b", []string{"a", "b"}},
		{"unicode spaces", "a\u2009b\u202Fc\u3000d\u2028e", []string{"a", "b", "c", "d", "e"}},
		{"cyrillic", "Спасибо, друг!", []string{"Спасибо", "друг"}},
		{"greek", "Σίσυφος.", []string{"Σίσυφος"}},
		{"accents", "résumé café", []string{"résumé", "café"}},
		{"combining mark", "cafe\u0301 au lait", []string{"cafe\u0301", "au", "lait"}},
		{"starts with non-ascii", "éclair", []string{"éclair"}},
		{"mixed script run", "abcдефghi", []string{"abcдефghi"}},
		{"cjk run", "日本語のテキスト。次", []string{"日本語のテキスト", "次"}},
		{"emoji", "hi👋there 👍🏽", []string{"hi", "there"}},
		{"math letters", "𝐀𝐁𝐂 x²", []string{"𝐀𝐁𝐂", "x²"}},
		{"soft hyphen", "co\u00ADoperate \u00ADx", []string{"co\u00ADoperate", "x"}},
		{"zwnj", "می\u200Cخواهم", []string{"می\u200Cخواهم"}},
		{"invalid bytes", "ab\xffcd \xfe\xff ef\xc3", []string{"ab", "cd", "ef"}},
		{"truncated rune", "ab\xe2\x80", []string{"ab"}},
		{"lone continuation", "\x80ab\x80\x80cd", []string{"ab", "cd"}},
		{"replacement char", "ab\uFFFDcd", []string{"ab", "cd"}},
		{"long word", strings.Repeat("Ab", 50) + " x", []string{strings.Repeat("Ab", 50), "x"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, wordTexts(t, tt.text))
		})
	}
}

// TestWordOffsets checks exact byte offsets where runes of several sizes
// come before the words.
func TestWordOffsets(t *testing.T) {
	text := "“Ab” – ÿx\u00A0日本 z"
	words := AppendWords(nil, text)
	want := []Word{
		{Start: 3, End: 5}, // Ab after a 3-byte quote
		{Start: 13, End: 16},
		{Start: 18, End: 24},
		{Start: 25, End: 26},
	}
	require.Len(t, words, len(want))
	for i, w := range words {
		assert.Equal(t, want[i].Start, w.Start, "word %d", i)
		assert.Equal(t, want[i].End, w.End, "word %d", i)
	}
	assert.Equal(t, []string{"Ab", "ÿx", "日本", "z"}, wordTexts(t, text))
}

func wordHash(t testing.TB, word string) uint64 {
	t.Helper()
	words := AppendWords(nil, word)
	require.Len(t, words, 1, "%q should be one word", word)
	return words[0].Hash
}

func TestHashesAlike(t *testing.T) {
	groups := [][]string{
		{"azerbaijans", "Azerbaijan's", "Azerbaijan’s", "AZERBAIJAN’S", "Azerbaijanʼs", "Azerbaijan‘s", "Azerbaijan`s", "AZERBAIJAN'S"},
		{"1960", "1,960", "1.960"},
		{"final", "ﬁnal", "FINAL", "Final", "ＦＩＮＡＬ"},
		{"abc", "ＡＢＣ", "𝐀𝐁𝐂", "ABC"},
		{"strasse", "Straße", "STRASSE", "STRAẞE"},
		{"café", "cafe\u0301", "CAFÉ", "CAFE\u0301"},
		{"σίσυφοσ", "Σίσυφος", "ΣΊΣΥΦΟΣ", "σίσυφος"},
		{"cooperate", "co\u00ADoperate", "Co\u200Doperate"},
		{"x2", "x²", "X₂"},
		{"12", "½"},
		{"مىخواهم", "مى\u200Cخواهم"},
		{"džemal", "Ǆemal", "ǅemal", "ǆemal"},
		{"xii", "Ⅻ", "XII"},
	}
	for _, g := range groups {
		want := xxhash.Sum64String(g[0])
		for _, w := range g {
			assert.Equal(t, want, wordHash(t, w), "%q should hash as %q", w, g[0])
		}
	}
}

func TestHashesDiffer(t *testing.T) {
	words := []string{"its", "it", "1960", "1961", "resume", "résumé", "strase", "ab", "ba", "a", "b", "Spasibo", "Спасибо", "i", "ı"}
	seen := map[uint64]string{}
	for _, w := range words {
		h := wordHash(t, w)
		if other, ok := seen[h]; ok {
			t.Errorf("%q and %q hash alike", w, other)
		}
		seen[h] = w
	}
}

// TestQuoteVariants checks that the two quotings of the brief's example give
// the same word hashes.
func TestQuoteVariants(t *testing.T) {
	a := AppendWords(nil, "“peacekeeping humanitarian aid.\"")
	b := AppendWords(nil, "\"peacekeeping humanitarian aid.”")
	require.Len(t, a, 3)
	require.Len(t, b, 3)
	for i := range a {
		assert.Equal(t, a[i].Hash, b[i].Hash)
	}
}

func TestHashLower(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	const alnum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	var tok Tokenizer
	for n := 1; n < 80; n++ {
		for range 20 {
			b := make([]byte, n)
			for i := range b {
				b[i] = alnum[rng.IntN(len(alnum))]
			}
			w := string(b)
			want := xxhash.Sum64String(strings.ToLower(w))
			if n < 32 {
				require.Equal(t, want, hashLower(w), "%q", w)
			}
			require.Equal(t, want, xxhash.Sum64(tok.normalized(w)), "%q", w)
			require.Equal(t, want, wordHash(t, w), "%q", w)
		}
	}
}

func TestAlnum8(t *testing.T) {
	for c := 0; c < 256; c++ {
		for pos := 0; pos < 8; pos++ {
			// Surround c with bytes of every class to catch carries.
			for _, fill := range []byte{0, 'a', 'Z', '9', 0x80, 0xFF, ' ', '@', '['} {
				var b [8]byte
				for i := range b {
					b[i] = fill
				}
				b[pos] = byte(c)
				m := alnum8(le64(string(b[:]))) & msb
				for i := range b {
					want := asciiClass[b[i]] == clAlnum
					got := m>>(8*i+7)&1 == 1
					require.Equal(t, want, got, "byte %#x at %d among %#x", b[i], i, fill)
				}
			}
		}
	}
}

func TestClassify64(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 9))
	for range 200 {
		var b [64]byte
		for i := range b {
			b[i] = byte(rng.IntN(256))
		}
		alnum, high := classify64(string(b[:]))
		for i, c := range b {
			assert.Equal(t, asciiClass[c] == clAlnum, alnum>>i&1 == 1, "alnum bit %d", i)
			assert.Equal(t, c >= 0x80, high>>i&1 == 1, "high bit %d", i)
		}
	}
}

// TestClassify64ASCII covers blocks without non-ASCII bytes, whose mask of
// them classify64 does not build, and blocks with one such byte anywhere.
func TestClassify64ASCII(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 9))
	for trial := range 200 {
		var b [64]byte
		for i := range b {
			b[i] = byte(rng.IntN(128))
		}
		if trial%2 == 1 {
			b[rng.IntN(64)] = byte(0x80 + rng.IntN(128))
		}
		alnum, high := classify64(string(b[:]))
		for i, c := range b {
			require.Equal(t, asciiClass[c] == clAlnum, alnum>>i&1 == 1, "alnum bit %d of %q", i, b)
			require.Equal(t, c >= 0x80, high>>i&1 == 1, "high bit %d of %q", i, b)
		}
	}
}

// TestCachedMatchesUncached compares a Tokenizer with its word cache, whose
// fast loop handles most words, with one without, on random text made of
// repeated words of every length from 1 to 40: mixed case (the cache keys
// on lower case), digits, apostrophes, joiners, number separators and
// non-ASCII letters inside words, and separators of every kind between
// them. The vocabulary is larger than the cache, so that entries are
// evicted and swapped, and a few words recur in other cases.
func TestCachedMatchesUncached(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	const alnum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	inner := []string{"'", "’", "é", "Ω", "\u00AD", "\u200D", ".", ",", "`", "ß", "日"}
	seps := []string{" ", " ", " ", "  ", "\n", ", ", ". ", ".", ",", " — ", "“", "” ", "(", ") ", "-", "\t", "'", "’ ", "\u00A0", "\xff"}
	vocab := make([]string, 30000)
	for i := range vocab {
		var sb strings.Builder
		for range 1 + rng.IntN(40) {
			if rng.IntN(30) == 0 {
				sb.WriteString(inner[rng.IntN(len(inner))])
			} else {
				sb.WriteByte(alnum[rng.IntN(len(alnum))])
			}
		}
		vocab[i] = sb.String()
	}
	var sb strings.Builder
	for sb.Len() < 400<<10 {
		w := vocab[rng.IntN(rng.IntN(len(vocab))+1)] // common words recur
		switch rng.IntN(20) {
		case 0:
			w = strings.ToUpper(w)
		case 1:
			w = strings.ToLower(w)
		}
		sb.WriteString(w)
		sb.WriteString(seps[rng.IntN(len(seps))])
	}
	text := sb.String()

	want := AppendWords(nil, text)
	requireSameWords(t, text[:40000], AppendWords(nil, text[:40000]))
	cached := Tokenizer{cache: new(wordCache)}
	for pass := range 2 { // the first pass fills the cache, the second hits it
		got := cached.AppendWords(nil, text)
		require.Equal(t, want, got, "pass %d", pass)
	}
	// With little room left in dst, blocks take the general path.
	for _, room := range []int{0, 1, 31, 32, 33} {
		dst := make([]Word, 3, 3+room)
		got := cached.AppendWords(dst, text)
		require.Equal(t, want, got[3:], "room %d", room)
	}
	// Every end of text, so that words meet it at every offset.
	for n := 20000 - 300; n < 20000; n++ {
		require.Equal(t, AppendWords(nil, text[:n]), cached.AppendWords(nil, text[:n]), "text of %d bytes", n)
	}
}

func TestIsWordRune(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		want := refIsWord(r)
		if isWordRune(r) != want {
			t.Fatalf("isWordRune(%U) = %v", r, !want)
		}
	}
	assert.False(t, isWordRune(-1))
}

// The reference tokenizer below restates the rules rune by rune, as simply
// as they can be put; the fast tokenizer must agree with it everywhere.

var refApostrophes = []rune{'\'', '`', '´', 'ʼ', '՚', '׳', '‘', '’', '‛', '′', '＇'}

func refIsApostrophe(r rune) bool {
	for _, a := range refApostrophes {
		if r == a {
			return true
		}
	}
	return false
}

func refIsWord(r rune) bool {
	return (unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsNumber(r)) && !refIsApostrophe(r)
}

func refJoins(r rune) bool {
	return refIsApostrophe(r) || strings.ContainsRune("\u00AD\u200C\u200D\u2060\uFEFF", r)
}

func refNumSep(r rune) bool { return strings.ContainsRune(".,٫٬，．", r) }

func refWords(text string) []Word {
	type rn struct {
		r         rune
		off, size int
		word      bool
	}
	var rs []rn
	for off := 0; off < len(text); {
		r, size := utf8.DecodeRuneInString(text[off:])
		bad := r == utf8.RuneError && size == 1
		rs = append(rs, rn{r, off, size, !bad && refIsWord(r)})
		off += size
	}
	isWordAt := func(j int) bool { return j < len(rs) && rs[j].word }
	isDigitAt := func(j int) bool { return j >= 0 && j < len(rs) && rs[j].word && unicode.IsDigit(rs[j].r) }
	var out []Word
	for j := 0; j < len(rs); {
		if !rs[j].word {
			j++
			continue
		}
		var kept []rune
		start := j
		for j < len(rs) {
			switch {
			case rs[j].word:
				kept = append(kept, rs[j].r)
			case refJoins(rs[j].r) && isWordAt(j+1):
			case refNumSep(rs[j].r) && isDigitAt(j-1) && isDigitAt(j+1):
			default:
				goto end
			}
			j++
		}
	end:
		last := rs[j-1]
		out = append(out, Word{
			Start: uint32(rs[start].off),
			End:   uint32(last.off + last.size),
			Hash:  xxhash.Sum64String(refNormalize(string(kept))),
		})
	}
	return out
}

func refNormalize(w string) string {
	w = norm.NFKC.String(cases.Fold().String(norm.NFKC.String(w)))
	return strings.Map(func(r rune) rune {
		if refIsWord(r) {
			return r
		}
		return -1
	}, w)
}

func requireSameWords(t testing.TB, text string, got []Word) {
	t.Helper()
	want := refWords(text)
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			t.Fatalf("word %d of %q: got %q %x, want %q %x", i, text,
				got[i].Text(text), got[i].Hash, want[i].Text(text), want[i].Hash)
		}
	}
	require.Equal(t, len(want), len(got), "number of words in %q", text)
}

func karabakh(t testing.TB) []string {
	t.Helper()
	files, err := filepath.Glob("../testdata/karabakh/*.txt")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	var texts []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		texts = append(texts, string(b))
	}
	return texts
}

func TestMatchesReference(t *testing.T) {
	var tok Tokenizer
	for _, text := range karabakh(t) {
		requireSameWords(t, text, tok.AppendWords(nil, text))
		// Every length, so that every word meets the end of the text and
		// the end of a 64-byte block.
		for n := 0; n < 300 && n < len(text); n++ {
			requireSameWords(t, text[:n], tok.AppendWords(nil, text[:n]))
			requireSameWords(t, text[n:n+200], tok.AppendWords(nil, text[n:n+200]))
		}
	}
	rng := rand.New(rand.NewPCG(3, 3))
	pieces := []string{"a", "Z", "9", " ", "'", "’", ".", ",", "-", "é", "e\u0301", "\u0301", "٣", "\xff", "\xe2\x80", "日", "ʼ", "\u00AD", "\u00A0", "ß", "ẞ", "ﬁ", "\n", "“", "Ab1",
		"Й", "ς", "Σ", "ΐ", "İ", "ı", "ǅ", "Ა", "한", "\u1100", "\u1161", "\u11A8", "ｶ", "ﾞ", "Ⅻ", "²", "𝐀", "😀", "\u200C", "٫"}
	for range 3000 {
		var sb strings.Builder
		for range rng.IntN(120) {
			sb.WriteString(pieces[rng.IntN(len(pieces))])
		}
		text := sb.String()
		requireSameWords(t, text, tok.AppendWords(nil, text))
	}
}

// TestRuneInfo checks the foldable runes of every page against the
// general normalisation: alone, repeated, and after ASCII.
func TestRuneInfo(t *testing.T) {
	var tok Tokenizer
	foldables := 0
	for r := rune(0); r < 1<<16; r++ {
		info := runeInfo(r)
		require.Equal(t, runeKind(r), info&kindMask, "%U", r)
		if info&foldable == 0 {
			continue
		}
		foldables++
		f := string(rune(info & foldMask))
		for w, want := range map[string]string{string(r): f, "ab" + string(r) + string(r): "ab" + f + f} {
			require.Equal(t, want, refNormalize(w), "%U", r)
			require.Equal(t, want, string(tok.normalize([]byte(w))), "%U", r)
			require.Equal(t, want, string(tok.normalized(w)), "%U", r)
		}
	}
	assert.Greater(t, foldables, 40000, "letters of the BMP that take the fast path")
}

// TestCacheKeepsResults compares a Tokenizer that has made its word cache
// with one that has not, on text long enough to fill and overwrite it.
func TestCacheKeepsResults(t *testing.T) {
	news, ascii := benchCorpus()
	for _, text := range []string{news, ascii, zipfText(1<<18, 20000)} {
		var cached Tokenizer
		cached.AppendWords(nil, text) // warms and fills the cache
		require.NotNil(t, cached.cache)
		got := cached.AppendWords(nil, text)
		want := AppendWords(nil, text)
		require.Equal(t, want, got)
	}
}

func TestAllocs(t *testing.T) {
	news, ascii := benchCorpus()
	var tok Tokenizer
	for name, text := range map[string]string{"ascii": ascii, "news": news, "short": "Azerbaijan’s Karabakh “region” ﬁnal STRASSE Спасибо 1,960."} {
		dst := tok.AppendWords(nil, text) // warms the Tokenizer's buffers
		allocs := testing.AllocsPerRun(5, func() { dst = tok.AppendWords(dst[:0], text) })
		assert.Zero(t, allocs, "%s: AppendWords", name)
		sh := AppendShingles(nil, dst, 3, 1)
		allocs = testing.AllocsPerRun(5, func() { sh = AppendShingles(sh[:0], dst, 3, 1) })
		assert.Zero(t, allocs, "%s: AppendShingles", name)
	}
	// The package function's Tokenizer lives on the stack: ASCII text
	// costs nothing but dst.
	dst := make([]Word, 0, 1<<16)
	allocs := testing.AllocsPerRun(5, func() { dst = AppendWords(dst[:0], ascii[:1<<18]) })
	assert.Zero(t, allocs, "AppendWords on ASCII text")
}

// fuzzCached is a Tokenizer with its word cache, kept across the inputs of
// FuzzAppendWords so that they meet words cached by earlier ones.
var fuzzCached = struct {
	sync.Mutex
	tok Tokenizer
}{tok: Tokenizer{cache: new(wordCache)}}

func FuzzAppendWords(f *testing.F) {
	for _, text := range karabakh(f) {
		f.Add(text)
	}
	f.Add("Azerbaijan’s “1,960” ﬁnal-STRASSE \xff\xe2\x80 e\u0301 ٣,٥ a''b")
	f.Fuzz(func(t *testing.T, text string) {
		var tok Tokenizer
		words := tok.AppendWords(nil, text)
		fuzzCached.Lock()
		defer fuzzCached.Unlock()
		for range 2 { // fills the cache, then hits it
			require.Equal(t, words, fuzzCached.tok.AppendWords(nil, text), "with the word cache")
		}
		prevEnd := 0
		for i, w := range words {
			s, e := int(w.Start), int(w.End)
			if s < prevEnd || s >= e || e > len(text) {
				t.Fatalf("word %d: span [%d,%d) after %d in text of %d bytes", i, s, e, prevEnd, len(text))
			}
			first, _ := utf8.DecodeRuneInString(text[s:e])
			last, _ := utf8.DecodeLastRuneInString(text[s:e])
			if !refIsWord(first) || !refIsWord(last) {
				t.Fatalf("word %d %q does not start and end with a word rune", i, text[s:e])
			}
			prevEnd = e
		}
		requireSameWords(t, text, words)
	})
}
