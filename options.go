package neardup

import (
	"errors"
	"fmt"

	"github.com/neardup/neardup/report"
)

// Stopword handling, chosen by Options.Stopwords.
const (
	StopwordsKeep   = "keep"   // shingle every word
	StopwordsDrop   = "drop"   // shingle only the words that are not stopwords
	StopwordsAnchor = "anchor" // SpotSigs: shingles start at a stopword and take the next content words
)

// ErrInvalidOptions is wrapped by every error New and Run return for options
// out of range.
var ErrInvalidOptions = errors.New("neardup: invalid options")

// Options tunes a run. The zero value of a field means its default; see
// DefaultOptions.
type Options struct {
	// Threshold is the Jaccard similarity at which two windows of words
	// count as a candidate match (the LSH is tuned to it, and every
	// candidate is verified against it exactly). In (0, 1].
	Threshold float64
	// Shingle is the number of words per shingle.
	Shingle int
	// Hashes is the MinHash signature length of a window. Windows are
	// small, and a copied passage spans several, so a short signature
	// loses little: on generated corpora 40 finds what 64 finds, with
	// fewer bands to index and fewer candidates to verify.
	Hashes int
	// Seed seeds every hash, so that signatures are stable across runs.
	Seed uint64
	// MinWords is the shortest passage reported, in words.
	MinWords int
	// Window and Stride size the overlapping windows of words that are
	// sketched and indexed: detection does not depend on paragraphing.
	Window, Stride int
	// Stopwords is StopwordsKeep, StopwordsDrop or StopwordsAnchor.
	Stopwords string
	// Language is the ISO 639-1 code of the stopword list.
	Language string
	// Boilerplate is how many documents of one source a family must span,
	// within that source only, to be marked boilerplate.
	Boilerplate int
	// Workers bounds parallelism; 0 means GOMAXPROCS. The report does not
	// depend on it.
	Workers int
	// Progress, when set, is called from time to time during a run; it
	// must be quick and safe to call from several goroutines.
	Progress func(Progress)
}

// DefaultOptions returns the options used for zero fields.
func DefaultOptions() Options {
	return Options{
		Threshold:   0.5,
		Shingle:     3,
		Hashes:      40,
		Seed:        0x6e656172647570, // "neardup"
		MinWords:    10,
		Window:      24,
		Stride:      12,
		Stopwords:   StopwordsKeep,
		Language:    "en",
		Boilerplate: 3,
	}
}

// Validate reports the first option out of range, zero fields taking
// their defaults; the error wraps ErrInvalidOptions. Run validates too:
// Validate lets a caller check options before it reads any input.
func (o Options) Validate() error {
	_, err := o.withDefaults()
	return err
}

// withDefaults fills zero fields and validates the result.
func (o Options) withDefaults() (Options, error) {
	d := DefaultOptions()
	if o.Threshold == 0 {
		o.Threshold = d.Threshold
	}
	if o.Shingle == 0 {
		o.Shingle = d.Shingle
	}
	if o.Hashes == 0 {
		o.Hashes = d.Hashes
	}
	if o.Seed == 0 {
		o.Seed = d.Seed
	}
	if o.MinWords == 0 {
		o.MinWords = d.MinWords
	}
	if o.Window == 0 {
		o.Window = d.Window
	}
	if o.Stride == 0 {
		o.Stride = o.Window / 2
	}
	if o.Stopwords == "" {
		o.Stopwords = d.Stopwords
	}
	if o.Language == "" {
		o.Language = d.Language
	}
	if o.Boilerplate == 0 {
		o.Boilerplate = d.Boilerplate
	}
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: "+format, append([]any{ErrInvalidOptions}, args...)...)
	}
	switch {
	case !(o.Threshold > 0 && o.Threshold <= 1):
		return o, bad("threshold %v is not in (0, 1]", o.Threshold)
	case o.Shingle < 1 || o.Shingle > 16:
		return o, bad("shingle size %d is not in [1, 16]", o.Shingle)
	case o.Hashes < 8 || o.Hashes > 1024:
		return o, bad("hashes %d is not in [8, 1024]", o.Hashes)
	case o.MinWords < 1:
		return o, bad("minimum passage length %d words is below 1", o.MinWords)
	case o.Window < o.Shingle || o.Window > 4096:
		return o, bad("window %d is not in [shingle size %d, 4096]", o.Window, o.Shingle)
	case o.Stride < 1 || o.Stride > o.Window:
		return o, bad("stride %d is not in [1, window %d]", o.Stride, o.Window)
	case o.Stopwords != StopwordsKeep && o.Stopwords != StopwordsDrop && o.Stopwords != StopwordsAnchor:
		return o, bad("stopwords %q is not keep, drop or anchor", o.Stopwords)
	case o.Boilerplate < 2:
		return o, bad("boilerplate %d documents is below 2", o.Boilerplate)
	case o.Workers < 0:
		return o, bad("workers %d is negative", o.Workers)
	}
	return o, nil
}

// params converts options to the report's record of them.
func (o Options) params(bands, rows int) report.Params {
	return report.Params{
		Threshold:   o.Threshold,
		Shingle:     o.Shingle,
		Hashes:      o.Hashes,
		Bands:       bands,
		Rows:        rows,
		Seed:        o.Seed,
		MinWords:    o.MinWords,
		Window:      o.Window,
		Stride:      o.Stride,
		Stopwords:   o.Stopwords,
		Language:    o.Language,
		Boilerplate: o.Boilerplate,
	}
}
