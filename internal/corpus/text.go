package corpus

import (
	"math/bits"
	"math/rand/v2"
	"strconv"
)

// rng wraps the PCG source with the few draws the generator needs. The
// draws are computed here rather than with rand.Rand's methods so that
// their results are fixed by this code, whatever the Go release.
type rng struct{ src *rand.PCG }

// intn returns a uniform integer in [0, n), n > 0 (Lemire's
// multiply-shift; its bias is below 2^-50 for the small n used here).
func (r *rng) intn(n int) int {
	hi, _ := bits.Mul64(r.src.Uint64(), uint64(n))
	return int(hi)
}

// float returns a uniform float64 in [0, 1).
func (r *rng) float() float64 { return float64(r.src.Uint64()>>11) * 0x1p-53 }

func (r *rng) chance(p float64) bool { return r.float() < p }

// skew returns an index in [0, n) biased towards 0: the density falls off
// like 1/sqrt(i), a cheap stand-in for the Zipf shape of word frequencies.
func (r *rng) skew(n int) int {
	u := r.float()
	return int(u * u * float64(n))
}

func (r *rng) pick(list []string) string  { return list[r.skew(len(list))] }
func (r *rng) pickU(list []string) string { return list[r.intn(len(list))] }

// style is an outlet's typography.
type style struct {
	oq, cq, apos string // opening and closing quote, apostrophe
	dash         string // the dash that sets off an aside, with its spaces
	rangeDash    string // the dash between numbers of a range
}

var (
	curly    = style{oq: "“", cq: "”", apos: "’", dash: " — ", rangeDash: "–"}
	straight = style{oq: `"`, cq: `"`, apos: "'", dash: " - ", rangeDash: "-"}
)

// person is a named figure of a topic.
type person struct{ title, first, last string }

// topic is a story: the names and phrases its articles share.
type topic struct {
	name    string
	people  []person
	places  []string
	orgs    []string // with "the": "the Varnek Border Service"
	phrases []string // stock noun phrases with article: "the Karvel corridor"
	nouns   []int    // indices in nouns of the ones this story uses most
}

// writer appends words to buf, keeping spacing, capitals and the word
// count right.
type writer struct {
	rng
	buf     []byte
	words   int
	capNext bool // capitalise the next word
	glue    bool // the next word follows without a space (after a quote)
	st      style
}

// sep starts a new word: a space unless at the start of a line or right
// after an opening quote.
func (w *writer) sep() {
	if !w.glue && len(w.buf) > 0 && w.buf[len(w.buf)-1] != '\n' {
		w.buf = append(w.buf, ' ')
	}
	w.glue = false
	w.words++
}

// w writes s as one or more words.
func (w *writer) w(s string) {
	w.sep()
	start := len(w.buf)
	w.buf = append(w.buf, s...)
	if w.capNext {
		if c := w.buf[start]; c >= 'a' && c <= 'z' {
			w.buf[start] = c - 'a' + 'A'
		}
		w.capNext = false
	}
	for i := 0; i < len(s); i++ {
		if s[i] == ' ' {
			w.words++
		}
	}
}

// raw appends s to the current word.
func (w *writer) raw(s string) { w.buf = append(w.buf, s...) }

func (w *writer) num(n int) {
	w.sep()
	w.capNext = false
	w.buf = appendThousands(w.buf, n)
}

func (w *writer) openQuote() {
	if !w.glue && len(w.buf) > 0 && w.buf[len(w.buf)-1] != '\n' {
		w.buf = append(w.buf, ' ')
	}
	w.buf = append(w.buf, w.st.oq...)
	w.glue = true
}

// appendThousands writes n with commas between groups of three digits.
func appendThousands(dst []byte, n int) []byte {
	if n < 1000 {
		return strconv.AppendInt(dst, int64(n), 10)
	}
	dst = appendThousands(dst, n/1000)
	r := n % 1000
	return append(dst, ',', byte('0'+r/100), byte('0'+r/10%10), byte('0'+r%10))
}

// Word forms. Verbs are stored with their irregular forms; the regular
// rules below cover the rest.

type verb struct{ base, past, part, third string }

var verbForms = func() []verb {
	out := make([]verb, 0, len(verbs))
	for _, v := range verbs {
		f := splitSlash(v)
		vb := verb{base: f[0]}
		switch len(f) {
		case 1:
			vb.past = regularPast(f[0])
			vb.part = vb.past
		case 2:
			vb.past, vb.part = f[1], f[1]
		default:
			vb.past, vb.part = f[1], f[2]
		}
		vb.third = sibilantPlural(vb.base)
		out = append(out, vb)
	}
	return out
}()

func splitSlash(s string) []string {
	var out []string
	for {
		i := 0
		for i < len(s) && s[i] != '/' {
			i++
		}
		out = append(out, s[:i])
		if i == len(s) {
			return out
		}
		s = s[i+1:]
	}
}

func isVowel(c byte) bool { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' }

func regularPast(b string) string {
	n := len(b)
	switch {
	case b[n-1] == 'e':
		return b + "d"
	case b[n-1] == 'y' && n > 1 && !isVowel(b[n-2]):
		return b[:n-1] + "ied"
	}
	return b + "ed"
}

// sibilantPlural adds -s, -es or -ies: the plural of a noun and the third
// person of a verb follow the same spelling rule.
func sibilantPlural(b string) string {
	n := len(b)
	switch {
	case b[n-1] == 's' || b[n-1] == 'x' || b[n-1] == 'z' || b[n-1] == 'o' ||
		(n > 1 && (b[n-2:] == "sh" || b[n-2:] == "ch")):
		return b + "es"
	case b[n-1] == 'y' && n > 1 && !isVowel(b[n-2]):
		return b[:n-1] + "ies"
	}
	return b + "s"
}

var irregularPlural = map[string]string{
	"crisis": "crises", "analysis": "analyses", "man": "men", "woman": "women",
	"child": "children", "people": "people", "police": "police", "aid": "aid",
	"evidence": "evidence", "ammunition": "ammunition", "food": "food",
	"water": "water", "fuel": "fuel", "medicine": "medicine", "traffic": "traffic",
	"infrastructure": "infrastructure", "support": "support", "backing": "backing",
	"anger": "anger", "trust": "trust", "confidence": "confidence", "calm": "calm",
	"independence": "independence", "sovereignty": "sovereignty", "unity": "unity",
	"integrity": "integrity", "stability": "stability", "heritage": "heritage",
	"spending": "spending", "tourism": "tourism", "pollution": "pollution",
	"weather": "weather", "damage": "damage", "criticism": "criticism",
	"autonomy": "autonomy", "frustration": "frustration", "customs": "customs",
	"headquarters": "headquarters", "barracks": "barracks",
}

var nounPlurals = func() []string {
	out := make([]string, len(nouns))
	for i, n := range nouns {
		if p, ok := irregularPlural[n]; ok {
			out[i] = p
		} else {
			out[i] = sibilantPlural(n)
		}
	}
	return out
}()

// article returns "a" or "an" for the word that follows.
func article(next string) string {
	switch {
	case next == "":
		return "a"
	case hasPrefix(next, "uni"), hasPrefix(next, "use"), hasPrefix(next, "one"), hasPrefix(next, "eu"):
		return "a"
	case isVowel(next[0]), hasPrefix(next, "hour"), hasPrefix(next, "honest"):
		return "an"
	}
	return "a"
}

func hasPrefix(s, p string) bool { return len(s) >= len(p) && s[:len(p)] == p }
