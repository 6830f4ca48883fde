package corpus

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"sort"
	"strconv"
	"time"
)

// Kinds of site furniture an outlet may print around its articles.
const (
	chromeUpdate = iota // "Last update: <date and time>", different in every article
	chromeLogo
	chromeShare
	chromeSubscribe
	chromeAbout
	chromeCopyright
	nChrome
)

// poolCap bounds the passages waiting to be copied. It keeps Stream's
// memory constant; a passage pushed out with at least one copy becomes a
// family with fewer copies than planned.
const poolCap = 1024

type outlet struct {
	name, domain string
	st           style
	byline       int
	zone         string // time zone named in the byline
	authors      []string
	chrome       [nChrome]string // "" where the outlet has no such line
	sep          string          // between lines of furniture
	weight       int
	seq          int // articles written so far
}

// sentRec locates a sentence of the article being written.
type sentRec struct{ start, end, para int }

// pending is a passage in the pool, waiting for copies.
type pending struct {
	topic, outlet, day int
	origin             string
	start, end         int
	paras              [][]string // sentences, as they stand in the origin
	want               int        // copies planned
	occ                []Occurrence
}

type gen struct {
	writer
	cfg        Config
	topics     []topic
	outlets    []outlet
	outletSum  int
	sents      []sentRec
	scratch    []byte
	pool       []*pending
	register   float64 // chance that an original article offers a passage
	produced   int
	family     func(Family) error
	families   int // families emitted so far
	boiler     [][nChrome]*Family
	boilerTxt  [][nChrome]string // text of each boilerplate family's origin
	outW, seqW int
	endYear    int
}

func newGen(cfg Config, family func(Family) error) *gen {
	g := &gen{cfg: cfg, family: family}
	g.src = rand.NewPCG(cfg.Seed, 0x6e65617264757031) // "neardup1"
	g.buf = make([]byte, 0, 64<<10)
	g.scratch = make([]byte, 0, 1024)
	g.outW = max(2, len(strconv.Itoa(cfg.Outlets-1)))
	// No article is shorter than 1000 bytes, so Bytes/1000 bounds the
	// articles of any one outlet and the width keeps IDs sortable.
	g.seqW = max(6, len(strconv.Itoa(cfg.Bytes/1000+1)))
	g.endYear = cfg.Start.AddDate(0, 0, cfg.Days).Year()
	for i := range cfg.Topics {
		g.topics = append(g.topics, g.newTopic(i))
	}
	names := make(map[string]bool)
	for range cfg.Outlets {
		o := g.newOutlet(names)
		g.outletSum += o.weight
		g.outlets = append(g.outlets, o)
	}
	if family != nil {
		g.boiler = make([][nChrome]*Family, cfg.Outlets)
		g.boilerTxt = make([][nChrome]string, cfg.Outlets)
	}
	// Supply a quarter more copy slots than the copies asked for, so that
	// an article that wants to copy nearly always finds a passage.
	meanCopies := float64(1+cfg.MaxCopies) / 2
	g.register = min(1, 1.25*cfg.ReuseRate/((1-cfg.ReuseRate)*meanCopies))
	return g
}

// Names are built from syllables, so every seed has its own cast.

func (g *gen) syllables(b []byte, n int) []byte {
	for range n {
		b = append(b, g.pickU(onsets)...)
		b = append(b, g.pickU(nuclei)...)
		b = append(b, g.pickU(codas)...)
	}
	return b
}

func capitalise(b []byte) string {
	if len(b) > 0 && b[0] >= 'a' && b[0] <= 'z' {
		b[0] -= 'a' - 'A'
	}
	return string(b)
}

func (g *gen) firstName() string { return capitalise(g.syllables(nil, 2)) }

func (g *gen) lastName() string {
	return capitalise(append(g.syllables(nil, 1+g.intn(2)), g.pickU(endings)...))
}

func (g *gen) placeName() string {
	b := g.syllables(nil, 1+g.intn(2))
	if len(b) < 4 {
		b = g.syllables(b, 1)
	}
	return capitalise(append(b, g.pickU(places)...))
}

func (g *gen) newTopic(i int) topic {
	t := topic{name: "topic-" + strconv.Itoa(i)}
	for range 12 {
		t.places = append(t.places, g.placeName())
	}
	for range 24 {
		t.people = append(t.people, person{title: g.pickU(titles), first: g.firstName(), last: g.lastName()})
	}
	for range 10 {
		if g.chance(0.8) {
			t.orgs = append(t.orgs, "the "+g.pickU(t.places)+" "+g.pickU(orgKinds))
		} else {
			t.orgs = append(t.orgs, "the "+g.lastName()+" "+g.pickU(orgKinds))
		}
	}
	for range 12 {
		if g.chance(0.6) {
			t.phrases = append(t.phrases, "the "+g.pickU(t.places)+" "+g.pickU(keyNouns))
		} else {
			t.phrases = append(t.phrases, "the "+g.pickU(adjectives)+" "+g.pickU(keyNouns))
		}
	}
	for range 40 {
		t.nouns = append(t.nouns, g.intn(len(nouns)))
	}
	return t
}

