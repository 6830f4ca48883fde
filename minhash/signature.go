package minhash

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"slices"
)

// MaxSize is the largest signature length a Signer, an Index or the
// encoding accepts.
const MaxSize = 4096

// EmptyValue fills every position of the signature of an empty set. No
// signature of a non-empty set contains it, so Similarity and Index can
// recognise empty sets and keep them from matching each other.
const EmptyValue = math.MaxUint32

// ErrInvalidSize is wrapped by errors for a signature length, band count or
// row count out of range.
var ErrInvalidSize = errors.New("minhash: invalid size")

// Signature is a MinHash sketch of a set: position i of the signatures of
// two sets holds equal values with probability equal to the sets' Jaccard
// similarity. Only signatures made by Signers with the same k and seed are
// comparable.
type Signature []uint32

// IsEmpty reports whether s is the signature of an empty set (or has no
// positions at all). A Signer fills either every position of a signature
// with EmptyValue or none, so looking at the first one is enough.
func (s Signature) IsEmpty() bool {
	return len(s) == 0 || s[0] == EmptyValue
}

// Similarity estimates the Jaccard similarity of the sets behind a and b as
// the fraction of positions where they agree. The Jaccard similarity of an
// empty set with any set, itself included, is taken to be 0 (there is
// nothing to share), so Similarity returns 0 when either signature IsEmpty.
// It panics if the lengths differ, which means the signatures came from
// different Signers and cannot be compared.
func Similarity(a, b Signature) float64 {
	if len(a) != len(b) {
		panic(fmt.Sprintf("minhash: Similarity of signatures of lengths %d and %d", len(a), len(b)))
	}
	if a.IsEmpty() || b.IsEmpty() {
		return 0
	}
	b = b[:len(a)]
	eq := 0
	for i, v := range a {
		if v == b[i] {
			eq++
		}
	}
	return float64(eq) / float64(len(a))
}

// probeLimit bounds the pseudo-random probes of one empty bin; past it the
// probe sequence goes on through the following bins in order, so that
// densification always ends. It is reached with negligible probability
// (below e^-256 for k ≤ MaxSize), but it is part of the sequence's
// definition all the same.
const probeLimit = 1 << 20

// Signer computes signatures of one length under one seed. It holds only
// data fixed at construction, so one Signer may be used by any number of
// goroutines at once.
//
// The signature of a set S of shingle hashes is defined as follows (this is
// the format contract). Two keys are drawn from the seed by SplitMix64: the
// first, a, whitens the shingles, the second, p, drives the probes. Each
// distinct x in S is hashed to h = mix64(x ^ a), where mix64 is the
// MurmurHash3 finaliser; its bin is (h>>32)·k>>32 and its value is the low
// 32 bits of h, lowered to EmptyValue-1 if equal to EmptyValue. Bin i keeps
// the smallest value that falls into it. An empty bin i takes the value of
// the first originally non-empty bin among probe(i, 0), probe(i, 1), ...,
// where probe(i, t) = (mix64(p ^ (i<<32 | t))>>32)·k>>32 for t below
// probeLimit, followed by bins i+1, i+2, ... modulo k. If S is empty every
// position is EmptyValue.
//
// Cost: one hash per shingle plus, for the empty bins, an expected
// k/n probes each when n of the k bins are filled, where n is about
// k(1-e^(-m/k)) for m distinct shingles. For m ≳ k that is O(m + k); for
// small sets it grows towards k²/m probes, which at the pipeline's sizes
// (k = 64, 10–30 shingles) is a few hundred table look-ups. The first
// probes of every bin are tabulated at construction, so most probes are a
// load and a bit test.
type Signer struct {
	k        int
	key      uint64   // whitens shingle hashes
	probeKey uint64   // drives the probe sequences
	depth    int      // tabulated probes per bin
	probes   []uint16 // probes[i*depth+t] = probe(i, t), for k > 64
	probes8  []uint8  // the same for k ≤ 64, at half the size
	// For a grouped signer (see NewGroupedSigner): donors[f<<3|i] is the
	// bin i of a group copies from a group whose filled bins are the bits
	// of f; ownDonors is the same but keeps a filled bin i in place; and
	// groupDonors[g<<8|m] is the group an empty group g borrows from when
	// the non-empty groups are the bits of m.
	donors, ownDonors, groupDonors []uint8
}

