// Package peers compares neardup with the Go MinHash libraries people
// reach for, github.com/ekzhu/minhash-lsh and github.com/dgryski/go-minhash,
// on the job those libraries are used for: paragraph-level near-duplicate
// detection, as datasketch and text-dedup users run it in Python.
//
// The paragraph job (see Ekzhu and Dgryski) splits each document into
// paragraphs, shingles each paragraph's words, signs each paragraph with
// the library's MinHash, finds candidate pairs with an LSH index, verifies
// every candidate by exact Jaccard similarity, joins verified pairs into
// families with union-find, and reports each family's paragraphs. The two
// peers share every step but signing and indexing, so differences between
// them come from the libraries alone.
//
// Both peers and neardup are scored against the same generated corpus and
// its ground truth with the PAN measures, in the same way (Result.Cases and
// NeardupCases), and timed by the benchmarks of this package and by
// Measure, which cmd/compare prints as a Markdown table.
//
// This is a separate module so that neardup's own go.mod does not carry
// the peers as dependencies.
package peers
