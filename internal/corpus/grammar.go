package corpus

import "strconv"

// The grammar: a handful of sentence shapes filled with noun phrases,
// predicates and trailing phrases drawn from the word lists and the
// topic's names. It makes no claim to meaning, only to the look of news
// prose: its word lengths, punctuation, quotes, numbers and names.

var speechThat = []string{
	"said that", "told reporters that", "warned that", "claimed that",
	"added that", "stressed that", "noted that", "insisted that", "argued that",
	"announced that", "confirmed that",
}

var sources = []string{
	"local media", "officials", "sources familiar with the matter", "witnesses",
	"state media", "a statement", "the report", "residents", "diplomatic sources",
}

var (
	approx  = []string{"at least", "more than", "some", "nearly", "about"}
	changes = []string{"rose", "fell", "grew", "dropped", "increased"}
	scales  = []string{"million", "billion"}
)

var amidWords = []string{"growing", "renewed", "mounting", "rising", "continued", "fresh"}

// longest is the longest a sentence may grow before its final phrase.
const longest = 26

func (g *gen) noun(t *topic) string {
	if g.chance(0.45) {
		return nouns[t.nouns[g.skew(len(t.nouns))]]
	}
	return g.pick(nouns)
}

func (g *gen) pluralNoun(t *topic) string {
	if g.chance(0.45) {
		return nounPlurals[t.nouns[g.skew(len(t.nouns))]]
	}
	return nounPlurals[g.skew(len(nounPlurals))]
}

func (g *gen) verb() *verb { return &verbForms[g.skew(len(verbForms))] }

func (g *gen) personRef(t *topic) {
	p := &t.people[g.skew(len(t.people))]
	switch k := g.intn(10); {
	case k < 4:
		g.w(p.title)
		g.w(p.first)
		g.w(p.last)
	case k < 8:
		g.w(p.last)
	default:
		g.w(p.first)
		g.w(p.last)
	}
}

// np writes a noun phrase and reports whether it is plural.
func (g *gen) np(t *topic) bool {
	switch g.intn(16) {
	case 0, 1, 2, 3:
		g.w("the")
		if g.chance(0.45) {
			g.w(g.pick(adjectives))
		}
		g.w(g.noun(t))
	case 4:
		a, n := g.pick(adjectives), g.noun(t)
		g.w(article(a))
		g.w(a)
		g.w(n)
	case 5, 6:
		if g.chance(0.5) {
			g.w(g.pickU(quantifiers))
		} else if g.chance(0.5) {
			g.w(g.pick(adjectives))
		}
		g.w(g.pluralNoun(t))
		return true
	case 7, 8, 9:
		g.w(g.pick(t.phrases))
	case 10:
		g.w(g.pick(t.orgs))
	case 11:
		g.w(g.pick(t.places))
	case 12:
		g.personRef(t)
	case 13:
		g.w(g.pick(t.places))
		g.raw(g.st.apos)
		g.raw("s")
		g.w(g.noun(t))
	case 14:
		g.w("the")
		g.w(g.noun(t))
		g.w("of")
		g.w(g.pick(t.places))
	default:
		g.w("the")
		g.w(g.noun(t))
		g.w("between")
		g.w(g.pick(t.places))
		g.w("and")
		g.w(g.pick(t.places))
	}
	return false
}

// subject writes a sentence subject and reports whether it is plural.
func (g *gen) subject(t *topic) bool { return g.subjectOf(t, g.intn(12)) }

// subjectOf writes a subject of the given kind, 0 to 11; kind 11 is a name
// with an apposition between commas.
func (g *gen) subjectOf(t *topic, kind int) bool {
	switch kind {
	case 0, 1, 2:
		g.personRef(t)
	case 3, 4:
		g.w(g.pick(t.orgs))
	case 5:
		g.w(g.pick(t.places))
	case 6, 7:
		g.w("the")
		if g.chance(0.5) {
			g.w(g.pick(adjectives))
		}
		g.w(g.noun(t))
	case 8:
		if g.chance(0.5) {
			g.w(g.pick(adjectives))
		}
		g.w(g.pluralNoun(t))
		return true
	case 9:
		g.w(g.pick(t.phrases))
	case 10:
		g.w("officials in")
		g.w(g.pick(t.places))
		return true
	default:
		p := &t.people[g.skew(len(t.people))]
		g.w(p.first)
		g.w(p.last)
		g.raw(",")
		g.w(g.pickU(roles))
		g.w("at")
		g.w(g.pick(t.orgs))
		g.raw(",")
	}
	return false
}

func pick2(plural bool, sing, pl string) string {
	if plural {
		return pl
	}
	return sing
}