// groupSize is the number of bins of a group of a grouped signer: one
// byte of the filled-bin mask, so that a table indexed by it stays small.
const groupSize = 8

// NewGroupedSigner returns a Signer for small sets, such as windows of a
// few dozen shingles, with k values (k a multiple of 8, 8 ≤ k ≤ 64) under
// seed. It hashes and bins shingles exactly as NewSigner(k, seed) does but
// densifies in groups, which costs one table look-up per empty bin where
// the probes of NewSigner cost about k/n look-ups for n filled bins:
//
// Bins 8g to 8g+7 form group g. An empty bin 8g+i of a group with filled
// bins takes the value of the group's first filled bin among 8g+q(i, 0),
// 8g+q(i, 1), ..., where q(i, t) = (mix64(p ^ (i<<32 | t))>>32)·8>>32 for t
// below probeLimit, followed by 8g+(i+1 mod 8), 8g+(i+2 mod 8), ...; p is
// the probe key of NewSigner. A bin of an empty group g does the same in
// the first non-empty group among r(g, 0), r(g, 1), ..., where r(g, t) =
// (mix64(p ^ (1<<63 | g<<32 | t))>>32)·G>>32 for G = k/8 groups and t below
// probeLimit, followed by g+1, g+2, ... modulo G. Finally position s of the
// signature holds bin 8·(s mod G) + s div G, so that the consecutive
// positions an LSH band takes come from different groups.
//
// Every bin still follows a fixed sequence of bins that does not depend on
// the set, and takes the value of the first filled one, so each position
// agrees between two signatures with probability equal to the sets'
// Jaccard similarity, as with NewSigner: along the sequence, the first bin
// filled by either set holds the smallest value of their union there; the
// two positions agree when that element is in both sets, which happens
// with probability J since the elements are alike to the hash, and
// otherwise take different elements' values.
//
// The price is that empty bins copy bins of their own group, so positions
// of one group are more alike than NewSigner's; spreading each band over
// groups keeps that from the LSH.
func NewGroupedSigner(k int, seed uint64) (*Signer, error) {
	if k < groupSize || k > 64 || k%groupSize != 0 {
		return nil, fmt.Errorf("%w: a grouped signature has a multiple of %d values up to 64, not %d", ErrInvalidSize, groupSize, k)
	}
	s, err := NewSigner(k, seed)
	if err != nil {
		return nil, err
	}
	groups := k / groupSize
	s.donors = make([]uint8, groupSize<<8)
	s.ownDonors = make([]uint8, groupSize<<8)
	s.groupDonors = make([]uint8, groups<<8)
	for i := range groupSize {
		for f := 1; f < 1<<8; f++ {
			d := uint8(firstIn(uint64(f), groupSize, i, func(t uint64) uint64 {
				return mix64(s.probeKey ^ (uint64(i)<<32 | t))
			}))
			s.donors[f<<3|i] = d
			s.ownDonors[f<<3|i] = d
			if f>>i&1 != 0 {
				s.ownDonors[f<<3|i] = uint8(i)
			}
		}
	}
	for g := range groups {
		for m := 1; m < 1<<groups; m++ {
			s.groupDonors[g<<8|m] = uint8(firstIn(uint64(m), groups, g, func(t uint64) uint64 {
				return mix64(s.probeKey ^ (1<<63 | uint64(g)<<32 | t))
			}))
		}
	}
	return s, nil
}

// firstIn returns the first member of the non-empty set in (bits of [0, n))
// along the probe sequence of element i: reduce(probe(t), n) for t below
// probeLimit, then i+1, i+2, ... modulo n.
func firstIn(in uint64, n, i int, probe func(t uint64) uint64) int {
	for t := range uint64(probeLimit) {
		if j := reduce(probe(t), n); in>>j&1 != 0 {
			return j
		}
	}
	for j := (i + 1) % n; ; j = (j + 1) % n {
		if in>>j&1 != 0 {
			return j
		}
	}
}

