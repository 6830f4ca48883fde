package corpus

import (
	"strings"
)

// offer picks a passage of the article just written and puts it in the
// pool for later articles to copy: part of one paragraph (two or more of
// its sentences) or one to four whole paragraphs.
func (g *gen) offer(id string, oi, ti, day int) {
	if len(g.sents) < 2 {
		return
	}
	nPara := g.sents[len(g.sents)-1].para + 1
	// paraStart[p] is the index in g.sents of paragraph p's first sentence.
	paraStart := make([]int, nPara+1)
	for i := len(g.sents) - 1; i >= 0; i-- {
		paraStart[g.sents[i].para] = i
	}
	paraStart[nPara] = len(g.sents)
	for range 4 {
		var a, b int // sentences [a, b)
		if g.chance(0.3) {
			p := g.intn(nPara)
			n := paraStart[p+1] - paraStart[p]
			if n < 3 {
				continue
			}
			k := 2 + g.intn(n-2) // 2 to n-1 sentences
			a = paraStart[p] + g.intn(n-k+1)
			b = a + k
		} else {
			k := [...]int{1, 1, 1, 1, 2, 2, 2, 3, 3, 4}[g.intn(10)]
			if k > nPara {
				continue
			}
			p := g.intn(nPara - k + 1)
			a, b = paraStart[p], paraStart[p+k]
		}
		if b-a < 2 || countWords(g.buf[g.sents[a].start:g.sents[b-1].end]) < 40 {
			continue
		}
		pd := &pending{topic: ti, outlet: oi, day: day, origin: id,
			start: g.sents[a].start, end: g.sents[b-1].end, want: 1 + g.intn(g.cfg.MaxCopies)}
		for i := a; i < b; i++ {
			s := string(g.buf[g.sents[i].start:g.sents[i].end])
			if i == a || g.sents[i].para != g.sents[i-1].para {
				pd.paras = append(pd.paras, nil)
			}
			last := len(pd.paras) - 1
			pd.paras[last] = append(pd.paras[last], s)
		}
		g.pool = append(g.pool, pd)
		return
	}
}

func countWords[T string | []byte](s T) int {
	n, in := 0, false
	for i := 0; i < len(s); i++ {
		sp := s[i] == ' ' || s[i] == '\n'
		if !sp && !in {
			n++
		}
		in = !sp
	}
	return n
}

// render joins sentences with spaces and paragraphs with blank lines, as
// the article writer does.
func render(paras [][]string) string {
	var b strings.Builder
	for i, p := range paras {
		if i > 0 {
			b.WriteString("\n\n")
		}
		for j, s := range p {
			if j > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(s)
		}
	}
	return b.String()
}

// sentenceSpans returns the byte range of each sentence of paras, counted
// through paragraphs, relative to the start of their rendering.
func sentenceSpans(paras [][]string) [][2]int {
	var out [][2]int
	off := 0
	for i, p := range paras {
		if i > 0 {
			off += 2
		}
		for j, s := range p {
			if j > 0 {
				off++
			}
			out = append(out, [2]int{off, off + len(s)})
			off += len(s)
		}
	}
	return out
}

func numSentences(paras [][]string) int {
	n := 0
	for _, p := range paras {
		n += len(p)
	}
	return n
}

func clonePassage(paras [][]string) [][]string {
	out := make([][]string, len(paras))
	for i, p := range paras {
		out[i] = append([]string(nil), p...)
	}
	return out
}

// editWeights are the relative frequencies of the primary edits, in the
// order of Edits.
var editWeights = [...]int{8, 10, 10, 9, 9, 8, 8, 8, 10, 8, 9, 4}

// applicable reports whether edit e can be applied to paras.
func applicable(e string, paras [][]string) bool {
	n := numSentences(paras)
	switch e {
	case EditDropSentence, EditTruncate:
		return n >= 3
	case EditMerge:
		return len(paras) >= 2
	case EditSplit, EditReorder:
		for _, p := range paras {
			if len(p) >= 2 {
				return true
			}
		}
		return false
	}
	return true
}

func (g *gen) chooseEdit(paras [][]string) string {
	total := 0
	for i, e := range Edits {
		if applicable(e, paras) {
			total += editWeights[i]
		}
	}
	x := g.intn(total)
	for i, e := range Edits {
		if applicable(e, paras) {
			x -= editWeights[i]
			if x < 0 {
				return e
			}
		}
	}
	return EditExact
}

