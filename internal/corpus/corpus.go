// Package corpus generates synthetic news corpora with known text reuse, for
// testing and benchmarking neardup.
//
// A corpus is a stream of English-looking news articles from several
// outlets on a handful of topics. Each topic has its own people, places,
// organisations and stock phrases, which recur across its articles, so
// unrelated articles on one topic share names and short phrases the way
// real coverage does (the hard negatives of reuse detection). A share of
// the articles copies a passage from an earlier article, usually of another
// outlet, and changes it with one kind of edit (see the Edit constants);
// outlets also repeat their own site furniture (logo, share and copyright
// lines). Every such repetition is reported as a Family whose occurrences
// point at the exact bytes they occupy.
//
// Output depends only on the Config: the same Config gives byte-identical
// documents and ground truth on any machine, since all randomness comes
// from one PCG source seeded with Config.Seed and the text is built without
// maps or floating-point formatting.
package corpus

import (
	"errors"
	"fmt"
	"iter"
	"strings"
	"time"

	"github.com/neardup/neardup/internal/pan"
)

// Edits a copy of a passage can go through. Occurrence.Edit holds one of
// them, optionally followed by "+typo" when a misspelling was added as
// well; PrimaryEdit strips the addition.
const (
	EditExact        = "exact"         // copied unchanged
	EditSubstitute   = "substitute"    // a few words replaced
	EditDelete       = "delete"        // a few words deleted
	EditDropSentence = "drop-sentence" // one sentence left out
	EditAddSentence  = "add-sentence"  // a new sentence added between copied ones
	EditTruncate     = "truncate"      // only the first part copied
	EditSplit        = "split"         // a copied paragraph split in two
	EditMerge        = "merge"         // two copied paragraphs joined into one
	EditEmbed        = "embed"         // placed inside a paragraph of new text
	EditReorder      = "reorder"       // two adjacent sentences swapped
	EditTypography   = "typography"    // quotes, dashes, spaces and line breaks changed
	EditRewrite      = "rewrite"       // most words replaced: not expected to be found
	// EditTypo marks a secondary misspelling, as in "substitute+typo".
	EditTypo = "typo"
)

// Edits lists the primary edits in a fixed order.
var Edits = []string{
	EditExact, EditSubstitute, EditDelete, EditDropSentence, EditAddSentence,
	EditTruncate, EditSplit, EditMerge, EditEmbed, EditReorder, EditTypography,
	EditRewrite,
}

// Kinds of family, matching the report package's kinds.
const (
	KindReuse       = "reuse"
	KindBoilerplate = "boilerplate"
)

// ErrConfig is wrapped by every error Validate returns.
var ErrConfig = errors.New("corpus: invalid config")

// Config describes a corpus. Start from DefaultConfig and change fields.
type Config struct {
	// Seed selects the corpus; every other field being equal, two seeds
	// give unrelated corpora.
	Seed uint64
	// Bytes is the approximate total size of the documents' text. Articles
	// are generated until it is reached, so the total exceeds it by less
	// than one article.
	Bytes int
	// Outlets is the number of news sources, Topics the number of stories
	// they cover.
	Outlets, Topics int
	// ReuseRate is the share of articles that carry a copy of an earlier
	// article's passage.
	ReuseRate float64
	// MaxCopies bounds the copies of one passage (1 to MaxCopies each).
	MaxCopies int
	// BoilerplateRate is the chance that an article carries each line of
	// its outlet's site furniture.
	BoilerplateRate float64
	// MinWords and MaxWords bound an article's body length in words.
	MinWords, MaxWords int
	// Start is the date of the first article; articles are spread evenly
	// over Days days from it, in order of generation.
	Start time.Time
	Days  int
}

// DefaultConfig returns a 10 MB corpus of 12 outlets and 8 topics over two
// years, in which 15% of articles copy a passage.
func DefaultConfig() Config {
	return Config{
		Seed:            1,
		Bytes:           10 << 20,
		Outlets:         12,
		Topics:          8,
		ReuseRate:       0.15,
		MaxCopies:       4,
		BoilerplateRate: 0.85,
		MinWords:        300,
		MaxWords:        1500,
		Start:           time.Date(2022, time.January, 3, 0, 0, 0, 0, time.UTC),
		Days:            730,
	}
}

// Validate reports the first field that makes no sense.
func (c Config) Validate() error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s", ErrConfig, fmt.Sprintf(format, args...))
	}
	switch {
	case c.Bytes <= 0:
		return bad("Bytes = %d, want > 0", c.Bytes)
	case c.Outlets < 1 || c.Outlets > 999:
		return bad("Outlets = %d, want 1 to 999", c.Outlets)
	case c.Topics < 1 || c.Topics > 999:
		return bad("Topics = %d, want 1 to 999", c.Topics)
	case !(c.ReuseRate >= 0 && c.ReuseRate <= 0.9):
		return bad("ReuseRate = %v, want 0 to 0.9", c.ReuseRate)
	case c.MaxCopies < 1:
		return bad("MaxCopies = %d, want >= 1", c.MaxCopies)
	case !(c.BoilerplateRate >= 0 && c.BoilerplateRate <= 1):
		return bad("BoilerplateRate = %v, want 0 to 1", c.BoilerplateRate)
	case c.MinWords < 100:
		return bad("MinWords = %d, want >= 100", c.MinWords)
	case c.MaxWords < c.MinWords:
		return bad("MaxWords = %d is below MinWords = %d", c.MaxWords, c.MinWords)
	case c.Start.IsZero():
		return bad("Start is not set")
	case c.Days < 1:
		return bad("Days = %d, want >= 1", c.Days)
	}
	return nil
}