// predicate writes a verb phrase agreeing with the subject. At depth 0 it
// may report speech with a clause of its own.
func (g *gen) predicate(t *topic, plural bool, depth int) {
	v := g.verb()
	switch g.intn(12) {
	case 4:
		g.w(pick2(plural, "has", "have"))
		g.w(v.part)
		g.np(t)
	case 5:
		g.w("will")
		g.w(v.base)
		g.np(t)
	case 6:
		g.w(pick2(plural, "was expected to", "were expected to"))
		g.w(v.base)
		g.np(t)
	case 7:
		g.w(pick2(plural, "was", "were"))
		g.w(v.part)
		if g.chance(0.5) {
			g.w("by")
			g.np(t)
		}
	case 8, 9:
		if depth > 0 {
			g.w(v.past)
			g.np(t)
			return
		}
		g.w(g.pick(speechThat))
		pl := g.subject(t)
		g.predicate(t, pl, depth+1)
	case 10:
		g.w("called on")
		g.np(t)
		g.w("to")
		g.w(v.base)
		g.np(t)
	case 11:
		g.w(g.pick(adverbs))
		g.w(v.past)
		g.np(t)
	default:
		g.w(v.past)
		g.np(t)
	}
}

// tail writes a phrase that can follow a clause. used has a bit set for
// each kind of phrase the sentence already has; kinds that read badly
// twice (times, sources, "for the first time") are not repeated.
func (g *gen) tail(t *topic, used *uint16) {
	k := g.intn(13)
	if *used&(1<<k) != 0 && k >= 3 {
		k = g.intn(3) // a prepositional phrase instead
	}
	*used |= 1 << k
	switch k {
	case 0, 1, 2:
		g.w(g.pick(prepositions))
		g.np(t)
	case 3:
		g.w(g.pick(timePhrases))
	case 4:
		g.raw(",")
		g.w("which")
		g.w(g.verb().past)
		g.np(t)
	case 5:
		g.w("and")
		g.w(g.verb().past)
		g.np(t)
	case 6:
		g.raw(",")
		g.w("according to")
		if g.chance(0.5) {
			g.w(g.pick(t.orgs))
		} else {
			g.w(g.pick(sources))
		}
	case 7:
		g.w("in")
		g.w(g.pick(t.places))
	case 8:
		g.w("for the first time since")
		g.year(2000 + g.intn(24))
	case 9:
		g.w("as part of")
		g.np(t)
	case 10:
		g.w("on")
		g.w(g.pickU(months))
		g.num(1 + g.intn(28))
	case 11:
		g.w("amid")
		g.w(g.pickU(amidWords))
		g.w(g.noun(t))
		g.w("over")
		g.w(g.pick(t.phrases))
	default:
		g.w("during the")
		y := 2000 + g.intn(22)
		g.year(y)
		g.raw(g.st.rangeDash)
		g.buf = strconv.AppendInt(g.buf, int64(y+1+g.intn(3)), 10)
		g.w("period")
	}
}

// fill adds phrases until the sentence begun at word count start has
// about target words.
func (g *gen) fill(t *topic, start, target int) {
	var used uint16
	for n := g.words - start; n < target && n < longest; n = g.words - start {
		g.tail(t, &used)
	}
}

// quoteClause writes the words inside a quotation.
func (g *gen) quoteClause(t *topic) {
	switch g.intn(6) {
	case 0, 1:
		g.w("we")
		g.predicate(t, true, 1)
	case 2:
		g.w("this is")
		a := g.pick(adjectives)
		g.w(article(a))
		g.w(a)
		g.w(g.noun(t))
		g.w("for")
		g.w(g.pick(t.places))
	case 3:
		g.w("our")
		g.w(g.noun(t))
		g.w("remains")
		g.w(g.pick(adjectives))
	default:
		pl := g.subject(t)
		g.predicate(t, pl, 1)
	}
}

func (g *gen) speaker(t *topic) {
	if g.chance(0.8) {
		g.personRef(t)
	} else {
		g.w(g.pick(t.orgs))
	}
}

// year writes a year, without a thousands separator.
func (g *gen) year(y int) {
	g.sep()
	g.capNext = false
	g.buf = strconv.AppendInt(g.buf, int64(y), 10)
}

// decimal writes a number with one decimal, such as 3.2.
func (g *gen) decimal(whole int) {
	g.num(whole)
	g.buf = append(g.buf, '.', byte('0'+g.intn(10)))
}