// NewSigner returns a Signer of signatures with k values (1 ≤ k ≤ MaxSize)
// under seed. Its table of probes takes at most 128 KiB.
func NewSigner(k int, seed uint64) (*Signer, error) {
	if k < 1 || k > MaxSize {
		return nil, fmt.Errorf("%w: signature length %d is not in [1, %d]", ErrInvalidSize, k, MaxSize)
	}
	state := seed
	s := &Signer{k: k, key: splitmix64(&state), probeKey: splitmix64(&state)}
	// The first probes decide almost every empty bin; deeper ones are
	// computed on demand. 64K entries bound the table at 128 KiB.
	// Rows are probed eight at a time, so the depth is a multiple of 8.
	s.depth = min(max(65536/k, 8), 64) &^ 7
	if k <= 64 {
		s.probes8 = make([]uint8, k*s.depth)
		for i := range k {
			row := s.probes8[i*s.depth : (i+1)*s.depth]
			for t := range row {
				row[t] = uint8(s.probe(i, t))
			}
		}
	} else {
		s.probes = make([]uint16, k*s.depth)
		for i := range k {
			row := s.probes[i*s.depth : (i+1)*s.depth]
			for t := range row {
				row[t] = uint16(s.probe(i, t))
			}
		}
	}
	return s, nil
}

// Size returns the signature length k.
func (s *Signer) Size() int { return s.k }

// probe is the t-th bin an empty bin i looks at during densification.
func (s *Signer) probe(i, t int) int {
	return reduce(mix64(s.probeKey^(uint64(i)<<32|uint64(t))), s.k)
}

// AppendSignature appends the signature of the set of shingles to dst and
// returns the extended slice. Order and repetition of the shingles do not
// matter. It allocates nothing when dst has room for k more values.
func (s *Signer) AppendSignature(dst Signature, shingles []uint64) Signature {
	return s.appendSignature(dst, shingles, true)
}

// AppendHashed appends to dst the values the signer bins for shingles, in
// the same order: each shingle hashed under the signer's seed. A caller
// that signs many overlapping windows of one sequence of shingles hashes
// the sequence once and signs each window with AppendSignatureHashed.
func (s *Signer) AppendHashed(dst, shingles []uint64) []uint64 {
	n := len(dst)
	dst = slices.Grow(dst, len(shingles))[:n+len(shingles)]
	out := dst[n:]
	shingles = shingles[:len(out)]
	for i, x := range shingles {
		out[i] = s.Hash(x)
	}
	return dst
}

// Hash returns the value the signer bins for shingle x: AppendHashed's
// value for it.
func (s *Signer) Hash(x uint64) uint64 { return mix64(x ^ s.key) }

// AppendSignatureHashed is AppendSignature for shingles hashed by
// AppendHashed of the same Signer: AppendSignatureHashed(dst,
// s.AppendHashed(nil, shingles)) equals AppendSignature(dst, shingles).
func (s *Signer) AppendSignatureHashed(dst Signature, hashed []uint64) Signature {
	return s.appendSignature(dst, hashed, false)
}

// appendSignature is AppendSignature over vals, which are shingles to
// hash if hash is set, else hashed ones.
func (s *Signer) appendSignature(dst Signature, vals []uint64, hash bool) Signature {
	k := s.k
	n0 := len(dst)
	dst = slices.Grow(dst, k)[:n0+k]
	sig := dst[n0 : n0+k : n0+k]
	// filled marks the bins that received a shingle; densification must
	// copy only from those, never from a bin it has itself just filled.
	// Up to 64 bins it lives in a register: a bit set in memory would
	// chain every iteration to the previous one's store.
	if k <= 64 {
		var work [64]uint32
		filled := s.binSmall(&work, vals, hash)
		if s.groupDonors != nil {
			s.densifyGroups(sig, &work, filled)
			return dst
		}
		s.densifySmall(&work, filled)
		copy(sig, work[:k])
		return dst
	}
	for i := range sig {
		sig[i] = EmptyValue
	}
	var filled bitset
	key, kk := s.key, uint64(k)
	// Large signatures bin large sets, where the test of hash, always the
	// same, is a branch the processor predicts.
	for _, h := range vals {
		if hash {
			h = mix64(h ^ key)
		}
		b := (h >> 32) * kk >> 32
		sig[b] = min(sig[b], uint32(h), EmptyValue-1)
		filled[(b>>6)&(bitsetWords-1)] |= 1 << (b & 63)
	}
	s.densify(sig, &filled)
	return dst
}