// Doc is one generated article.
type Doc struct {
	// ID is "outlet-NN/SSSSSS": the outlet's number and the article's
	// number within it, zero-padded so that IDs sort in generation order
	// within an outlet.
	ID     string `json:"id"`
	Text   string `json:"text"`
	Title  string `json:"title"`
	Source string `json:"source"` // outlet name
	Date   string `json:"date"`   // YYYY-MM-DD
	URL    string `json:"url"`
	// Topic names the story the article covers ("topic-3"). Articles of
	// one topic share names and phrases without sharing passages.
	Topic string `json:"-"`
}

// Occurrence is one place a family's passage stands.
type Occurrence struct {
	Doc string `json:"doc"`
	// Start and End are byte offsets of the passage in the document's
	// text, End exclusive, as it stands in this copy: edits inside it are
	// included, new text around it is not.
	Start int `json:"start"`
	End   int `json:"end"`
	// Edit is the edit this copy went through ("" for the origin).
	Edit string `json:"edit,omitempty"`
	// SrcStart and SrcEnd are the bytes of the origin's passage this copy
	// reproduces: the origin's whole span, except for a truncated copy or
	// one whose first or last sentence was dropped.
	SrcStart int `json:"src_start"`
	SrcEnd   int `json:"src_end"`
}

// Family is a passage and everywhere it occurs.
type Family struct {
	ID   int    `json:"id"`   // 1, 2, ... in the order families are completed
	Kind string `json:"kind"` // KindReuse or KindBoilerplate
	// Origin is the ID of the document holding the first, earliest-dated
	// occurrence, which is Occurrences[0].
	Origin      string       `json:"origin"`
	Occurrences []Occurrence `json:"occurrences"`
}

// Cases returns the family as PAN cases: the origin paired with each other
// occurrence, labelled with that occurrence's primary edit. The origin side
// of each case is the part of the origin the copy reproduces.
func (f Family) Cases() []pan.LabelledCase {
	if len(f.Occurrences) == 0 {
		return nil
	}
	o := f.Occurrences[0]
	out := make([]pan.LabelledCase, 0, len(f.Occurrences)-1)
	for _, c := range f.Occurrences[1:] {
		out = append(out, pan.LabelledCase{
			Case: pan.Case{
				A: pan.Span{Doc: o.Doc, Start: c.SrcStart, End: c.SrcEnd},
				B: pan.Span{Doc: c.Doc, Start: c.Start, End: c.End},
			},
			Label: PrimaryEdit(c.Edit),
		})
	}
	return out
}

// PrimaryEdit returns the main edit of a label such as "substitute+typo".
func PrimaryEdit(edit string) string {
	if i := strings.IndexByte(edit, '+'); i >= 0 {
		return edit[:i]
	}
	return edit
}

// Corpus is a generated corpus with its ground truth.
type Corpus struct {
	Docs     []Doc    // in order of generation, which is order of date
	Families []Family // in order of ID
	index    map[string]int
}

// Doc returns the document with the given ID. On a Corpus from Generate
// it is safe for concurrent use; on one built by hand the first call
// indexes the documents.
func (c *Corpus) Doc(id string) (Doc, bool) {
	if c.index == nil {
		c.index = make(map[string]int, len(c.Docs))
		for i, d := range c.Docs {
			c.index[d.ID] = i
		}
	}
	i, ok := c.index[id]
	if !ok {
		return Doc{}, false
	}
	return c.Docs[i], true
}

// Cases returns the PAN cases of every family of the given kind, leaving
// out occurrences whose primary edit is one of skip (typically
// EditRewrite, which detection is not expected to find).
func (c *Corpus) Cases(kind string, skip ...string) []pan.LabelledCase {
	var out []pan.LabelledCase
	for _, f := range c.Families {
		if f.Kind != kind {
			continue
		}
		for _, lc := range f.Cases() {
			if !contains(skip, lc.Label) {
				out = append(out, lc)
			}
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Generate builds a whole corpus in memory. For corpora too large for
// that, use Stream.
func Generate(cfg Config) (*Corpus, error) {
	c := &Corpus{}
	err := Stream(cfg, func(d Doc) error {
		c.Docs = append(c.Docs, d)
		return nil
	}, func(f Family) error {
		c.Families = append(c.Families, f)
		return nil
	})
	if err != nil {
		return nil, err
	}
	c.Doc("") // build the index now, so that Doc is safe for concurrent use
	return c, nil
}

// Stream generates the corpus of cfg and hands each document to emit as
// soon as it is written, holding only a bounded set of recent passages in
// memory. Documents come in order of date.
//
// family, when not nil, receives each family once it is complete: a reuse
// family when its last copy has been written or its passage leaves the
// pool of recent ones, boilerplate families at the end. With family nil no
// ground truth is kept, and memory stays constant however large the
// corpus.
//
// An error from emit or family stops generation and is returned as is.
func Stream(cfg Config, emit func(Doc) error, family func(Family) error) error {
	if err := cfg.Validate(); err != nil {
		return err
	}
	g := newGen(cfg, family)
	return g.run(emit)
}

// Docs returns the documents of cfg as an iterator; an invalid cfg yields
// one error. Ground truth is not kept.
func Docs(cfg Config) iter.Seq2[Doc, error] {
	return func(yield func(Doc, error) bool) {
		stop := errors.New("stop")
		err := Stream(cfg, func(d Doc) error {
			if !yield(d, nil) {
				return stop
			}
			return nil
		}, nil)
		if err != nil && err != stop {
			yield(Doc{}, err)
		}
	}
}