var (
	shareLines     = []string{"Share this article", "Share this story", "Share on social media", "Share"}
	subscribeLines = []string{
		"Subscribe to the %s newsletter for news from %s and %s.",
		"Sign up for %s alerts on %s and %s.",
		"Get %s in your inbox: the latest from %s and %s.",
	}
	timeZones = []string{"AMT", "AZT", "MSK", "GMT", "CET"}
	tlds      = []string{".com", ".net", ".news", ".org", ".info"}
)

func (g *gen) newOutlet(taken map[string]bool) outlet {
	var o outlet
	for {
		switch g.intn(3) {
		case 0:
			o.name = "The " + g.placeName() + " " + g.pickU(outletNouns)
		case 1:
			o.name = g.placeName() + " " + g.pickU(outletNouns)
		default:
			o.name = g.placeName() + "Press"
		}
		if !taken[o.name] {
			taken[o.name] = true
			break
		}
	}
	var dom []byte
	for i := 0; i < len(o.name); i++ {
		c := o.name[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			dom = append(dom, c)
		case c >= 'A' && c <= 'Z':
			dom = append(dom, c+'a'-'A')
		}
	}
	if len(dom) > 3 && string(dom[:3]) == "the" {
		dom = dom[3:]
	}
	o.domain = string(dom) + g.pickU(tlds)
	o.st = curly
	if g.chance(0.3) {
		o.st = straight
	}
	o.byline = g.intn(4)
	o.zone = g.pickU(timeZones)
	for range 6 {
		o.authors = append(o.authors, g.firstName()+" "+g.lastName())
	}
	o.sep = "\n\n"
	if g.chance(0.3) {
		o.sep = "\n"
	}
	o.weight = 1 + g.intn(4)
	if g.chance(0.7) {
		o.chrome[chromeUpdate] = "Last update: "
	}
	if g.chance(0.8) {
		o.chrome[chromeLogo] = o.name + " logo"
	}
	if g.chance(0.7) {
		o.chrome[chromeShare] = g.pickU(shareLines)
	}
	if g.chance(0.6) {
		t := &g.topics[g.intn(len(g.topics))]
		o.chrome[chromeSubscribe] = fmt.Sprintf(g.pickU(subscribeLines), o.name, g.pickU(t.places), g.pickU(t.places))
	}
	if g.chance(0.4) {
		// The blurb is made of the grammar's sentences, so no two outlets
		// share one.
		saved, st := g.buf, g.st
		g.st = o.st
		g.buf = append(g.scratch[:0], "About "+o.name+":"...)
		t := &g.topics[g.intn(len(g.topics))]
		for range 2 {
			g.sentence(t, 12+g.intn(10))
		}
		o.chrome[chromeAbout] = string(g.buf)
		g.scratch, g.buf, g.st = g.buf, saved, st
	}
	if g.chance(0.85) {
		o.chrome[chromeCopyright] = fmt.Sprintf("© %d %s. All rights reserved.", g.endYear, o.name)
	}
	return o
}

func (g *gen) pickOutlet() int {
	x := g.intn(g.outletSum)
	for i := range g.outlets {
		x -= g.outlets[i].weight
		if x < 0 {
			return i
		}
	}
	return len(g.outlets) - 1
}

func (g *gen) run(emit func(Doc) error) error {
	cfg := g.cfg
	for g.produced < cfg.Bytes {
		day := int(int64(g.produced) * int64(cfg.Days) / int64(cfg.Bytes))
		oi := g.pickOutlet()
		src := -1
		if g.chance(cfg.ReuseRate) {
			src = g.pickSource(oi, day)
		}
		var p *pending
		ti := g.skew(len(g.topics))
		if src >= 0 {
			p = g.pool[src]
			ti = p.topic
		}
		d, err := g.article(oi, ti, day, p)
		if err != nil {
			return err
		}
		if p == nil && g.chance(g.register) {
			g.offer(d.ID, oi, ti, day)
		}
		if err := emit(d); err != nil {
			return err
		}
		g.produced += len(d.Text)
		if p != nil && len(p.occ) >= p.want {
			g.pool = append(g.pool[:src], g.pool[src+1:]...)
			if err := g.finish(p); err != nil {
				return err
			}
		}
		if len(g.pool) > poolCap {
			old := g.pool[0]
			g.pool = g.pool[1:]
			if err := g.finish(old); err != nil {
				return err
			}
		}
	}
	for _, p := range g.pool {
		if err := g.finish(p); err != nil {
			return err
		}
	}
	g.pool = nil
	return g.finishBoilerplate()
}