// binSmall puts vals (shingles to hash if hash is set, else hashed ones)
// in the k ≤ 64 bins of work and returns the mask of the filled ones. The
// loop is written twice so that neither tests hash per value; a
// fixed-size work array lets b&63 prove every index in range.
func (s *Signer) binSmall(work *[64]uint32, vals []uint64, hash bool) (filled uint64) {
	*work = emptyRow
	key, kk := s.key, uint64(s.k)
	if hash {
		for _, x := range vals {
			h := mix64(x ^ key)
			b := (h >> 32) * kk >> 32 & 63
			work[b] = min(work[b], uint32(h), EmptyValue-1)
			filled |= 1 << b
		}
		return filled
	}
	for _, h := range vals {
		b := (h >> 32) * kk >> 32 & 63
		work[b] = min(work[b], uint32(h), EmptyValue-1)
		filled |= 1 << b
	}
	return filled
}

// densifyGroups writes the signature of a grouped signer from its bins.
func (s *Signer) densifyGroups(sig []uint32, work *[64]uint32, filled uint64) {
	groups := s.k / groupSize
	sig = sig[:groups*groupSize]
	if filled == 0 {
		copy(sig, work[:]) // the empty set: EmptyValue everywhere
		return
	}
	var nonEmpty uint64
	for g := range groups {
		if filled>>(g*groupSize)&0xff != 0 {
			nonEmpty |= 1 << g
		}
	}
	for g := range groups {
		f := int(filled >> (g * groupSize) & 0xff)
		from, table := g, s.ownDonors
		if f == 0 {
			from = int(s.groupDonors[g<<8|int(nonEmpty)])
			f = int(filled >> (from * groupSize) & 0xff)
			table = s.donors
		}
		src := (*[groupSize]uint32)(work[from*groupSize&63:])
		row := (*[groupSize]uint8)(table[f*groupSize:])
		if groups == 5 {
			// The pipeline's 40-value signature: the eight places of the
			// group are constants, and the row is read in one load.
			o := (*[36]uint32)(sig[g : g+36])
			r := binary.LittleEndian.Uint64(row[:])
			o[0], o[5], o[10], o[15] = src[r&7], src[r>>8&7], src[r>>16&7], src[r>>24&7]
			o[20], o[25], o[30], o[35] = src[r>>32&7], src[r>>40&7], src[r>>48&7], src[r>>56&7]
			continue
		}
		for i, j := range row {
			sig[i*groups+g] = src[j&(groupSize-1)]
		}
	}
}

// emptyRow initialises the work array of short signatures.
var emptyRow = [64]uint32{
	EmptyValue, EmptyValue, EmptyValue, EmptyValue, EmptyValue, EmptyValue, EmptyValue, EmptyValue,
	EmptyValue, EmptyValue, EmptyValue, EmptyValue, EmptyValue, EmptyValue, EmptyValue, EmptyValue,
	EmptyValue, EmptyValue, EmptyValue, EmptyValue, EmptyValue, EmptyValue, EmptyValue, EmptyValue,
	EmptyValue, EmptyValue, EmptyValue, EmptyValue, EmptyValue, EmptyValue, EmptyValue, EmptyValue,
	EmptyValue, EmptyValue, EmptyValue, EmptyValue, EmptyValue, EmptyValue, EmptyValue, EmptyValue,
	EmptyValue, EmptyValue, EmptyValue, EmptyValue, EmptyValue, EmptyValue, EmptyValue, EmptyValue,
	EmptyValue, EmptyValue, EmptyValue, EmptyValue, EmptyValue, EmptyValue, EmptyValue, EmptyValue,
	EmptyValue, EmptyValue, EmptyValue, EmptyValue, EmptyValue, EmptyValue, EmptyValue, EmptyValue,
}

