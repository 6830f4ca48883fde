// Package report holds neardup's report: the families of reused passages
// found in a set of documents, and the writers that render it as plain text,
// Markdown, JSON and a self-contained HTML page.
//
// The model is plain data with JSON tags; the JSON writer is the
// authoritative, versioned form (see Version). The package depends on the
// standard library only, so a report can be read and rendered without the
// detection engine.
package report

// Version is the version of the JSON schema written by WriteJSON. Fields may
// be added within a version; none is renamed or removed.
const Version = 1

// Kinds of family.
const (
	// KindReuse marks a passage reused across documents.
	KindReuse = "reuse"
	// KindBoilerplate marks site furniture repeated inside one source
	// (navigation, "Last update" lines, copyright and share lines).
	KindBoilerplate = "boilerplate"
)

// Diff operations, in the words of the canonical text.
const (
	OpEqual  = "equal"  // words the occurrence shares with the canonical text
	OpInsert = "insert" // words the occurrence adds
	OpDelete = "delete" // canonical words the occurrence lacks
)

// Report is the result of one run.
type Report struct {
	Version   int        `json:"version"`
	Params    Params     `json:"params"`
	Documents []Document `json:"documents"`
	Clusters  []Cluster  `json:"clusters"`
}

// Params records the options a run actually used, so that a report says how
// it was made.
type Params struct {
	Threshold   float64 `json:"threshold"`   // Jaccard threshold of the LSH filter and of window verification
	Shingle     int     `json:"shingle"`     // words per shingle
	Hashes      int     `json:"hashes"`      // MinHash signature length
	Bands       int     `json:"bands"`       // LSH bands
	Rows        int     `json:"rows"`        // LSH rows per band
	Seed        uint64  `json:"seed"`        // hash seed
	MinWords    int     `json:"min_words"`   // shortest passage reported, in words
	Window      int     `json:"window"`      // words per candidate window
	Stride      int     `json:"stride"`      // words between window starts
	Stopwords   string  `json:"stopwords"`   // "keep", "drop" or "anchor"
	Language    string  `json:"language"`    // stopword language (ISO 639-1)
	Boilerplate int     `json:"boilerplate"` // documents of one source that make a family boilerplate
}

// Document describes one input document.
type Document struct {
	ID     string `json:"id"`
	Title  string `json:"title"`
	Source string `json:"source"`
	Date   string `json:"date"` // as given: YYYY-MM-DD or RFC 3339; empty when unknown
	URL    string `json:"url,omitempty"`
	Bytes  int    `json:"bytes"` // length of the text in bytes
	// ReusedBytes counts the bytes of this document that lie in a reuse
	// passage (boilerplate excluded), each byte once.
	ReusedBytes int `json:"reused_bytes"`
}

// Cluster is a family: occurrences of one passage across documents.
type Cluster struct {
	ID        int    `json:"id"`
	Kind      string `json:"kind"`      // KindReuse or KindBoilerplate
	Documents int    `json:"documents"` // distinct documents
	Sources   int    `json:"sources"`   // distinct non-empty sources
	// Origin is the earliest occurrence and how it was chosen.
	Origin Origin `json:"origin"`
	// Canonical is the text the diffs are taken against: the origin's
	// passage where one is known, else the first passage.
	Canonical string `json:"canonical"`
	// Passages are the occurrences, in order of date (undated last), then
	// document id, then offset.
	Passages []Passage `json:"passages"`
}

// Origin names the occurrence a family is traced to.
type Origin struct {
	Doc  string `json:"doc"`  // document id; empty when no occurrence is dated
	Date string `json:"date"` // its date, as given
	// Note says how the origin was chosen: "earliest" (one earliest dated
	// occurrence), "tie" (several share the earliest date; the first by
	// document id is named), or "undated" (no occurrence carries a date:
	// Doc is empty and the canonical text is the first passage's).
	Note string `json:"note"`
	// Tied lists the other documents dated the same day as the origin.
	Tied []string `json:"tied,omitempty"`
}

// Origin notes.
const (
	OriginEarliest = "earliest"
	OriginTie      = "tie"
	OriginUndated  = "undated"
)

// Passage is one occurrence of a family's passage.
type Passage struct {
	Doc string `json:"doc"`
	// Start and End are UTF-8 byte offsets into the document's text exactly
	// as read, End exclusive.
	Start int `json:"start"`
	End   int `json:"end"`
	// Similarity is the Jaccard similarity of this passage's shingle set
	// with the canonical passage's (1 for the canonical passage itself).
	Similarity float64 `json:"similarity"`
	Text       string  `json:"text"`
	Date       string  `json:"date"`
	Source     string  `json:"source"`
	Title      string  `json:"title"`
	// Origin is true for the passage named by the family's origin, or for
	// the canonical passage when the family is undated.
	Origin bool `json:"origin"`
	// Diff lists runs of words against the canonical text. It is empty for
	// the canonical passage.
	Diff []DiffOp `json:"diff,omitempty"`
	// CanonicalStart and CanonicalEnd are the bytes of the canonical
	// passage's document that this passage reproduces: a copy of part of a
	// long passage points at that part. For the canonical passage they are
	// its own span.
	CanonicalStart int `json:"canonical_start"`
	CanonicalEnd   int `json:"canonical_end"`
}

// DiffOp is a run of words that are equal in, inserted by, or deleted from
// an occurrence relative to the canonical text. Text is the run's words as
// they stand in the occurrence (for equal and insert) or in the canonical
// text (for delete), joined by single spaces.
type DiffOp struct {
	Op   string `json:"op"`
	Text string `json:"text"`
}