// pickSource chooses a passage for outlet oi to copy on day: one from an
// earlier day, recent ones more likely, usually of another outlet. It
// returns -1 when there is none.
func (g *gen) pickSource(oi, day int) int {
	// The pool is in order of day, so the passages of earlier days are a
	// prefix of it.
	n := sort.Search(len(g.pool), func(i int) bool { return g.pool[i].day >= day })
	if n == 0 {
		return -1
	}
	for range 4 {
		i := n - 1 - g.skew(n)
		if g.pool[i].outlet != oi || len(g.outlets) == 1 || g.chance(0.1) {
			return i
		}
	}
	return -1
}

func (g *gen) finish(p *pending) error {
	if len(p.occ) == 0 || g.family == nil {
		return nil
	}
	g.families++
	occ := make([]Occurrence, 0, 1+len(p.occ))
	occ = append(occ, Occurrence{Doc: p.origin, Start: p.start, End: p.end, SrcStart: p.start, SrcEnd: p.end})
	occ = append(occ, p.occ...)
	return g.family(Family{ID: g.families, Kind: KindReuse, Origin: p.origin, Occurrences: occ})
}

func (g *gen) finishBoilerplate() error {
	if g.family == nil {
		return nil
	}
	for oi := range g.boiler {
		for k := range nChrome {
			f := g.boiler[oi][k]
			if f == nil || len(f.Occurrences) < 2 {
				continue
			}
			g.families++
			f.ID = g.families
			if err := g.family(*f); err != nil {
				return err
			}
		}
	}
	return nil
}

// furniture writes one line of site furniture and records it.
func (g *gen) furniture(oi, k int, id string, date time.Time) {
	o := &g.outlets[oi]
	start := len(g.buf)
	if k == chromeUpdate {
		g.raw(o.chrome[k])
		t := date.AddDate(0, 0, g.intn(3)).Add(time.Duration(6*60+g.intn(16*60)) * time.Minute)
		g.buf = t.AppendFormat(g.buf, "January 2, 2006 15:04")
	} else {
		g.raw(o.chrome[k])
	}
	if g.family == nil {
		return
	}
	text := string(g.buf[start:])
	f := g.boiler[oi][k]
	if f == nil {
		f = &Family{Kind: KindBoilerplate, Origin: id}
		g.boiler[oi][k] = f
		g.boilerTxt[oi][k] = text
		f.Occurrences = append(f.Occurrences, Occurrence{Doc: id, Start: start, End: len(g.buf), SrcStart: start, SrcEnd: len(g.buf)})
		return
	}
	edit := EditExact
	if text != g.boilerTxt[oi][k] {
		edit = EditSubstitute
	}
	o0 := f.Occurrences[0]
	f.Occurrences = append(f.Occurrences, Occurrence{Doc: id, Start: start, End: len(g.buf), Edit: edit, SrcStart: o0.Start, SrcEnd: o0.End})
}

// article writes one article of outlet oi on topic ti, carrying a copy of
// p's passage when p is not nil.
func (g *gen) article(oi, ti, day int, p *pending) (Doc, error) {
	cfg := g.cfg
	o := &g.outlets[oi]
	t := &g.topics[ti]
	date := cfg.Start.AddDate(0, 0, day)
	id := fmt.Sprintf("outlet-%0*d/%0*d", g.outW, oi, g.seqW, o.seq)
	o.seq++
	g.st = o.st
	g.buf = g.buf[:0]
	g.sents = g.sents[:0]
	g.glue = false

	for _, k := range [...]int{chromeUpdate, chromeLogo} {
		if o.chrome[k] != "" && g.chance(cfg.BoilerplateRate) {
			g.furniture(oi, k, id, date)
			g.raw(o.sep)
		}
	}
	title := g.title(t)
	g.raw(title)
	g.raw("\n\n")
	g.byline(o, date)
	g.raw("\n\n")

	g.words = 0
	span := cfg.MaxWords - cfg.MinWords
	u := g.float()
	target := cfg.MinWords + int(float64(span)*u*u)
	insertAt := -1
	if p != nil {
		insertAt = g.intn(target*2/3 + 1)
	}
	for para := 0; g.words < target || insertAt >= 0; para++ {
		if para > 0 {
			g.raw("\n\n")
		}
		if insertAt >= 0 && g.words >= insertAt {
			g.placeCopy(p, t, id)
			insertAt = -1
			continue
		}
		for range g.paragraphSentences() {
			start := len(g.buf)
			g.sentence(t, g.sentenceTarget())
			if g.buf[start] == ' ' {
				start++ // the space between sentences belongs to neither
			}
			g.sents = append(g.sents, sentRec{start, len(g.buf), para})
		}
	}

	first := true
	for _, k := range [...]int{chromeShare, chromeSubscribe, chromeAbout, chromeCopyright} {
		if o.chrome[k] != "" && g.chance(cfg.BoilerplateRate) {
			if first {
				g.raw("\n\n")
				first = false
			} else {
				g.raw(o.sep)
			}
			g.furniture(oi, k, id, date)
		}
	}
	g.raw("\n")

	return Doc{
		ID:     id,
		Text:   string(g.buf),
		Title:  title,
		Source: o.name,
		Date:   date.Format(time.DateOnly),
		URL:    g.url(o, date, title),
		Topic:  t.name,
	}, nil
}

