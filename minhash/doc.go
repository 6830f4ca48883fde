// Package minhash holds the sketching half of near-duplicate detection:
// MinHash signatures of sets of 64-bit shingle hashes, similarity estimates
// from them, the choice of LSH band parameters, a compact LSH index that
// turns signatures into candidate pairs, and a versioned binary encoding of
// signatures and indexes.
//
// # Signatures
//
// A Signer computes a Signature of k values by one-permutation hashing with
// optimal densification (Shrivastava, "Optimal Densification for Fast and
// Accurate Minwise Hashing", ICML 2017): every shingle is hashed once and
// falls into one of k bins, each bin keeps its smallest value, and every
// empty bin copies the value of the first non-empty bin met along a probe
// sequence that depends only on the seed and the bin number. Because two
// sets walk the same probe sequences, position i of two signatures agrees
// with probability equal to the Jaccard similarity of the sets, exactly as
// with k independent permutations, at a cost of one hash per shingle plus
// the probes (see Signer for the cost). For sets far smaller than k, such
// as windows of a few dozen shingles, NewGroupedSigner bins shingles the
// same way but fills the many empty bins within groups of 8 bins, by table
// look-up, along fixed sequences; each position keeps the same collision
// probability.
//
// The values a Signer produces for a given kind (plain or grouped), k,
// seed and input are part of the on-disk format contract: signatures and
// indexes written by one build or machine are read and compared by
// another. They change only together with SignatureVersion and
// IndexVersion.
//
// # Banding and the index
//
// Bands picks how to cut a signature into b bands of r values so that the
// probability 1-(1-s^r)^b of becoming a candidate is low below a Jaccard
// threshold and high above it. An Index stores one 64-bit key per band per
// signature in two flat sorted arrays and answers single queries
// (AppendQuery) and the batch all-pairs question (AppendPairs). Candidates
// are only candidates: callers verify them exactly.
//
// The package depends on the standard library only.
package minhash
