// Package shingle turns text into the pieces neardup compares: units
// (paragraphs, or lines when a text has no blank lines), words with their
// byte offsets and the hash of their normalised form, and hashed word
// k-shingles.
//
// A word is a maximal run of letters, marks and numbers. An apostrophe
// (' ’ ‘ ʼ ′ and kin) or an invisible joiner (soft hyphen, zero-width
// joiner or non-joiner) between two word runes joins them, as does '.' or
// ',' between two digits ("Azerbaijan’s", "1,960", "3.5"); everything else
// (white space, punctuation, hyphens and dashes, symbols, quotes, invalid
// UTF-8) separates words. A word's span never includes the marks around it.
//
// A word's hash is the xxhash of its normalised form: its joiners dropped,
// then NFKC, full case folding and NFKC again, keeping word runes only. So
// typographic variants of one text hash alike ("AZERBAIJAN'S" and
// "Azerbaijan’s", "1,960" and "1960", "ﬁnal" and "final", "Straße" and
// "STRASSE"), while offsets always refer to the original bytes, so anything
// found can be pointed at exactly.
//
// Speed: ASCII text is classified 64 bytes at a time (with AVX2 where the
// processor has it, with integer arithmetic elsewhere or under the purego
// build tag) and its words hashed in place, with a cache of common words,
// allocating nothing; words of most alphabets are normalised rune by rune
// from tables made once from golang.org/x/text, and the rest go through
// x/text itself. Every path gives the same hash for the same normalised
// word.
package shingle
