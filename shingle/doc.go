// Package shingle turns text into the pieces neardup compares: units
// (paragraphs, or lines when a text has no blank lines), words with their
// byte offsets and the hash of their normalised form, and hashed word
// k-shingles.
//
// Normalisation makes typographic variants of one text hash alike: Unicode
// NFKC, full case folding, curly and straight quotes made one, apostrophes
// and the separators inside numbers ("1,960") dropped, and every other
// punctuation mark, dash or symbol treated as a word boundary. Offsets always
// refer to the original bytes, so anything found can be pointed at exactly.
//
// ASCII text takes a fast path that allocates nothing; other text goes
// through golang.org/x/text, which does the Unicode work exactly.
package shingle
