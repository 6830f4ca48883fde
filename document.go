// Package neardup finds passages of text reused across documents, with or
// without edits, and reports them as families: which documents carry each
// passage, which one ran it first, and how each copy differs.
//
// The pipeline is a chain of pure stages over plain data:
//
//	documents → words → windows → MinHash → LSH → candidate pairs →
//	exact verification → alignment into passages → families → report
//
// Run is the one-call form. Every stage works on byte offsets into the
// original text, so a reported passage always points at exact input bytes.
package neardup

// Document is one input text. ID must be unique within a run; the other
// metadata is optional and is carried into the report (Date decides
// provenance: the earliest dated occurrence of a passage is its origin).
type Document struct {
	ID     string
	Text   string
	Title  string
	Source string
	// Date is YYYY-MM-DD or RFC 3339; empty when unknown.
	Date string
	URL  string
}