func (g *gen) byline(o *outlet, date time.Time) {
	author := g.pick(o.authors)
	switch o.byline {
	case 0:
		g.raw("By ")
		g.raw(author)
		g.raw(" ")
		g.buf = date.AppendFormat(g.buf, "January 2, 2006")
	case 1:
		g.buf = date.AppendFormat(g.buf, "January 2, 2006")
		g.raw(" - ")
		g.buf = appendClock(g.buf, 6*60+g.intn(16*60))
		g.raw(" ")
		g.raw(o.zone)
	case 2:
		g.raw(author)
		g.raw("\n")
		g.buf = date.AppendFormat(g.buf, "02.01.2006")
	default:
		g.raw("Published ")
		g.buf = date.AppendFormat(g.buf, time.DateOnly)
		g.raw(" by ")
		g.raw(author)
	}
}

func appendClock(b []byte, minutes int) []byte {
	h, m := minutes/60, minutes%60
	return append(b, byte('0'+h/10), byte('0'+h%10), ':', byte('0'+m/10), byte('0'+m%10))
}

var smallWords = map[string]bool{"a": true, "an": true, "the": true, "of": true, "in": true,
	"on": true, "at": true, "to": true, "for": true, "and": true, "over": true, "with": true, "as": true}

var headlineVerbs = []string{"Rejects", "Backs", "Warns Over", "Signs", "Questions", "Halts",
	"Reopens", "Blocks", "Welcomes", "Criticises", "Demands Talks on", "Vows to Defend",
	"Calls for Probe into", "Weighs Options on", "Moves to Secure"}

var headlineTails = []string{"Amid Tensions", "After Talks", "as Deadline Nears", "Despite Protests",
	"in Surprise Move", "Ahead of Summit", "After Border Clash", ""}

// title returns a headline in title case.
func (g *gen) title(t *topic) string {
	b := g.scratch[:0]
	add := func(s string) {
		if len(b) > 0 {
			b = append(b, ' ')
		}
		b = append(b, s...)
	}
	switch g.intn(3) {
	case 0:
		add(t.people[g.skew(len(t.people))].last)
	case 1:
		add(g.pick(t.places))
	default:
		add(g.pick(t.orgs)[4:]) // without "the "
	}
	add(g.pickU(headlineVerbs))
	if g.chance(0.6) {
		add(g.pick(t.phrases)[4:])
	} else {
		add(g.pick(adjectives))
		add(g.noun(t))
	}
	add(g.pickU(headlineTails))
	for len(b) > 0 && b[len(b)-1] == ' ' {
		b = b[:len(b)-1]
	}
	// Title case: capitalise each word but the small ones after the first.
	for i := 0; i < len(b); {
		j := i
		for j < len(b) && b[j] != ' ' {
			j++
		}
		if (i == 0 || !smallWords[string(b[i:j])]) && b[i] >= 'a' && b[i] <= 'z' {
			b[i] -= 'a' - 'A'
		}
		i = j + 1
	}
	g.scratch = b
	return string(b)
}

func (g *gen) url(o *outlet, date time.Time, title string) string {
	b := make([]byte, 0, 96)
	b = append(b, "https://www."...)
	b = append(b, o.domain...)
	b = date.AppendFormat(b, "/2006/01/02/")
	dash := false
	n := 0
	for i := 0; i < len(title) && n < 60; i++ {
		c := title[i]
		switch {
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
			fallthrough
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			if dash && n > 0 {
				b = append(b, '-')
				n++
			}
			b = append(b, c)
			n++
			dash = false
		default:
			dash = true
		}
	}
	if n >= 60 {
		// Cut at the last whole word.
		if i := bytes.LastIndexByte(b[len(b)-n:], '-'); i > 0 {
			b = b[:len(b)-n+i]
		}
	}
	b = append(b, '-')
	b = strconv.AppendInt(b, int64(o.seq), 10)
	return string(b)
}