// placeCopy writes an edited copy of p's passage as the current paragraph
// (or, for EditEmbed, inside one) and records the occurrence.
func (g *gen) placeCopy(p *pending, t *topic, id string) {
	paras := clonePassage(p.paras)
	edit := g.chooseEdit(paras)
	n := numSentences(paras)
	first, last := 0, n-1 // origin sentences the copy reproduces
	switch edit {
	case EditSubstitute:
		g.substitute(paras, max(2, min(5, countWords(render(paras))/25)))
	case EditDelete:
		g.deleteWords(paras, 2+g.intn(3))
	case EditDropSentence:
		i := g.intn(n)
		paras = removeSentence(paras, i)
		if i == 0 {
			first = 1
		} else if i == n-1 {
			last = n - 2
		}
	case EditAddSentence:
		g.addSentence(paras, t)
	case EditTruncate:
		// 40% to 70% of the sentences, in integers so that no platform
		// rounds differently.
		k := max(2, min(n-1, (n*(40+g.intn(31))+50)/100))
		paras = truncate(paras, k)
		last = k - 1
	case EditSplit:
		i := g.paraOfTwoSentences(paras)
		j := 1 + g.intn(len(paras[i])-1)
		head, tail := paras[i][:j:j], paras[i][j:]
		paras = append(paras[:i], append([][]string{head, tail}, paras[i+1:]...)...)
	case EditMerge:
		i := g.intn(len(paras) - 1)
		paras[i] = append(paras[i], paras[i+1]...)
		paras = append(paras[:i+1], paras[i+2:]...)
	case EditReorder:
		i := g.paraOfTwoSentences(paras)
		j := g.intn(len(paras[i]) - 1)
		paras[i][j], paras[i][j+1] = paras[i][j+1], paras[i][j]
	case EditRewrite:
		g.rewrite(paras)
	}
	label := edit
	switch edit {
	case EditSubstitute, EditDelete, EditDropSentence, EditAddSentence, EditTruncate,
		EditSplit, EditMerge, EditEmbed, EditReorder:
		if g.chance(0.15) && g.typo(paras) {
			label += "+" + EditTypo
		}
	}
	text := render(paras)
	if edit == EditTypography {
		text = g.typography(text)
	}

	if edit == EditEmbed {
		for range 1 + g.intn(2) {
			g.sentence(t, g.sentenceTarget())
		}
		g.raw(" ")
	}
	start := len(g.buf)
	g.raw(text)
	end := len(g.buf)
	g.words += countWords(text)
	if edit == EditEmbed {
		for range 1 + g.intn(2) {
			g.sentence(t, g.sentenceTarget())
		}
	}
	spans := sentenceSpans(p.paras)
	p.occ = append(p.occ, Occurrence{
		Doc: id, Start: start, End: end, Edit: label,
		SrcStart: p.start + spans[first][0], SrcEnd: p.start + spans[last][1],
	})
}

// removeSentence drops sentence i (counted through paragraphs), and its
// paragraph if nothing is left of it.
func removeSentence(paras [][]string, i int) [][]string {
	for pi, p := range paras {
		if i < len(p) {
			paras[pi] = append(p[:i], p[i+1:]...)
			if len(paras[pi]) == 0 {
				paras = append(paras[:pi], paras[pi+1:]...)
			}
			return paras
		}
		i -= len(p)
	}
	return paras
}

// truncate keeps the first k sentences.
func truncate(paras [][]string, k int) [][]string {
	for pi, p := range paras {
		if k <= len(p) {
			paras[pi] = p[:k]
			return paras[:pi+1]
		}
		k -= len(p)
	}
	return paras
}

// addSentence inserts a new sentence between two copied ones, possibly at
// the end of a paragraph that is not the last.
func (g *gen) addSentence(paras [][]string, t *topic) {
	type slot struct{ p, j int }
	var slots []slot
	for pi, p := range paras {
		for j := 1; j <= len(p); j++ {
			if pi == len(paras)-1 && j == len(p) {
				break
			}
			slots = append(slots, slot{pi, j})
		}
	}
	s := slots[g.intn(len(slots))]
	sent := g.detachedSentence(t)
	p := paras[s.p]
	paras[s.p] = append(p[:s.j:s.j], append([]string{sent}, p[s.j:]...)...)
}