// sentence writes one sentence of about target words, target in [8, 35].
func (g *gen) sentence(t *topic, target int) {
	start := g.words
	g.capNext = true
	switch k := g.intn(100); {
	case k < 38: // plain, sometimes opened with a time
		if g.chance(0.2) {
			g.w(g.pick(timePhrases))
			g.raw(",")
		}
		pl := g.subject(t)
		g.predicate(t, pl, 0)
		g.fill(t, start, target)
		g.raw(".")
	case k < 46: // “Quote,” X said.
		g.openQuote()
		g.capNext = true
		g.quoteClause(t)
		g.fill(t, start, max(6, min(target, longest)-8)) // room for the speaker
		g.raw(",")
		g.raw(g.st.cq)
		g.speaker(t)
		g.w(g.pick(speechVerbs))
		if g.chance(0.4) {
			g.w(g.pick(timePhrases))
		}
		g.raw(".")
	case k < 52: // X said: “Quote.”
		g.speaker(t)
		g.w(g.pick(speechVerbs))
		g.raw(":")
		g.openQuote()
		g.capNext = true
		g.quoteClause(t)
		g.fill(t, start, target)
		g.raw(".")
		g.raw(g.st.cq)
	case k < 56: // X described Y as “adj and adj”.
		pl := g.subject(t)
		if g.chance(0.5) {
			g.w("described")
		} else {
			g.w(pick2(pl, "describes", "describe"))
		}
		g.np(t)
		g.w("as")
		g.openQuote()
		g.w(g.pick(adjectives))
		g.w("and")
		g.w(g.pick(adjectives))
		g.raw(g.st.cq)
		g.fill(t, start, target)
		g.raw(".")
	case k < 63: // According to X, ...
		g.w("according to")
		if g.chance(0.6) {
			g.w(g.pick(t.orgs))
		} else {
			g.w(g.pick(sources))
		}
		g.raw(",")
		pl := g.subject(t)
		g.predicate(t, pl, 0)
		g.fill(t, start, target)
		g.raw(".")
	case k < 73:
		g.numeric(t, start, target)
	case k < 82: // On March 3, 2021, ...
		if g.chance(0.5) {
			g.w("on")
			g.w(g.pickU(months))
			g.num(1 + g.intn(28))
			g.raw(",")
		} else {
			g.w("in")
			g.w(g.pickU(months))
		}
		g.year(2015 + g.intn(10))
		g.raw(",")
		pl := g.subject(t)
		g.predicate(t, pl, 0)
		g.fill(t, start, target)
		g.raw(".")
	case k < 92: // However, ...
		g.w(g.pickU(connectives))
		g.raw(",")
		pl := g.subject(t)
		g.predicate(t, pl, 0)
		g.fill(t, start, target)
		g.raw(".")
	default: // X — an aside — did Y.
		pl := g.subjectOf(t, g.intn(11)) // no apposition: the aside is one
		g.raw(g.st.dash)
		g.glue = true
		if g.chance(0.5) {
			g.w(g.pickU(roles))
			g.w("at")
			g.w(g.pick(t.orgs))
		} else {
			g.w("along with")
			g.np(t)
		}
		g.raw(g.st.dash)
		g.glue = true
		g.predicate(t, pl, 1)
		g.fill(t, start, target)
		g.raw(".")
	}
}

func (g *gen) numeric(t *topic, start, target int) {
	switch g.intn(4) {
	case 0: // At least 14 soldiers were wounded near ...
		g.w(g.pickU(approx))
		g.num(2 + g.skew(400))
		g.w(g.pluralNoun(t))
		g.w("were")
		g.w(g.verb().part)
		g.w(g.pick(prepositions))
		g.np(t)
	case 1: // The budget rose by 3.2 percent to $4.5 billion in 2023
		g.w("the")
		g.w(g.noun(t))
		g.w(g.pickU(changes))
		g.w("by")
		g.decimal(g.intn(30))
		g.w("percent to")
		g.sep()
		g.raw("$")
		g.buf = appendThousands(g.buf, 1+g.intn(900))
		if g.chance(0.5) {
			g.buf = append(g.buf, '.', byte('0'+g.intn(10)))
		}
		g.w(g.pickU(scales))
		g.w("in")
		g.year(2015 + g.intn(10))
	case 2: // More than 1,960 residents have returned since May 2021
		g.w("more than")
		g.num(100 + g.skew(90000))
		g.w(g.pluralNoun(t))
		g.w("have")
		g.w(g.verb().part)
		g.np(t)
		g.w("since")
		g.w(g.pickU(months))
		g.year(2015 + g.intn(10))
	default: // The 44-day war ...
		g.w("the")
		g.sep()
		g.buf = appendThousands(g.buf, 2+g.intn(120))
		g.raw("-day")
		g.w(g.noun(t))
		g.predicate(t, false, 1)
	}
	g.fill(t, start, target)
	g.raw(".")
}

// sentenceTarget draws a sentence length: 8 to 34 words, most near 20.
func (g *gen) sentenceTarget() int { return 8 + g.intn(14) + g.intn(14) }

// paragraphSentences draws a paragraph length: 1 to 6 sentences.
func (g *gen) paragraphSentences() int {
	switch k := g.intn(20); {
	case k < 2:
		return 1
	case k < 7:
		return 2
	case k < 13:
		return 3
	case k < 17:
		return 4
	case k < 19:
		return 5
	}
	return 6
}