const bitsetWords = MaxSize / 64

// bitset marks bins; bin j is bit j&63 of word j>>6.
type bitset [bitsetWords]uint64

func (f *bitset) has(j int) bool { return f[(j>>6)&(bitsetWords-1)]&(1<<(j&63)) != 0 }

// bit is has as a 0 or 1, to be combined without branches.
func (f *bitset) bit(j uint16) uint64 { return f[(j>>6)&(bitsetWords-1)] >> (j & 63) & 1 }

// fillSingle handles a set that filled exactly one bin: every probe
// sequence ends there, so every position takes its value.
func fillSingle(sig []uint32) {
	v := uint32(EmptyValue)
	for _, x := range sig {
		v = min(v, x)
	}
	for i := range sig {
		sig[i] = v
	}
}

// densifySmall is densify for k ≤ 64, with the filled bins in one word.
// Probes are tested eight at a time without branches, so that an empty
// bin costs about one well-predicted branch instead of a mispredicted one
// per probe.
func (s *Signer) densifySmall(sig *[64]uint32, filled uint64) {
	k := s.k
	switch bits.OnesCount64(filled) {
	case 0, k:
		return
	case 1:
		fillSingle(sig[:k])
		return
	}
	depth := s.depth
	probes := s.probes8
	empty := ^filled
	if k < 64 {
		empty &= 1<<k - 1
	}
	for empty != 0 {
		i := bits.TrailingZeros64(empty)
		empty &= empty - 1
		row := probes[i*depth : (i+1)*depth]
		donor := -1
		for len(row) >= 8 {
			p := (*[8]uint8)(row)
			hit := filled>>(p[0]&63)&1 |
				filled>>(p[1]&63)&1<<1 |
				filled>>(p[2]&63)&1<<2 |
				filled>>(p[3]&63)&1<<3 |
				filled>>(p[4]&63)&1<<4 |
				filled>>(p[5]&63)&1<<5 |
				filled>>(p[6]&63)&1<<6 |
				filled>>(p[7]&63)&1<<7
			if hit != 0 {
				donor = int(p[bits.TrailingZeros64(hit)&7])
				break
			}
			row = row[8:]
		}
		if donor < 0 {
			donor = s.deepProbe(i, &bitset{filled})
		}
		sig[i&63] = sig[donor&63]
	}
}

// densify fills the empty bins of sig; filled marks the non-empty ones.
func (s *Signer) densify(sig []uint32, filled *bitset) {
	k := len(sig)
	words := (k + 63) / 64
	n := 0
	for _, w := range filled[:words] {
		n += bits.OnesCount64(w)
	}
	switch n {
	case 0, k:
		return
	case 1:
		fillSingle(sig)
		return
	}
	depth := s.depth
	probes := s.probes
	for w := range words {
		empty := ^filled[w]
		if rest := k - 64*w; rest < 64 {
			empty &= 1<<rest - 1
		}
		for empty != 0 {
			i := 64*w + bits.TrailingZeros64(empty)
			empty &= empty - 1
			row := probes[i*depth : (i+1)*depth]
			donor := -1
			for len(row) >= 8 {
				p := (*[8]uint16)(row)
				hit := filled.bit(p[0]) | filled.bit(p[1])<<1 | filled.bit(p[2])<<2 |
					filled.bit(p[3])<<3 | filled.bit(p[4])<<4 | filled.bit(p[5])<<5 |
					filled.bit(p[6])<<6 | filled.bit(p[7])<<7
				if hit != 0 {
					donor = int(p[bits.TrailingZeros64(hit)&7])
					break
				}
				row = row[8:]
			}
			if donor < 0 {
				donor = s.deepProbe(i, filled)
			}
			sig[i] = sig[donor]
		}
	}
}

// deepProbe continues the probe sequence of bin i past the table.
func (s *Signer) deepProbe(i int, filled *bitset) int {
	for t := s.depth; t < probeLimit; t++ {
		if j := s.probe(i, t); filled.has(j) {
			return j
		}
	}
	for j := (i + 1) % s.k; ; j = (j + 1) % s.k {
		if filled.has(j) {
			return j
		}
	}
}