// detachedSentence writes a sentence outside the article being built.
func (g *gen) detachedSentence(t *topic) string {
	saved, words := g.buf, g.words
	g.buf = g.scratch[:0]
	g.sentence(t, g.sentenceTarget())
	s := string(g.buf)
	g.scratch = g.buf
	g.buf, g.words = saved, words
	return s
}

// Word-level edits work on tokens (runs between spaces) and only touch
// plain lower-case words that do not open a sentence, so the first and last
// bytes of a passage never change.

type tokenPos struct{ p, s, i int }

func isPlainWord(tok string, minLen int) bool {
	if len(tok) < minLen {
		return false
	}
	for i := 0; i < len(tok); i++ {
		if tok[i] < 'a' || tok[i] > 'z' {
			return false
		}
	}
	return true
}

func tokenize(paras [][]string) [][][]string {
	out := make([][][]string, len(paras))
	for i, p := range paras {
		out[i] = make([][]string, len(p))
		for j, s := range p {
			out[i][j] = strings.Split(s, " ")
		}
	}
	return out
}

func detokenize(paras [][]string, toks [][][]string) {
	for i := range paras {
		for j := range paras[i] {
			paras[i][j] = strings.Join(toks[i][j], " ")
		}
	}
}

func plainWords(toks [][][]string, minLen int) []tokenPos {
	var out []tokenPos
	for p := range toks {
		for s := range toks[p] {
			for i := 1; i < len(toks[p][s]); i++ {
				if isPlainWord(toks[p][s][i], minLen) {
					out = append(out, tokenPos{p, s, i})
				}
			}
		}
	}
	return out
}

// choose removes and returns up to k random elements of c.
func (g *gen) choose(c []tokenPos, k int) []tokenPos {
	k = min(k, len(c))
	for i := range k {
		j := i + g.intn(len(c)-i)
		c[i], c[j] = c[j], c[i]
	}
	return c[:k]
}

func (g *gen) otherWord(old string) string {
	for {
		var w string
		switch g.intn(3) {
		case 0:
			w = g.pick(nouns)
		case 1:
			w = g.pick(adjectives)
		default:
			w = g.verb().past
		}
		if w != old && isPlainWord(w, 1) {
			return w
		}
	}
}

func (g *gen) substitute(paras [][]string, k int) {
	toks := tokenize(paras)
	for _, c := range g.choose(plainWords(toks, 3), k) {
		toks[c.p][c.s][c.i] = g.otherWord(toks[c.p][c.s][c.i])
	}
	detokenize(paras, toks)
}

// deleteWords removes k words, leaving every sentence at least four.
func (g *gen) deleteWords(paras [][]string, k int) {
	toks := tokenize(paras)
	cand := g.choose(plainWords(toks, 2), len(plainWords(toks, 2)))
	left := make(map[[2]int]int)
	for p := range toks {
		for s := range toks[p] {
			left[[2]int{p, s}] = len(toks[p][s])
		}
	}
	for _, c := range cand {
		if k == 0 {
			break
		}
		key := [2]int{c.p, c.s}
		if left[key] <= 4 {
			continue
		}
		left[key]--
		toks[c.p][c.s][c.i] = ""
		k--
	}
	for p := range toks {
		for s := range toks[p] {
			toks[p][s] = deleteEmpty(toks[p][s])
		}
	}
	detokenize(paras, toks)
}

func deleteEmpty(t []string) []string {
	out := t[:0]
	for _, w := range t {
		if w != "" {
			out = append(out, w)
		}
	}
	return out
}

// typo misspells one or two words; it reports whether it found a word.
func (g *gen) typo(paras [][]string) bool {
	toks := tokenize(paras)
	cand := g.choose(plainWords(toks, 5), 1+g.intn(2))
	for _, c := range cand {
		w := []byte(toks[c.p][c.s][c.i])
		i := 1 + g.intn(len(w)-2) // an inner letter
		switch g.intn(3) {
		case 0:
			if w[i] != w[i+1] {
				w[i], w[i+1] = w[i+1], w[i]
				break
			}
			fallthrough
		case 1:
			w = append(w[:i], w[i+1:]...)
		default:
			w = append(w[:i+1], w[i:]...)
		}
		toks[c.p][c.s][c.i] = string(w)
	}
	detokenize(paras, toks)
	return len(cand) > 0
}

// rewrite replaces most words, keeping numbers, punctuation, each
// sentence's first word and some names: the same story told in other
// words, which is reuse no shingle-based method should be expected to see.
func (g *gen) rewrite(paras [][]string) {
	toks := tokenize(paras)
	for p := range toks {
		for s := range toks[p] {
			for i := 1; i < len(toks[p][s]); i++ {
				tok := toks[p][s][i]
				a, b := 0, len(tok)
				for a < b && !isLetter(tok[a]) {
					a++
				}
				for b > a && !isLetter(tok[b-1]) {
					b--
				}
				core := tok[a:b]
				switch {
				case isPlainWord(core, 2) && g.chance(0.9),
					// Names too, often: a paraphrase says "the ministry"
					// where the original named it.
					a < b && core[0] >= 'A' && core[0] <= 'Z' && g.chance(0.6):
					toks[p][s][i] = tok[:a] + g.otherWord(core) + tok[b:]
				}
			}
		}
	}
	detokenize(paras, toks)
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// typography changes how the passage is typeset but not its words: quotes
// and apostrophes between curly and straight, dashes between long and
// hyphen, some spaces made non-breaking, and lines wrapped with single
// newlines. At least one change is made.
func (g *gen) typography(text string) string {
	changed := false
	if strings.ContainsAny(text, "“”’\"'") && g.chance(0.7) {
		if strings.ContainsAny(text, "“”’") {
			text = strings.NewReplacer("“", `"`, "”", `"`, "’", "'").Replace(text)
		} else {
			text = curlQuotes(text)
		}
		changed = true
	}
	if strings.Contains(text, "—") || strings.Contains(text, "–") {
		if g.chance(0.7) {
			text = strings.NewReplacer(" — ", " - ", "–", "-").Replace(text)
			changed = true
		}
	} else if strings.Contains(text, " - ") && g.chance(0.7) {
		text = strings.ReplaceAll(text, " - ", " — ")
		changed = true
	}
	if g.chance(0.5) {
		text = g.nonBreaking(text)
		changed = true
	}
	if !changed || g.chance(0.5) {
		text = g.rewrap(text, 60+g.intn(20))
	}
	return text
}

// curlQuotes turns straight quotes into curly ones: a double quote opens
// after a space or line start and closes elsewhere.
func curlQuotes(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '"':
			if i == 0 || s[i-1] == ' ' || s[i-1] == '\n' {
				b.WriteString("“")
			} else {
				b.WriteString("”")
			}
		case '\'':
			b.WriteString("’")
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// nonBreaking replaces the space after each number, and one more at
// random, with a no-break space.
func (g *gen) nonBreaking(s string) string {
	b := []byte(s)
	var out []byte
	extra := g.intn(len(b))
	for i := 0; i < len(b); i++ {
		if b[i] == ' ' && i > 0 && i+1 < len(b) && ((b[i-1] >= '0' && b[i-1] <= '9') || i >= extra) {
			out = append(out, "\u00a0"...)
			if i >= extra {
				extra = len(b)
			}
			continue
		}
		out = append(out, b[i])
	}
	return string(out)
}

// rewrap breaks lines longer than width at spaces, as text pasted from an
// e-mail or a PDF is.
func (g *gen) rewrap(s string, width int) string {
	b := []byte(s)
	line, lastSpace := 0, -1
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case '\n':
			line, lastSpace = 0, -1
			continue
		case ' ':
			lastSpace = i
		}
		line++
		if line > width && lastSpace >= 0 {
			b[lastSpace] = '\n'
			line = i - lastSpace
			lastSpace = -1
		}
	}
	return string(b)
}

// paraOfTwoSentences picks one of the paragraphs with two sentences or
// more, the ones a split or a reorder can work on; the caller has made sure
// there is one.
func (g *gen) paraOfTwoSentences(paras [][]string) int {
	var cand []int
	for i, q := range paras {
		if len(q) >= 2 {
			cand = append(cand, i)
		}
	}
	return cand[g.intn(len(cand))]
}
